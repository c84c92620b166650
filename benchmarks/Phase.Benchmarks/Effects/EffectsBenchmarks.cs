using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using Phase.Benchmarks.Iterative;
using Phase.Benchmarks.Stft;
using Phase.Effects;

namespace Phase.Benchmarks.Effects;

/// <summary>
/// Offline time-stretch and pitch-shift of 10 s of speech (22050 Hz, Hann 1024) on one thread, both phase vocoders, and
/// one streaming voice-changer block (480 samples in and out, −3 semitones: must show 0 B allocated). Goal (issue 14):
/// ≥ 200× real time offline. "× real time" is the input's duration divided by the median.
/// </summary>
[Config(typeof(Config))]
public class EffectsBenchmarks
{
    private const int Block = 480;

    private float[] _speech = null!;
    private TimeStretch _stretch = null!;
    private PitchShift _pitch = null!;
    private StreamingPitchShifter _voice = null!;
    private float[] _stretched = null!;
    private float[] _shifted = null!;
    private float[] _block = null!;
    private int _offset;

    [Params(PhaseVocoderMethod.Pvdr, PhaseVocoderMethod.Pv)]
    public PhaseVocoderMethod Method { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _speech = SpeechClip.TenSeconds();
        _stretch = new TimeStretch(1.25, Method);
        _pitch = new PitchShift(-3, Method);
        _voice = _pitch.CreateStreaming();
        _stretched = new float[_stretch.OutputLength(_speech.Length)];
        _shifted = new float[_speech.Length];
        _block = new float[Block];
    }

    [Benchmark(Baseline = true, Description = "stretch 1.25, 10 s offline")]
    public void Stretch() => _stretch.Process(_speech, _stretched);

    [Benchmark(Description = "pitch −3 semitones, 10 s offline")]
    public void Pitch() => _pitch.Process(_speech, _shifted);

    [Benchmark(Description = "pitch −3 streaming, one 480-sample block")]
    public void PitchBlock()
    {
        _voice.Process(_speech.AsSpan(_offset, Block), _block);
        _offset = (_offset + Block) % (_speech.Length - Block);
    }

    private sealed class Config : ManualConfig
    {
        public Config() => AddColumn(new RealTimeFactorColumn(name => name == nameof(PitchBlock) ? (double)Block / SpeechClip.SampleRate : SpeechClip.Seconds));
    }
}
