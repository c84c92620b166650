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
    private const int Block = 32; // StftPlan's block of frames for N = 1024

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
        _frames = new float[Block * settings.FftSize];
        for (int i = 0; i < _frames.Length; i++)
        {
            _frames[i] = _signal[i];
        }
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

    /// <summary>The FFT work of the round trip alone, with the plan's memory pattern: F forward transforms in blocks of
    /// 32 frames from a block buffer into the full spectrogram planes, then F inverse transforms back into the block buffer.</summary>
    [Benchmark(Description = "FFT only: F forward + F inverse")]
    public void FftOnly()
    {
        int n = 1024, bins = 513;
        for (int n0 = 0; n0 < _frameCount; n0 += Block)
        {
            int count = Math.Min(Block, _frameCount - n0);
            _fft.ForwardBatch(_frames.AsSpan(0, count * n), _real.AsSpan(n0 * bins, count * bins), _imag.AsSpan(n0 * bins, count * bins), count);
        }

        for (int n0 = 0; n0 < _frameCount; n0 += Block)
        {
            int count = Math.Min(Block, _frameCount - n0);
            _fft.InverseBatch(_real.AsSpan(n0 * bins, count * bins), _imag.AsSpan(n0 * bins, count * bins), _frames.AsSpan(0, count * n), count);
        }
    }

    private sealed class Config : ManualConfig
    {
        public Config() => AddColumn(new RealTimeFactorColumn(_ => Seconds));
    }
}
