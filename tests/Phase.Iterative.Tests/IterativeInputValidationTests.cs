using Phase.Iterative;
using Phase.Stft;
using Phase.Testing;

namespace Phase.Tests.Iterative;

/// <summary>Bad input and bad parameters are rejected with ArgumentException-family errors that name the parameter and
/// say what is allowed.</summary>
public class IterativeInputValidationTests
{
    private static readonly StftSettings Settings = TestAudio.Small;

    private static MagnitudeSpectrogram Target() => Settings.StftMagnitude(Signals.Noise(2048, seed: 3));

    public static IEnumerable<object[]> Reconstructors() =>
    [
        [new GriffinLim(Settings) { Iterations = 2 }],
        [new FastGriffinLim(Settings) { Iterations = 2 }],
        [new RtisiLa(Settings)],
        [new Spsi(Settings)],
    ];

    [Theory]
    [MemberData(nameof(Reconstructors))]
    public void Invalid_magnitudes_are_rejected_with_the_frame_and_bin(IPhaseReconstructor method)
    {
        foreach ((float value, string word) in new[] { (float.NaN, "NaN"), (-1f, "negative"), (float.PositiveInfinity, "infinite") })
        {
            MagnitudeSpectrogram bad = Target();
            bad[3, 17] = value;
            var e = Assert.Throws<ArgumentException>(() => method.Reconstruct(bad));
            Assert.Equal("magnitudes", e.ParamName);
            Assert.Contains("frame 3, bin 17", e.Message, StringComparison.Ordinal);
            Assert.Contains(word, e.Message, StringComparison.Ordinal);
        }

        var wrongBins = new MagnitudeSpectrogram(10, 513);
        var mismatch = Assert.Throws<ArgumentException>(() => method.Reconstruct(wrongBins));
        Assert.Contains("513 bins", mismatch.Message, StringComparison.Ordinal);
        Assert.Contains("129", mismatch.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentNullException>(() => method.Reconstruct(null!));
        Assert.Throws<ArgumentOutOfRangeException>(() => method.Reconstruct(Target(), new ReconstructionOptions { SignalLength = 0 }));
    }

    [Fact]
    public void A_spectrogram_without_frames_cannot_be_made()
    {
        // Zero frames never reach a reconstructor: the spectrogram types reject them.
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => new MagnitudeSpectrogram(0, Settings.BinCount));
        Assert.Equal("frameCount", e.ParamName);
        Assert.ThrowsAny<ArgumentException>(() => new MagnitudeSpectrogram([], 0, Settings.BinCount));
    }

    [Fact]
    public void Single_frame_spectrograms_reconstruct()
    {
        var one = new MagnitudeSpectrogram(1, Settings.BinCount);
        one.Values.Fill(1f);
        foreach (object[] m in Reconstructors())
        {
            float[] y = ((IPhaseReconstructor)m[0]).Reconstruct(one).Signal;
            Assert.Single(y);
            Assert.True(float.IsFinite(y[0]));
        }
    }

    [Fact]
    public void Bad_parameters_are_rejected()
    {
        Assert.Equal("Iterations", Assert.Throws<ArgumentOutOfRangeException>(() => new GriffinLim(Settings) { Iterations = -1 }).ParamName);
        Assert.Equal("Iterations", Assert.Throws<ArgumentOutOfRangeException>(() => new FastGriffinLim(Settings) { Iterations = -1 }).ParamName);
        foreach (double alpha in new[] { -0.1, 2.0, double.NaN, double.PositiveInfinity })
        {
            var e = Assert.Throws<ArgumentOutOfRangeException>(() => new FastGriffinLim(Settings) { Alpha = alpha });
            Assert.Equal("Alpha", e.ParamName);
            Assert.Contains("[0, 2)", e.Message, StringComparison.Ordinal);
        }

        Assert.Throws<ArgumentOutOfRangeException>(() => new FastGriffinLim(Settings) { TargetSpectralConvergenceDb = double.NaN });
        Assert.Throws<ArgumentNullException>(() => new FastGriffinLim(Settings) { Initialization = null! });
        Assert.Throws<ArgumentNullException>(() => new FastGriffinLim(null!));
        Assert.Equal("LookaheadFrames", Assert.Throws<ArgumentOutOfRangeException>(() => new RtisiLa(Settings) { LookaheadFrames = -1 }).ParamName);
        Assert.Throws<ArgumentOutOfRangeException>(() => new RtisiLa(Settings) { LookaheadFrames = RtisiLa.MaxLookaheadFrames + 1 });
        Assert.Equal("IterationsPerFrame", Assert.Throws<ArgumentOutOfRangeException>(() => new RtisiLa(Settings) { IterationsPerFrame = 0 }).ParamName);
        Assert.Throws<ArgumentOutOfRangeException>(() => new RtisiLa(Settings) { IterationsPerFrame = RtisiLa.MaxIterationsPerFrame + 1 });
        Assert.Throws<ArgumentOutOfRangeException>(() => new RtisiLaStreamingReconstructor(Settings, lookaheadFrames: -2));
        foreach (double alpha in new[] { -0.1, 1.0, double.NaN, double.PositiveInfinity })
        {
            var e = Assert.Throws<ArgumentOutOfRangeException>(() => new RtisiLa(Settings) { Alpha = alpha });
            Assert.Equal("Alpha", e.ParamName);
            Assert.Contains("[0, 1)", e.Message, StringComparison.Ordinal);
            Assert.Equal("alpha", Assert.Throws<ArgumentOutOfRangeException>(() => new RtisiLaStreamingReconstructor(Settings, alpha: alpha)).ParamName);
        }
    }

    [Fact]
    public void An_observer_setting_an_invalid_alpha_is_rejected()
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => new FastGriffinLim(Settings) { Iterations = 5 }
            .Reconstruct(Target(), new ReconstructionOptions { Observer = s => s.Alpha = 3 }));
        Assert.Contains("[0, 2)", e.Message, StringComparison.Ordinal);
        using GriffinLimPlan plan = new FastGriffinLim(Settings).CreatePlan();
        Assert.Throws<ArgumentOutOfRangeException>(() => plan.Alpha = -1);
    }

    [Fact]
    public void Bad_initial_phases_and_spectrograms_are_rejected()
    {
        MagnitudeSpectrogram target = Target();
        var fgla = new FastGriffinLim(Settings) { Iterations = 1 };
        int values = target.Values.Length;

        var shortPhase = Assert.Throws<ArgumentException>(() => fgla.Reconstruct(target, PhaseInitialization.FromPhase(new float[values - 1])));
        Assert.Contains($"{values - 1} values", shortPhase.Message, StringComparison.Ordinal);

        float[] nanPhase = new float[values];
        nanPhase[values - 2] = float.NaN;
        var nan = Assert.Throws<ArgumentException>(() => fgla.Reconstruct(target, PhaseInitialization.FromPhase(nanPhase)));
        Assert.Contains("must be finite", nan.Message, StringComparison.Ordinal);

        var wrongShape = new ComplexSpectrogram(target.FrameCount + 1, target.BinCount);
        Assert.Throws<ArgumentException>(() => fgla.Reconstruct(target, PhaseInitialization.FromSpectrogram(wrongShape)));
        var infinite = new ComplexSpectrogram(target.FrameCount, target.BinCount);
        infinite.Real[5] = float.PositiveInfinity;
        Assert.Throws<ArgumentException>(() => fgla.Reconstruct(target, PhaseInitialization.FromSpectrogram(infinite)));
        Assert.Throws<ArgumentException>(() => PhaseInitialization.FromSpectrogram(new ComplexSpectrogram(2, 3), new ComplexSpectrogram(3, 3)));
        Assert.Throws<ArgumentNullException>(() => PhaseInitialization.FromPhase(null!));
        Assert.Throws<ArgumentNullException>(() => PhaseInitialization.From(null!));
    }

    [Fact]
    public void Plans_enforce_their_life_cycle()
    {
        GriffinLimPlan plan = new FastGriffinLim(Settings).CreatePlan();
        Assert.Throws<InvalidOperationException>(() => plan.Iterate(1));
        Assert.Throws<InvalidOperationException>(() => plan.GetSignal());
        plan.Start(Target());
        Assert.Throws<ArgumentOutOfRangeException>(() => plan.Iterate(-1));
        Assert.Throws<ArgumentOutOfRangeException>(() => plan.Iterate(1, double.NaN));
        Assert.Throws<ArgumentException>(() => plan.WriteSignal(new float[plan.SignalLength + 1]));
        plan.Dispose();
        Assert.Throws<ObjectDisposedException>(() => plan.Iterate(1));
        Assert.Throws<ObjectDisposedException>(() => plan.Start(Target()));

        using GriffinLimPlan gla = new GriffinLim(Settings).CreatePlan();
        gla.Start(Target());
        Assert.Throws<InvalidOperationException>(() => gla.GetPreviousSpectrogram());
    }

    [Fact]
    public void Streaming_calls_reject_bad_frames_and_buffers()
    {
        using IStreamingPhaseReconstructor rtisi = new RtisiLa(Settings).CreateStreaming();
        using IStreamingPhaseReconstructor spsi = new Spsi(Settings).CreateStreaming();
        foreach (IStreamingPhaseReconstructor r in new[] { rtisi, spsi })
        {
            var frame = new float[Settings.BinCount];
            var hop = new float[Settings.Hop];
            Assert.Equal("magnitudes", Assert.Throws<ArgumentException>(() => r.ProcessFrame(new float[Settings.BinCount + 1], hop)).ParamName);
            Assert.Equal("output", Assert.Throws<ArgumentException>(() => r.ProcessFrame(frame, new float[Settings.Hop - 1])).ParamName);
            frame[9] = -0.5f;
            var e = Assert.Throws<ArgumentException>(() => r.ProcessFrame(frame, hop));
            Assert.Contains("bin 9", e.Message, StringComparison.Ordinal);
            frame[9] = float.NaN;
            Assert.Throws<ArgumentException>(() => r.ProcessFrame(frame, hop));
            Assert.Throws<ArgumentException>(() => r.Flush(new float[r.FlushLength - 1]));
            r.Dispose();
            Assert.Throws<ObjectDisposedException>(() => r.ProcessFrame(new float[Settings.BinCount], hop));
        }
    }
}
