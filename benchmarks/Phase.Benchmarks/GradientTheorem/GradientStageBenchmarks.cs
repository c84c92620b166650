using BenchmarkDotNet.Attributes;
using Phase.Benchmarks.Iterative;
using Phase.GradientTheorem;
using Phase.Solvers;
using Phase.Spectral;
using Phase.Stft;

namespace Phase.Benchmarks.GradientTheorem;

/// <summary>
/// The stages of one streaming gradient-theorem frame at 22050 Hz, Hann 1024, hop 256 (K = 513), on a speech frame:
/// synthesis (polar → complex and the streaming inverse STFT), the two-column heap integration (RTPGHI's phase, gtls's
/// prediction) and the tridiagonal least-squares solve of gtls. Shows where the per-frame time of
/// <see cref="StreamingGradientBenchmarks"/> goes.
/// </summary>
public class GradientStageBenchmarks
{
    private StreamingStftSynthesizer _synthesizer = null!;
    private ColumnIntegrator _integrator = null!;
    private PartitionedTridiagonalSolver<float> _solver = null!;
    private float[] _magnitudes = null!;
    private float[] _previousMagnitudes = null!;
    private float[] _previousPhase = null!;
    private float[] _advance = null!;
    private float[] _step = null!;
    private float[] _phase = null!;
    private float[] _real = null!;
    private float[] _imag = null!;
    private float[] _output = null!;
    private float[] _diagonal = null!;
    private float[] _offDiagonal = null!;
    private float[] _rhs = null!;
    private float[] _solution = null!;
    private float _threshold;

    [GlobalSetup]
    public void Setup()
    {
        var settings = new StftSettings(1024, 256, sampleRate: SpeechClip.SampleRate);
        int bins = settings.BinCount;
        MagnitudeSpectrogram target = settings.StftMagnitude(SpeechClip.TenSeconds());
        _magnitudes = target.Frame(101).ToArray();
        _previousMagnitudes = target.Frame(100).ToArray();
        PhaseDerivatives d = PhaseDerivatives.Estimate(target, AnalyticPhaseGradients.Centered, settings);
        var nominal = new float[bins];
        PhaseGradients.NominalAdvance(settings, nominal);
        _advance = new float[bins];
        System.Numerics.Tensors.TensorPrimitives.Add(nominal, d.AdvanceDeviationFrame(101), _advance);
        _step = d.FrequencyStepFrame(101).ToArray();
        var random = new Random(1);
        _previousPhase = Enumerable.Range(0, bins).Select(_ => (float)((random.NextDouble() * 2 * Math.PI) - Math.PI)).ToArray();
        _phase = new float[bins];
        _real = new float[bins];
        _imag = new float[bins];
        _output = new float[settings.Hop];
        _threshold = 1e-5f * Math.Max(_magnitudes.Max(), _previousMagnitudes.Max());
        _synthesizer = new StreamingStftSynthesizer(settings);
        _integrator = new ColumnIntegrator(bins, lastBinReal: true);
        _solver = new PartitionedTridiagonalSolver<float>(bins);

        // A gtls system of this frame: weights (ŝ_{n−1}ŝ_n)³ and (ŝ_k ŝ_{k+1})³, random residuals.
        float max = Math.Max(_magnitudes.Max(), _previousMagnitudes.Max());
        var alpha = new float[bins];
        var beta = new float[bins - 1];
        for (int k = 0; k < bins; k++)
        {
            alpha[k] = MathF.Pow(Math.Max(_magnitudes[k] * _previousMagnitudes[k] / (max * max), 1e-12f), 3);
            if (k < bins - 1)
            {
                beta[k] = MathF.Pow(Math.Max(_magnitudes[k] * _magnitudes[k + 1] / (max * max), 1e-12f), 3);
            }
        }

        float[] rt = [.. Enumerable.Range(0, bins).Select(_ => (float)(random.NextDouble() - 0.5))];
        float[] rf = [.. Enumerable.Range(0, bins - 1).Select(_ => (float)(random.NextDouble() - 0.5))];
        _diagonal = new float[bins];
        _offDiagonal = new float[bins - 1];
        _rhs = new float[bins];
        _solution = new float[bins];
        ChainLeastSquares.Assemble<float>(alpha, beta, rt, rf, _diagonal, _offDiagonal, _rhs);
    }

    [Benchmark(Description = "synthesis: polar → complex + streaming ISTFT")]
    public void Synthesis()
    {
        SpectralOps.PolarToComplex(_magnitudes, _previousPhase, _real, _imag);
        _synthesizer.Process(_real, _imag, _output);
    }

    [Benchmark(Description = "two-column heap integration (sweeps)")]
    public int Integrate() => _integrator.Integrate(_previousPhase, _previousMagnitudes, true, _magnitudes, _advance, _step, _threshold, _phase);

    [Benchmark(Description = "tridiagonal LS solve, K = 513")]
    public TridiagonalStatus Solve() => _solver.TrySolveSymmetric(_diagonal, _offDiagonal, _rhs, _solution, TridiagonalRegularization.Relative(1e-5));
}
