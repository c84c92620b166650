using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using Phase.Benchmarks.Iterative;
using Phase.Benchmarks.Stft;
using Phase.Mel;
using Phase.Stft;

namespace Phase.Benchmarks.Mel;

/// <summary>
/// Mel → linear by NNLS (<see cref="MelInverter.Invert"/>) on 10 s of speech at 22050 Hz (862 frames, FFT 1024, hop
/// 256): the 80-band power mel as librosa computes it (Slaney scale and norm, 0 … 11025 Hz) and HiFi-GAN's 80-band
/// amplitude mel (0 … 8000 Hz), with the default stopping rules, one thread. "× real time" is 10 s divided by the median.
/// </summary>
[Config(typeof(Config))]
public class MelInverterBenchmarks
{
    private MelInverter _librosa = null!;
    private MelInverter _hifigan = null!;
    private float[] _powerMel = null!;
    private float[] _amplitudeMel = null!;
    private float[] _destination = null!;
    private int _frames;

    [GlobalSetup]
    public void Setup()
    {
        var settings = new StftSettings(1024, 256, sampleRate: SpeechClip.SampleRate);
        MagnitudeSpectrogram magnitudes = settings.StftMagnitude(SpeechClip.TenSeconds());
        _frames = magnitudes.FrameCount;
        var librosaBank = MelFilterBank.For(settings, 80);
        var hifiganBank = MelFilterBank.For(settings, 80, maxFrequency: 8000);
        _powerMel = librosaBank.Apply(magnitudes, MelSpectrumKind.Power);
        _amplitudeMel = hifiganBank.Apply(magnitudes, MelSpectrumKind.Amplitude);
        _librosa = new MelInverter(librosaBank);
        _hifigan = new MelInverter(hifiganBank);
        _destination = new float[_frames * settings.BinCount];
    }

    [Benchmark(Baseline = true, Description = "librosa power mel 80, 10 s")]
    public double LibrosaPowerMel() => _librosa.Invert(_powerMel, _frames, _destination).MeanRelativeResidual;

    [Benchmark(Description = "HiFi-GAN amplitude mel 80 (8 kHz), 10 s")]
    public double HifiganAmplitudeMel() => _hifigan.Invert(_amplitudeMel, _frames, _destination).MeanRelativeResidual;

    private sealed class Config : ManualConfig
    {
        public Config() => AddColumn(new RealTimeFactorColumn(_ => SpeechClip.Seconds));
    }
}
