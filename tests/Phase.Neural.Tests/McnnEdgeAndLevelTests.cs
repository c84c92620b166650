using Phase.Iterative;
using Phase.Neural.Mcnn;
using Phase.Stft;
using Phase.Testing;

namespace Phase.Tests;

/// <summary>
/// MCNN's whole output on the held-out speech clips (the demo clip and tests/fixtures/speech): the level, the first and
/// last 1024 samples (against FGLA's on the same clips), and the level-matching step that fixes both, checked
/// against independent computations (Parseval with Phase's FFT-based STFT, exact scaling identities).
/// </summary>
public sealed class McnnEdgeAndLevelTests
{
    private const int Edge = 1024;

    [Theory]
    [MemberData(nameof(SpeechAudio.ClipNames), MemberType = typeof(SpeechAudio))]
    public void Level_is_the_inputs_and_the_edges_are_no_louder_than_fglas(string clip)
    {
        // Before level matching (measured on these clips, onnx-models/README.md): level −0.6 … −1.3 dB, first and
        // last 1024 samples −28 … −37 dB relative to the clip's mean power, against −77 … −81 dB for the input and FGLA.
        // After: level 0.00 dB, edges −89 … −92 dB (the clips' faint −80 dB floor there is not reproduced either).
        var settings = StftSettings.Default;
        float[] x = SpeechAudio.Clip(clip);
        MagnitudeSpectrogram target = settings.StftMagnitude(x);
        var options = new ReconstructionOptions { SignalLength = x.Length };
        float[] y = new McnnReconstructor(settings).Reconstruct(target, options).Signal;
        float[] fgla = new FastGriffinLim(settings).Reconstruct(target, options).Signal;
        Assert.Equal(x.Length, y.Length);
        Assert.All(y, v => Assert.True(float.IsFinite(v)));

        double power = MeanPower(x);
        double level = Db(MeanPower(y) / power);
        Assert.True(Math.Abs(level) <= 0.2, $"{clip}: output level {level:F2} dB relative to the input");

        double headY = Db(MeanPower(y.AsSpan(0, Edge)) / power), headF = Db(MeanPower(fgla.AsSpan(0, Edge)) / power);
        double tailY = Db(MeanPower(y.AsSpan(^Edge..)) / power), tailF = Db(MeanPower(fgla.AsSpan(^Edge..)) / power);
        Assert.True(headY <= headF + 3, $"{clip}: first {Edge} samples {headY:F1} dB, FGLA {headF:F1} dB");
        Assert.True(tailY <= tailF + 3, $"{clip}: last {Edge} samples {tailY:F1} dB, FGLA {tailF:F1} dB");

        // No sample anywhere louder than the magnitudes justify: a new phase changes the crest factor (FGLA's peak is up
        // to 1.2 dB above the input's on these clips, MCNN's up to 1.0 dB), so the bound is +3 dB over the input's peak.
        Assert.True(y.Max(Math.Abs) <= 1.413 * x.Max(Math.Abs), $"{clip}: output peak {y.Max(Math.Abs):F3}, input peak {x.Max(Math.Abs):F3}");
    }

    [Theory]
    [InlineData(StftPadding.Reflect)]
    [InlineData(StftPadding.Zero)]
    [InlineData(StftPadding.Uncentered)]
    public void Frame_energies_equal_the_stft_energies_by_parseval(StftPadding padding)
    {
        // Oracle: Σ_k c_k |X[n,k]|² from Phase's FFT-based STFT (c = 1 at DC and Nyquist, 2 elsewhere).
        var settings = new StftSettings(1024, 256, padding: padding);
        float[] x = Signals.Noise(5000, seed: 21);
        MagnitudeSpectrogram s = settings.StftMagnitude(x);
        double[] fromStft = LevelMatch.TargetEnergies(s, settings.FftSize);
        double[] direct = LevelMatch.SignalEnergies(x, s.FrameCount, settings);
        for (int n = 0; n < s.FrameCount; n++)
        {
            Assert.True(Math.Abs(direct[n] - fromStft[n]) <= 1e-5 * fromStft[n], $"frame {n}: {direct[n]:G6} vs {fromStft[n]:G6}");
        }
    }

    [Fact]
    public void Matching_a_signal_to_its_own_or_a_scaled_spectrogram_is_the_identity_or_the_scale()
    {
        var settings = StftSettings.Default;
        float[] x = Signals.Chirp(8000, 200, 4000, 22050);
        MagnitudeSpectrogram own = settings.StftMagnitude(x);

        float[] same = (float[])x.Clone();
        LevelMatch.Apply(same, own, settings);
        Assert.True(Tolerance.MaxAbsDifference(same, x) <= 1e-5, "gain 1 changed the signal");

        // (10: the frame gains stop at MaxGain = 4, the global gain restores the rest.)
        foreach ((float scale, double expected) in new[] { (3f, 3.0), (10f, 10.0), (0.01f, 0.01) })
        {
            var target = new MagnitudeSpectrogram(own.Values.ToArray().Select(v => v * scale).ToArray(), own.FrameCount, own.BinCount);
            float[] y = (float[])x.Clone();
            LevelMatch.Apply(y, target, settings);
            for (int t = 0; t < x.Length; t++)
            {
                Assert.True(Math.Abs(y[t] - (expected * x[t])) <= 1e-5 * expected, $"scale {scale}: sample {t}");
            }
        }
    }

    [Fact]
    public void Where_the_target_is_silent_the_output_is_silenced()
    {
        var settings = StftSettings.Default;
        float[] x = Signals.Noise(60 * 256, seed: 8);
        MagnitudeSpectrogram s = settings.StftMagnitude(x);
        float[] values = s.Values.ToArray();
        for (int n = 20; n < 40; n++)
        {
            values.AsSpan(n * s.BinCount, s.BinCount).Clear();
        }

        var target = new MagnitudeSpectrogram(values, s.FrameCount, s.BinCount);
        float[] y = (float[])x.Clone();
        LevelMatch.Apply(y, target, settings);
        double peak = x.Max(Math.Abs);
        Assert.All(y.AsSpan(20 * 256, 19 * 256).ToArray(), v => Assert.Equal(0f, v));

        // Elsewhere the frame gains are 1 and the global gain restores the energy the silenced frames took out.
        double[] kept = LevelMatch.TargetEnergies(target, settings.FftSize);
        double g = Math.Sqrt(kept.Sum() / LevelMatch.SignalEnergies(Interpolated(x, 19, 40), s.FrameCount, settings).Sum());
        for (int t = 0; t < 19 * 256; t++)
        {
            Assert.True(Math.Abs(y[t] - (g * x[t])) <= 1e-4 * peak, $"sample {t}");
        }
    }

    [Fact]
    public void Chunks_normalised_by_their_own_maximum_agree_with_the_whole_input_pass_through_the_level_frame()
    {
        // The ONNX Runtime path without ONNX Runtime: a runner that, like the graph, divides by the maximum of what it
        // is given. The appended level frame makes every chunk use the whole input's level.
        McnnModel model = McnnModel.Shipped;
        var settings = StftSettings.Default;
        float[] x = Signals.Chirp(2 * 22050, 150, 5000, 22050);
        for (int i = 0; i < x.Length; i++)
        {
            x[i] *= 0.05f + (0.95f * i / x.Length);
        }

        MagnitudeSpectrogram target = settings.StftMagnitude(x);
        int frames = target.FrameCount;
        var whole = new float[frames * model.Hop];
        model.Synthesize(target.Values, frames, whole, chunkFrames: 4096);
        var chunked = new float[frames * model.Hop];
        var workspace = new McnnModel.Workspace(model, 16 + (2 * model.ContextFrames) + 1);
        var lastChunkFrames = new List<int>();
        McnnReconstructor.RunChunks(model, target.Values, frames, chunked, 16, (m, count, destination) =>
        {
            lastChunkFrames.Add(count);
            model.Run(m, count, McnnModel.Level(m), destination, workspace);
        }, CancellationToken.None, null);
        double peak = whole.Max(Math.Abs);
        Assert.True(Tolerance.MaxAbsDifference(whole, chunked) <= 1e-6 * peak, $"max difference {Tolerance.MaxAbsDifference(whole, chunked):G3}");
        Assert.Equal(16 + (2 * model.ContextFrames) + 1, lastChunkFrames[0]);
    }

    // x with gain 1 up to frame centre a·H, falling linearly to 0 at (a + 1)·H, 0 up to (b − 1)·H, rising to 1 at b·H:
    // the frame gains of a target whose frames a+1 … b−1 are silent.
    private static float[] Interpolated(float[] x, int a, int b)
    {
        var y = (float[])x.Clone();
        for (int t = 0; t < y.Length; t++)
        {
            double p = t / 256.0;
            double g = p <= a ? 1 : p >= b ? 1 : p < a + 1 ? (a + 1) - p : p > b - 1 ? p - (b - 1) : 0;
            y[t] = (float)(y[t] * g);
        }

        return y;
    }

    private static double MeanPower(ReadOnlySpan<float> x)
    {
        double sum = 0;
        foreach (float v in x)
        {
            sum += (double)v * v;
        }

        return sum / x.Length;
    }

    private static double Db(double ratio) => 10 * Math.Log10(Math.Max(ratio, 1e-30));
}
