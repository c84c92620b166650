using BenchmarkDotNet.Attributes;
using MathNet.Numerics.IntegralTransforms;
using Phase.Fourier;

namespace Phase.Benchmarks.Fourier;

/// <summary>
/// One forward real FFT of N samples, single thread: Phase (split real/imaginary output planes) against FFTW 3.3
/// (libfftw3f via P/Invoke, FFTW_MEASURE plan, fftwf_malloc-aligned buffers, interleaved complex output; the
/// baseline) and MathNet.Numerics 5 (<c>Fourier.ForwardReal</c>, in place on a packed float array, so each call first
/// copies the N input samples — about 1 % of its time).
/// </summary>
[Config(typeof(FftwConfig))]
public unsafe class RealFftForwardBenchmarks
{
    private RealFft _phase = null!;
    private float[] _x = [];
    private float[] _re = [];
    private float[] _im = [];
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
        _x = new float[N];
        for (int i = 0; i < N; i++)
        {
            _x[i] = (float)((2 * rng.NextDouble()) - 1);
        }

        _phase = new RealFft(N);
        _re = new float[_phase.BinCount];
        _im = new float[_phase.BinCount];
        _mathNet = new float[N + 2];
        if (Fftw.IsAvailable)
        {
            _fftwIn = Fftw.Malloc(N);
            _fftwOut = Fftw.Malloc(2 * _phase.BinCount);
            _fftwPlan = Fftw.PlanR2C(N, _fftwIn, _fftwOut, Fftw.Measure); // planning may overwrite the buffers
            _x.CopyTo(new Span<float>(_fftwIn, N));
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

    [Benchmark(Baseline = true, Description = "FFTW r2c")]
    public void FftwForward() => Fftw.Execute(_fftwPlan);

    [Benchmark(Description = "Phase Forward")]
    public void PhaseForward() => _phase.Forward(_x, _re, _im);

    [Benchmark(Description = "MathNet ForwardReal")]
    public void MathNetForward()
    {
        _x.CopyTo(_mathNet, 0);
        MathNet.Numerics.IntegralTransforms.Fourier.ForwardReal(_mathNet, N, FourierOptions.NoScaling);
    }
}
