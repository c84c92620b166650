using BenchmarkDotNet.Attributes;
using Phase.Fourier;

namespace Phase.Benchmarks.Fourier;

/// <summary>
/// Forward and inverse real FFTs of 64 frames, reported per frame (OperationsPerInvoke = 64): Phase's
/// ForwardBatch/InverseBatch against calling Forward/Inverse frame by frame, and FFTW's own batched plan
/// (fftwf_plan_many_dft_r2c, FFTW_MEASURE; interleaved complex output; the baseline).
/// </summary>
[Config(typeof(FftwConfig))]
public unsafe class RealFftBatchBenchmarks
{
    private const int Frames = 64;
    private RealFft _phase = null!;
    private float[] _x = [];
    private float[] _re = [];
    private float[] _im = [];
    private float[] _y = [];
    private float* _fftwIn;
    private float* _fftwOut;
    private nint _fftwPlan;

    [Params(256, 512, 1024, 2048, 4096, 960, 1000)]
    public int N { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var rng = new Random(1234);
        _x = new float[N * Frames];
        for (int i = 0; i < _x.Length; i++)
        {
            _x[i] = (float)((2 * rng.NextDouble()) - 1);
        }

        _phase = new RealFft(N);
        _re = new float[_phase.BinCount * Frames];
        _im = new float[_phase.BinCount * Frames];
        _y = new float[N * Frames];
        _phase.ForwardBatch(_x, _re, _im, Frames);
        if (Fftw.IsAvailable)
        {
            _fftwIn = Fftw.Malloc(N * Frames);
            _fftwOut = Fftw.Malloc(2 * _phase.BinCount * Frames);
            _fftwPlan = Fftw.PlanManyR2C(N, Frames, _fftwIn, _fftwOut, Fftw.Measure);
            _x.CopyTo(new Span<float>(_fftwIn, _x.Length));
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

    [Benchmark(Baseline = true, OperationsPerInvoke = Frames, Description = "FFTW r2c many")]
    public void FftwForwardMany() => Fftw.Execute(_fftwPlan);

    [Benchmark(OperationsPerInvoke = Frames, Description = "Phase ForwardBatch")]
    public void PhaseForwardBatch() => _phase.ForwardBatch(_x, _re, _im, Frames);

    [Benchmark(OperationsPerInvoke = Frames, Description = "Phase Forward loop")]
    public void PhaseForwardLoop()
    {
        int n = N, k = _phase.BinCount;
        for (int f = 0; f < Frames; f++)
        {
            _phase.Forward(_x.AsSpan(f * n, n), _re.AsSpan(f * k, k), _im.AsSpan(f * k, k));
        }
    }

    [Benchmark(OperationsPerInvoke = Frames, Description = "Phase InverseBatch")]
    public void PhaseInverseBatch() => _phase.InverseBatch(_re, _im, _y, Frames);

    [Benchmark(OperationsPerInvoke = Frames, Description = "Phase Inverse loop")]
    public void PhaseInverseLoop()
    {
        int n = N, k = _phase.BinCount;
        for (int f = 0; f < Frames; f++)
        {
            _phase.Inverse(_re.AsSpan(f * k, k), _im.AsSpan(f * k, k), _y.AsSpan(f * n, n));
        }
    }
}
