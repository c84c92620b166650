using BenchmarkDotNet.Attributes;
using MathNet.Numerics.IntegralTransforms;
using Phase.Fourier;

namespace Phase.Benchmarks.Fourier;

/// <summary>
/// One inverse real FFT of N samples, single thread. FFTW's c2r plan destroys its input (its fastest mode; with
/// FFTW_PRESERVE_INPUT it is slower), so each FFTW call first copies the N/2+1 complex bins back into its input
/// buffer, as a caller who keeps the spectrum must; MathNet's in-place InverseReal likewise copies first. Phase's
/// Inverse leaves its input untouched. Phase and MathNet scale by 1/N, FFTW does not.
/// </summary>
[Config(typeof(FftwConfig))]
public unsafe class RealFftInverseBenchmarks
{
    private RealFft _phase = null!;
    private float[] _re = [];
    private float[] _im = [];
    private float[] _y = [];
    private float[] _packed = [];
    private float[] _mathNet = [];
    private float* _fftwIn;
    private float* _fftwOut;
    private nint _fftwPlan;

    [Params(256, 512, 1024, 2048, 4096, 960, 1000)]
    public int N { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var rng = new Random(1234);
        var x = new float[N];
        for (int i = 0; i < N; i++)
        {
            x[i] = (float)((2 * rng.NextDouble()) - 1);
        }

        _phase = new RealFft(N);
        _re = new float[_phase.BinCount];
        _im = new float[_phase.BinCount];
        _y = new float[N];
        _phase.Forward(x, _re, _im);

        // Interleaved (re, im) pairs: FFTW's complex layout, and MathNet's packed real layout.
        _packed = new float[2 * _phase.BinCount];
        for (int k = 0; k < _phase.BinCount; k++)
        {
            _packed[2 * k] = _re[k];
            _packed[(2 * k) + 1] = _im[k];
        }

        _mathNet = new float[N + 2];
        if (Fftw.IsAvailable)
        {
            _fftwIn = Fftw.Malloc(2 * _phase.BinCount);
            _fftwOut = Fftw.Malloc(N);
            _fftwPlan = Fftw.PlanC2R(N, _fftwIn, _fftwOut, Fftw.Measure | Fftw.DestroyInput);
        }
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        Fftw.DestroyPlan(_fftwPlan);
        Fftw.Free(_fftwIn);
        Fftw.Free(_fftwOut);
        _fftwPlan = 0;
        _fftwIn = _fftwOut = null;
    }

    [Benchmark(Baseline = true, Description = "FFTW c2r (+copy)")]
    public void FftwInverse()
    {
        _packed.CopyTo(new Span<float>(_fftwIn, _packed.Length));
        Fftw.Execute(_fftwPlan);
    }

    [Benchmark(Description = "Phase Inverse")]
    public void PhaseInverse() => _phase.Inverse(_re, _im, _y);

    [Benchmark(Description = "MathNet InverseReal (+copy)")]
    public void MathNetInverse()
    {
        _packed.CopyTo(_mathNet, 0);
        MathNet.Numerics.IntegralTransforms.Fourier.InverseReal(_mathNet, N, FourierOptions.AsymmetricScaling);
    }
}
