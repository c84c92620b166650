using BenchmarkDotNet.Attributes;
using Phase.Fourier;

namespace Phase.Benchmarks.Fourier;

/// <summary>
/// The same forward real FFT with kernels limited to 16-, 8-, 4- or 1-float vectors (AVX-512, AVX2, SSE, scalar),
/// to check which width is fastest on the machine at hand (clamped to what it supports).
/// </summary>
public class RealFftWidthBenchmarks
{
    private RealFft _fft = null!;
    private float[] _x = [];
    private float[] _re = [];
    private float[] _im = [];

    [Params(512, 1024, 2048, 960)]
    public int N { get; set; }

    [Params(16, 8, 4, 1)]
    public int Width { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var rng = new Random(1234);
        _x = new float[N];
        for (int i = 0; i < N; i++)
        {
            _x[i] = (float)((2 * rng.NextDouble()) - 1);
        }

        _fft = new RealFft(N, Width);
        _re = new float[_fft.BinCount];
        _im = new float[_fft.BinCount];
    }

    [Benchmark]
    public void Forward() => _fft.Forward(_x, _re, _im);
}
