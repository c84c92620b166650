using Phase.Stft;
using Phase.Testing;

namespace Phase.Tests;

/// <summary>Finite input never gives silent garbage (issue 9, item 7): magnitudes up to 10¹⁵ reconstruct like unit-scale
/// ones (every method is scale-equivariant); larger ones, up to float.MaxValue, are refused naming the caller's
/// parameter, offline and streaming alike; the STFT of samples near 10²⁰ has finite magnitudes.</summary>
public sealed class HugeMagnitudeTests
{
    private static readonly StftSettings Settings = new(windowLength: 1024, hop: 256, sampleRate: 22050);

    public static IEnumerable<object[]> Methods() =>
        PhaseReconstructors.Available.Select(d => new object[] { d.Name });

    private static MagnitudeSpectrogram Target(out float[] clip)
    {
        clip = SpeechAudio.DemoExcerpt(8192);
        using var plan = new StftPlan(Settings);
        return plan.ForwardMagnitude(clip);
    }

    private static MagnitudeSpectrogram Scaled(MagnitudeSpectrogram s, float factor)
    {
        var copy = s.Clone();
        Span<float> v = copy.Values;
        for (int i = 0; i < v.Length; i++)
        {
            v[i] = Math.Min(v[i] * factor, float.MaxValue);
        }

        return copy;
    }

    [Theory]
    [MemberData(nameof(Methods))]
    public void Magnitudes_up_to_the_limit_reconstruct_and_larger_ones_are_refused_by_name(string method)
    {
        ReconstructorDescriptor d = PhaseReconstructors.Default.Get(method);
        var parameters = method is "gla" or "fgla" ? new ReconstructorParameters { Iterations = 8 } : null;
        IPhaseReconstructor r = d.Create(Settings, parameters);
        MagnitudeSpectrogram target = Target(out float[] clip);
        var options = new ReconstructionOptions { SignalLength = clip.Length, Seed = 1 };
        float[] unit = r.Reconstruct(target, options).Signal;

        // Scaled so that the largest magnitude is just under the limit: the same waveform, scaled.
        float max = target.Values.ToArray().Max();
        float factor = MagnitudeSpectrogram.MaxMagnitude / max * 0.99f;
        if (method == "vocoder")
        {
            // Not scale-equivariant (log-mels for audio within ±1): refused by name instead of reconstructed.
            var refused = Assert.Throws<ArgumentException>(() => r.Reconstruct(Scaled(target, factor), options));
            Assert.Equal("magnitudes", refused.ParamName);
            return;
        }

        float[] big = r.Reconstruct(Scaled(target, factor), options).Signal;
        Assert.All(big, v => Assert.True(float.IsFinite(v)));
        float[] rescaled = big.Select(v => v / factor).ToArray();
        Assert.True(Tolerance.RelativeError(rescaled, unit) < 1e-2, $"{method}: relative error {Tolerance.RelativeError(rescaled, unit):E2} at 1e15");

        foreach (float f in new[] { factor * 100f, float.MaxValue })
        {
            var e = Assert.Throws<ArgumentException>(() => r.Reconstruct(Scaled(target, f), options));
            Assert.Equal("magnitudes", e.ParamName);
            Assert.Contains("MaxMagnitude", e.Message, StringComparison.Ordinal);
        }

        if (d.IsStreaming)
        {
            using IStreamingPhaseReconstructor s = d.CreateStreaming(Settings);
            MagnitudeSpectrogram huge = Scaled(target, float.MaxValue);
            var e = Assert.Throws<ArgumentException>(() => s.ProcessFrame(huge.Frame(3), new float[Settings.Hop]));
            Assert.Equal("magnitudes", e.ParamName);
        }
    }

    [Fact]
    public void Stft_magnitudes_of_samples_near_1e20_are_finite_and_scale()
    {
        float[] clip = SpeechAudio.DemoExcerpt(8192);
        using var plan = new StftPlan(Settings);
        float[] unit = plan.ForwardMagnitude(clip).Values.ToArray();
        float[] huge = plan.ForwardMagnitude(clip.Select(v => v * 1e20f).ToArray()).Values.ToArray();
        Assert.All(huge, v => Assert.True(float.IsFinite(v)));
        Assert.True(Tolerance.RelativeError(huge.Select(v => v / 1e20f).ToArray(), unit) < 1e-5);
    }
}
