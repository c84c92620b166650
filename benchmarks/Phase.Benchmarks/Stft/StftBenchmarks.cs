using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using Phase.Fourier;
using Phase.Stft;

namespace Phase.Benchmarks.Stft;

/// <summary>
/// Offline STFT and STFT→ISTFT of 10 s at 22050 Hz with a 1024-sample Hann window and hop 256 (862 frames), plus the
/// bare batched FFTs over the same frames, so the STFT's own overhead (framing, windowing, overlap-add, normalisation)
/// can be read off as the difference.
/// </summary>
[Config(typeof(Config))]
public class StftBenchmarks
{
    private const int SampleRate = 22050;
    private const double Seconds = 10;

    private StftPlan _plan = null!;
    private RealFft _fft = null!;
    private float[] _signal = null!;
    private float[] _output = null!;
    private float[] _real = null!;
    private float[] _imag = null!;
    private float[] _magnitudes = null!;
    private float[] _frames = null!;
    private int _frameCount;

    [GlobalSetup]
    public void Setup()
    {
        var settings = new StftSettings(1024, 256, sampleRate: SampleRate);
        _plan = new StftPlan(settings);
        _fft = new RealFft(settings.FftSize);
        int length = (int)(Seconds * SampleRate);
        var rng = new Random(42);
        _signal = new float[length];
        for (int i = 0; i < length; i++)
        {
            _signal[i] = (float)(0.5 * Math.Sin(2 * Math.PI * 220 * i / SampleRate) + 0.1 * (2 * rng.NextDouble() - 1));
        }

        _output = new float[length];
        _frameCount = settings.FrameCount(length);
        _real = new float[_frameCount * settings.BinCount];
        _imag = new float[_frameCount * settings.BinCount];
        _magnitudes = new float[_frameCount * settings.BinCount];
        _frames = new float[_frameCount * settings.FftSize];
        _plan.Forward(_signal, _real, _imag);
    }

    [GlobalCleanup]
    public void Cleanup() => _plan.Dispose();

    [Benchmark(Description = "STFT 10 s")]
    public void Stft() => _plan.Forward(_signal, _real, _imag);

    [Benchmark(Description = "|STFT| 10 s")]
    public void StftMagnitude() => _plan.ForwardMagnitude(_signal, _magnitudes);

    [Benchmark(Description = "ISTFT 10 s")]
    public void Istft() => _plan.Inverse(_real, _imag, _output);

    [Benchmark(Baseline = true, Description = "STFT→ISTFT 10 s")]
    public void RoundTrip()
    {
        _plan.Forward(_signal, _real, _imag);
        _plan.Inverse(_real, _imag, _output);
    }

    [Benchmark(Description = "FFT only: F forward + F inverse")]
    public void FftOnly()
    {
        _fft.ForwardBatch(_frames, _real, _imag, _frameCount);
        _fft.InverseBatch(_real, _imag, _frames, _frameCount);
    }

    private sealed class Config : ManualConfig
    {
        public Config() => AddColumn(new RealTimeFactorColumn(_ => Seconds));
    }
}
