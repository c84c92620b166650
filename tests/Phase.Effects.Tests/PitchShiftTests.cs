using Phase.Testing;

namespace Phase.Effects.Tests;

public sealed class PitchShiftTests
{
    [Theory]
    [InlineData(PhaseVocoderMethod.Pvdr, -12)]
    [InlineData(PhaseVocoderMethod.Pvdr, -3)]
    [InlineData(PhaseVocoderMethod.Pvdr, 0.5)]
    [InlineData(PhaseVocoderMethod.Pvdr, 4)]
    [InlineData(PhaseVocoderMethod.Pvdr, 7)]
    [InlineData(PhaseVocoderMethod.Pvdr, 12)]
    [InlineData(PhaseVocoderMethod.Pvdr, 24)]
    [InlineData(PhaseVocoderMethod.Pvdr, -24)]
    [InlineData(PhaseVocoderMethod.Pv, -3)]
    [InlineData(PhaseVocoderMethod.Pv, 7)]
    public void A_tone_moves_by_two_to_the_semitones_over_twelve_and_keeps_the_length(PhaseVocoderMethod method, double semitones)
    {
        const double f = 440.7 / 22050;
        float[] x = EffectsOracles.Tone(22050, f);
        float[] y = new PitchShift(semitones, method).Process(x);
        Assert.Equal(x.Length, y.Length);
        double expected = f * Math.Pow(2, semitones / 12);
        ReadOnlySpan<float> middle = y.AsSpan(6000, 8192);
        double measured = EffectsOracles.PeakFrequency(middle, expected * 0.9, expected * 1.1);

        // 0.05 Hz at 440 Hz is 0.2 cent; the fraction p/q is within 0.01 cent of 2^(s/12).
        Assert.True(Math.Abs(measured - expected) * 22050 < 0.05 * Math.Pow(2, semitones / 12), $"{measured * 22050:F4} Hz instead of {expected * 22050:F4} Hz");
        if (method == PhaseVocoderMethod.Pvdr)
        {
            double levelDb = 20 * Math.Log10(EffectsOracles.Rms(middle) / EffectsOracles.Rms(x.AsSpan(6000, 8192)));
            Assert.True(Math.Abs(levelDb) < 0.2, $"level changed by {levelDb:F2} dB");
        }
    }

    [Fact]
    public void The_pitch_ratio_fraction_is_within_the_documented_cents_of_the_equal_tempered_ratio()
    {
        for (int i = -2400; i <= 2400; i++)
        {
            double s = i / 100.0, ratio = Math.Pow(2, s / 12);
            (int p, int q) = PitchShift.Fraction(ratio);
            double cents = Math.Abs(1200 * Math.Log2((double)p / q / ratio));
            Assert.InRange(q, 1, PitchShift.MaxRatioDenominator);
            Assert.True(cents <= (i % 100 == 0 ? 0.03 : 0.8), $"{s} semitones: {p}/{q} is {cents} cents off");
        }

        var fifth = new PitchShift(7);
        Assert.Equal(fifth.RatioNumerator / (double)fifth.RatioDenominator, fifth.Ratio);
    }

    [Theory]
    [InlineData(PhaseVocoderMethod.Pvdr)]
    [InlineData(PhaseVocoderMethod.Pv)]
    public void Zero_semitones_returns_the_input_within_the_reconstruction_error(PhaseVocoderMethod method)
    {
        float[] x = SpeechAudio.DemoExcerpt(22050);
        float[] y = new PitchShift(0, method).Process(x);
        Assert.Equal(x.Length, y.Length);
        float peak = EffectsOracles.Peak(x);
        for (int i = 0; i < x.Length; i++)
        {
            Assert.True(Math.Abs(y[i] - x[i]) <= 2e-5 * peak, $"sample {i}: {y[i]} vs {x[i]}");
        }
    }

    [Fact]
    public void Silence_stays_silent()
    {
        foreach (double s in new[] { -12.0, -3, 5, 12 })
        {
            Assert.All(new PitchShift(s).Process(new float[6000]), v => Assert.Equal(0f, v));
        }
    }

    [Theory]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    [InlineData(-24.01)]
    [InlineData(24.5)]
    public void Shifts_outside_two_octaves_are_rejected_naming_the_parameter(double semitones)
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => new PitchShift(semitones));
        Assert.Equal("semitones", e.ParamName);
        Assert.Contains("-24", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Bad_inputs_are_rejected()
    {
        var shift = new PitchShift(3);
        Assert.Equal("output", Assert.Throws<ArgumentException>(() => shift.Process(new float[10], new float[11])).ParamName);
        Assert.Equal("input", Assert.Throws<ArgumentException>(() => shift.Process([0f, float.PositiveInfinity])).ParamName);
        Assert.Equal("windowLength", Assert.Throws<ArgumentOutOfRangeException>(() => new PitchShift(3, windowLength: 100_000)).ParamName);
    }

    [Fact]
    public void Speech_keeps_its_level_and_its_peak_stays_bounded()
    {
        float[] x = SpeechAudio.Demo;
        foreach (double s in new[] { -5.0, 3, 12 })
        {
            float[] y = new PitchShift(s).Process(x);
            Assert.Equal(x.Length, y.Length);
            double levelDb = 20 * Math.Log10(EffectsOracles.Rms(y) / EffectsOracles.Rms(x));
            Assert.True(Math.Abs(levelDb) < 1.5, $"{s} semitones: level changed by {levelDb:F2} dB");
            Assert.True(EffectsOracles.Peak(y) <= 1.5f * EffectsOracles.Peak(x), $"{s} semitones: peak {EffectsOracles.Peak(y)} vs {EffectsOracles.Peak(x)}");
        }
    }
}
