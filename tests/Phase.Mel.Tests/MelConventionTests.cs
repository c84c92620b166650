using System.Globalization;
using Phase.IO;
using Phase.Mel;
using Phase.Stft;
using Phase.Testing;

namespace Phase.Tests.Mel;

/// <summary>The named conventions against scripts/reference/mel_presets_reference.py (numpy, from each family's formulas).</summary>
public class MelConventionTests
{
    private const int ExcerptLength = 13230;

    public static TheoryData<string> Presets => new() { "hifigan", "matcha", "vocos", "styletts2", "librosa" };

    private static float[] Excerpt() => SpeechAudio.Clip("espeak-en-us-f3").AsSpan(0, ExcerptLength).ToArray();

    [Theory]
    [MemberData(nameof(Presets))]
    public void Compute_matches_the_numpy_reference_of_the_family_in_shape_layout_and_every_value(string name)
    {
        MelConvention convention = MelConvention.FromName(name);
        NpyArray<float> reference = NpyFile.Read(Fixtures.Path("mel", $"preset_{name}.npy"));

        float[] mel = convention.Compute(Excerpt(), out int frames);
        float[] stored = convention.ToLayout(mel, frames, out int[] shape);

        Assert.Equal(reference.Shape.ToArray(), shape);
        Assert.Equal(convention.MelCount, shape[0]); // every preset is [n_mels, T]
        Assert.Equal(convention.FrameCount(ExcerptLength), shape[1]);

        // float32 STFT and filter bank against float64 numpy: a mel value v with linear value m carries a relative error of
        // about 1e-6 of the frame's energy; in the log domain that is ≤ 1e-3 except for bands 60 dB or more below the
        // frame's loudest, which sit at the floor anyway. dB values: 10/ln(10) times the ln error.
        ReadOnlySpan<float> expected = reference.Values;
        double scale = convention.Encoding == MelEncoding.Decibels ? 10 / Math.Log(10) : 1 / convention.Std;
        double worst = 0;
        for (int i = 0; i < stored.Length; i++)
        {
            worst = Math.Max(worst, Math.Abs(stored[i] - expected[i]));
        }

        Assert.True(worst <= 2e-3 * scale, string.Create(CultureInfo.InvariantCulture, $"{name}: worst |Δ| = {worst:G3}"));

        // The whole output, not a metric: first and last frames (the padded edges) and the loudest value.
        int t = shape[1];
        for (int m = 0; m < shape[0]; m++)
        {
            Assert.Equal(expected[m * t], stored[m * t], 2e-3 * scale);
            Assert.Equal(expected[(m * t) + t - 1], stored[(m * t) + t - 1], 2e-3 * scale);
        }

        Assert.Equal(MaxOf(expected), MaxOf(stored), 2e-3 * scale);
    }

    [Fact]
    public void Frame_counts_and_output_lengths_match_framing_the_padded_signal()
    {
        int rows = 0;
        foreach (string line in File.ReadLines(Fixtures.Path("mel", "preset_frames.csv")).Skip(1))
        {
            string[] f = line.Split(',');
            MelConvention c = MelConvention.FromName(f[0]);
            int length = int.Parse(f[1], CultureInfo.InvariantCulture);
            int frames = c.FrameCount(length);
            Assert.Equal(int.Parse(f[2], CultureInfo.InvariantCulture), frames);
            Assert.Equal(int.Parse(f[3], CultureInfo.InvariantCulture), c.OutputLength(frames));
            rows++;
        }

        Assert.True(rows >= 35);
    }

    [Theory]
    [MemberData(nameof(Presets))]
    public void Reconstruction_frames_are_the_familys_frames_and_trimming_returns_the_signal_sample_for_sample(string name)
    {
        // With the true complex STFT of the padded signal, Phase's inverse over CreateStftSettings and TrimReconstruction
        // must give back the original samples at the family's output length: this pins the frame grid (padding,
        // centre offset) and the length rule, independently of any phase retrieval.
        MelConvention c = MelConvention.FromName(name);
        float[] x = Excerpt();
        int frames = c.FrameCount(x.Length);
        var padded = new float[c.ReconstructionLength(frames)];
        for (int i = 0; i < padded.Length; i++)
        {
            int j = i - c.Padding;
            padded[i] = (uint)j < (uint)x.Length ? x[j]
                : c.PadMode == MelPadMode.Zero ? 0f
                : x[j < 0 ? -j : (2 * (x.Length - 1)) - j];
        }

        StftSettings settings = c.CreateStftSettings();
        Assert.Equal(StftPadding.Uncentered, settings.Padding);
        Assert.Equal(frames, settings.FrameCount(padded.Length));
        using var plan = new StftPlan(settings);
        ComplexSpectrogram spectrum = plan.Forward(padded);
        float[] y = c.TrimReconstruction(plan.Inverse(spectrum, padded.Length), frames);

        int expectedLength = c.OutputLengthRule == MelOutputLength.FramesTimesHop ? frames * c.Hop : (frames - 1) * c.Hop;
        Assert.Equal(expectedLength, y.Length);
        // T·H can run up to a hop past the signal (centred framing): those samples are the family's padding.
        Assert.True(y.Length <= x.Length + c.Hop);
        Assert.True(Tolerance.MaxAbsDifference(y, padded.AsSpan(c.Padding, y.Length)) < 1e-5);
        int common = Math.Min(x.Length, y.Length);
        Assert.True(Tolerance.MaxAbsDifference(y.AsSpan(0, common), x.AsSpan(0, common)) < 1e-5);
        Assert.Equal(x[0], y[0], 1e-5);
        Assert.Equal(x[common - 1], y[common - 1], 1e-5);
    }

    [Fact]
    public void Hifigan_frames_are_centred_half_a_hop_after_multiples_of_the_hop()
    {
        MelConvention h = MelConvention.Hifigan;
        Assert.Equal(128, h.CenterOffset);
        Assert.Equal(384, h.Padding);
        Assert.Equal(0, MelConvention.Vocos.CenterOffset);

        // A click at sample 128 + 10·256 is at the centre of frame 10: frames 9 and 11 see it equally (Hann is symmetric).
        var x = new float[22050];
        x[128 + (10 * 256)] = 1f;
        float[] mel = (h with { Encoding = MelEncoding.Linear }).Compute(x, out int frames);
        Assert.Equal(86, frames);
        double e9 = mel.AsSpan(9 * 80, 80).ToArray().Sum(), e11 = mel.AsSpan(11 * 80, 80).ToArray().Sum(), e10 = mel.AsSpan(10 * 80, 80).ToArray().Sum();
        Assert.Equal(e9, e11, 1e-5 * e10);
        Assert.True(e10 > e9);
    }

    [Theory]
    [MemberData(nameof(Presets))]
    public void Decode_inverts_encode_including_floor_and_normalisation(string name)
    {
        MelConvention c = MelConvention.FromName(name);
        float[] linear = [0f, 1e-12f, 1e-6f, 1e-3f, 0.5f, 3f, 40f];
        var stored = new float[linear.Length];
        c.Encode(linear, stored);
        var back = new float[linear.Length];
        c.Decode(stored, back);
        for (int i = 0; i < linear.Length; i++)
        {
            double expected = c.FloorMode == MelFloorMode.Add ? linear[i] : Math.Max(linear[i], c.Floor);
            if (c.Encoding == MelEncoding.Decibels)
            {
                expected = Math.Max(expected, 40 * Math.Pow(10, -c.TopDb / 10)); // top_db clips at max − 80 dB
            }

            Assert.True(Math.Abs(back[i] - expected) <= (2e-5 * expected) + (c.FloorMode == MelFloorMode.Add ? 1e-9 : 0),
                $"{name}: {linear[i]} → {stored[i]} → {back[i]}, expected {expected}");
        }
    }

    [Fact]
    public void Matcha_and_styletts2_normalisations_are_the_published_affine_maps()
    {
        float[] one = [1f];
        var v = new float[1];
        MelConvention.FromName("matcha").Encode(one, v);
        Assert.Equal((0 + 5.5366) / 2.1161, v[0], 1e-5);
        MelConvention.StyleTts2.Encode(one, v);
        Assert.Equal((Math.Log(1 + 1e-5) + 4) / 4, v[0], 1e-6);
        MelConvention.Hifigan.Encode([0f], v);
        Assert.Equal(Math.Log(1e-5), v[0], 1e-5);
    }

    [Fact]
    public void FromLayout_accepts_batched_and_unbatched_arrays_in_both_orientations()
    {
        MelConvention c = MelConvention.Hifigan;
        const int T = 3, M = 80;
        var framesByMels = new float[2 * T * M];
        for (int i = 0; i < framesByMels.Length; i++)
        {
            framesByMels[i] = i;
        }

        // [B, n_mels, T] built from the frame-major items.
        var batched = new float[2 * T * M];
        for (int b = 0; b < 2; b++)
        {
            for (int t = 0; t < T; t++)
            {
                for (int m = 0; m < M; m++)
                {
                    batched[(b * T * M) + (m * T) + t] = framesByMels[(b * T * M) + (t * M) + m];
                }
            }
        }

        (float[][] items, int frames) = c.FromLayout(batched, [2, M, T]);
        Assert.Equal(T, frames);
        Assert.Equal(framesByMels.AsSpan(0, T * M).ToArray(), items[0]);
        Assert.Equal(framesByMels.AsSpan(T * M).ToArray(), items[1]);

        (items, frames) = c.FromLayout(batched.AsSpan(0, T * M), [M, T]);
        Assert.Single(items);
        Assert.Equal(framesByMels.AsSpan(0, T * M).ToArray(), items[0]);

        (items, _) = c.FromLayout(framesByMels, [2, T, M], MelLayout.FramesByMels);
        Assert.Equal(framesByMels.AsSpan(T * M).ToArray(), items[1]);

        float[] roundTrip = c.ToLayout(items[0], T, out int[] shape);
        Assert.Equal([M, T], shape);
        Assert.Equal(batched.AsSpan(0, T * M).ToArray(), roundTrip);

        var e = Assert.Throws<ArgumentException>(() => c.FromLayout(framesByMels.AsSpan(0, T * M), [T, M]));
        Assert.Contains("frames × mels", e.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => c.FromLayout(new float[5], [M, T]));
        Assert.Throws<ArgumentException>(() => c.FromLayout(new float[M], [M]));
    }

    [Fact]
    public void Invalid_conventions_and_names_are_rejected_naming_the_property()
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => (MelConvention.Hifigan with { Hop = 0 }).Validate());
        Assert.Equal("Hop", e.ParamName);
        e = Assert.Throws<ArgumentOutOfRangeException>(() => (MelConvention.Hifigan with { Std = 0 }).CreateFilterBank());
        Assert.Equal("Std", e.ParamName);
        e = Assert.Throws<ArgumentOutOfRangeException>(() => (MelConvention.Hifigan with { MaxFrequency = -1 }).Validate());
        Assert.Equal("MaxFrequency", e.ParamName);
        e = Assert.Throws<ArgumentOutOfRangeException>(() => (MelConvention.Librosa with { FloorMode = MelFloorMode.Add }).Validate());
        Assert.Equal("FloorMode", e.ParamName);
        var unknown = Assert.Throws<ArgumentException>(() => MelConvention.FromName("waveglow"));
        Assert.Contains("hifigan", unknown.Message, StringComparison.Ordinal);
        e = Assert.Throws<ArgumentOutOfRangeException>(() => MelConvention.Hifigan.FrameCount(300));
        Assert.Equal("signalLength", e.ParamName);
        var nan = new float[2048];
        nan[5] = float.NaN;
        Assert.Throws<ArgumentException>(() => MelConvention.Hifigan.Compute(nan, out _));
    }

    private static float MaxOf(ReadOnlySpan<float> values)
    {
        float max = float.NegativeInfinity;
        foreach (float v in values)
        {
            max = Math.Max(max, v);
        }

        return max;
    }
}
