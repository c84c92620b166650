using Phase.GradientTheorem;
using Phase.Spectral;
using Phase.Stft;

namespace Phase.Tests.GradientTheorem;

/// <summary>
/// PGHI integrates block-wise (windows of B committed + O look-ahead frames, each seeded by the last committed frame). A
/// window that holds the whole input is the paper's global heap: checked coefficient for coefficient against an
/// independent global-heap implementation below (a <see cref="PriorityQueue{TElement, TPriority}"/> and linear start
/// searches). Across windows the order legitimately differs; there the quality must match the global heap's.
/// </summary>
public class PghiBlockIntegrationTests
{
    [Theory]
    [InlineData(1e-5, 0, false)] // the default tolerance: one region, few random phases
    [InlineData(1e-2, 7, false)] // many regions and random phases
    [InlineData(1e-2, 3, true)]  // the whole 4.7 s demo clip in one window (407 frames)
    public void One_window_is_the_global_heap_coefficient_for_coefficient(double tolerance, int seed, bool wholeClip)
    {
        StftSettings s = GradientTestAudio.Speech;
        float[] x = wholeClip ? GradientTestAudio.Demo : GradientTestAudio.DemoExcerpt(22050); // 1 s: 87 frames ≤ B
        MagnitudeSpectrogram target = s.StftMagnitude(x);
        var pghi = new Pghi(s) { Tolerance = tolerance, BlockFrames = wholeClip ? int.MaxValue : PghiIntegrator.DefaultBlockFrames };
        Assert.True(target.FrameCount <= pghi.BlockFrames);
        ComplexSpectrogram actual = pghi.EstimateSpectrogram(target, seed);
        ComplexSpectrogram expected = ReferenceGlobalHeap(target, s, tolerance, seed, out int regions);
        Assert.True(regions >= 1);
        Assert.Equal(expected.Real.ToArray(), actual.Real.ToArray());
        Assert.Equal(expected.Imaginary.ToArray(), actual.Imaginary.ToArray());
    }

    [Theory]
    [MemberData(nameof(GradientTestAudio.ClipNames), MemberType = typeof(GradientTestAudio))]
    public void Block_wise_integration_keeps_the_quality_of_the_global_heap(string clip)
    {
        StftSettings s = GradientTestAudio.Speech;
        float[] x = GradientTestAudio.Clip(clip);
        Assert.True(s.FrameCount(x.Length) > 2 * PghiIntegrator.DefaultBlockFrames, "the clip must span several windows");
        double global = GradientTestAudio.Sc(new Pghi(s) { BlockFrames = int.MaxValue }, x);
        double blocks = GradientTestAudio.Sc(new Pghi(s), x);
        double small = GradientTestAudio.Sc(new Pghi(s) { BlockFrames = 16, OverlapFrames = 4 }, x);
        Assert.True(blocks <= global + 0.2, $"{clip}: block-wise {blocks:F2} dB, global heap {global:F2} dB");
        Assert.True(small <= global + 1.0, $"{clip}: 16 + 4 frame windows {small:F2} dB, global heap {global:F2} dB");
    }

    [Fact]
    public void Windows_of_any_size_cover_every_coefficient_with_the_target_magnitude()
    {
        StftSettings s = GradientTestAudio.Small;
        MagnitudeSpectrogram target = s.StftMagnitude(GradientTestAudio.DemoExcerpt(20000));
        foreach ((int block, int overlap) in new[] { (1, 0), (1, 3), (5, 0), (7, 2), (64, 64) })
        {
            ComplexSpectrogram c = new Pghi(s) { BlockFrames = block, OverlapFrames = overlap }.EstimateSpectrogram(target, seed: 1);
            MagnitudeSpectrogram m = c.ToMagnitude();
            for (int i = 0; i < target.Values.Length; i++)
            {
                Assert.True(Math.Abs(m.Values[i] - target.Values[i]) <= 1e-5f * (1 + target.Values[i]), $"B = {block}, O = {overlap}, coefficient {i}");
            }

            // Deterministic for a seed.
            ComplexSpectrogram again = new Pghi(s) { BlockFrames = block, OverlapFrames = overlap }.EstimateSpectrogram(target, seed: 1);
            Assert.Equal(c.Real.ToArray(), again.Real.ToArray());
        }
    }

    [Fact]
    public void One_instance_gives_the_same_result_across_calls_of_any_length_and_concurrently()
    {
        // The instance keeps one window's work area between calls: reuse (shorter, longer, concurrent inputs) must not
        // change a single coefficient.
        StftSettings s = GradientTestAudio.Small;
        MagnitudeSpectrogram[] targets = [.. new[] { 3000, 40000, 9000, 60000, 500 }.Select(n => s.StftMagnitude(GradientTestAudio.DemoExcerpt(n)))];
        ComplexSpectrogram[] fresh = [.. targets.Select(t => new Pghi(s) { BlockFrames = 32, OverlapFrames = 4 }.EstimateSpectrogram(t, seed: 5))];
        var shared = new Pghi(s) { BlockFrames = 32, OverlapFrames = 4 };
        for (int round = 0; round < 2; round++)
        {
            for (int i = 0; i < targets.Length; i++)
            {
                Assert.Equal(fresh[i].Real.ToArray(), shared.EstimateSpectrogram(targets[i], seed: 5).Real.ToArray());
            }
        }

        var concurrent = new ComplexSpectrogram[4 * targets.Length];
        Parallel.For(0, concurrent.Length, i => concurrent[i] = shared.EstimateSpectrogram(targets[i % targets.Length], seed: 5));
        for (int i = 0; i < concurrent.Length; i++)
        {
            Assert.Equal(fresh[i % targets.Length].Real.ToArray(), concurrent[i].Real.ToArray());
            Assert.Equal(fresh[i % targets.Length].Imaginary.ToArray(), concurrent[i].Imaginary.ToArray());
        }
    }

    [Fact]
    public void One_instance_gives_the_same_waveform_across_calls_of_any_length_and_concurrently()
    {
        // Reconstruct also keeps its inverse-STFT plan between calls: reuse (other frame counts, other requested lengths,
        // concurrent calls) must give exactly the waveform of a fresh instance.
        StftSettings s = GradientTestAudio.Small;
        int[] lengths = [3000, 40000, 9000, 60000, 500];
        MagnitudeSpectrogram[] targets = [.. lengths.Select(n => s.StftMagnitude(GradientTestAudio.DemoExcerpt(n)))];
        ReconstructionOptions Options(int i) => new() { Seed = 5, SignalLength = i % 2 == 0 ? lengths[i] : lengths[i] - 7 };
        float[][] fresh = [.. targets.Select((t, i) => new Pghi(s).Reconstruct(t, Options(i)).Signal.ToArray())];
        var shared = new Pghi(s);
        for (int round = 0; round < 2; round++)
        {
            for (int i = 0; i < targets.Length; i++)
            {
                Assert.Equal(fresh[i], shared.Reconstruct(targets[i], Options(i)).Signal.ToArray());
            }
        }

        var concurrent = new float[4 * targets.Length][];
        Parallel.For(0, concurrent.Length, i => concurrent[i] = shared.Reconstruct(targets[i % targets.Length], Options(i % targets.Length)).Signal.ToArray());
        for (int i = 0; i < concurrent.Length; i++)
        {
            Assert.Equal(fresh[i % targets.Length], concurrent[i]);
        }
    }

    [Fact]
    public void A_cancelled_token_stops_the_integration()
    {
        StftSettings s = GradientTestAudio.Speech;
        MagnitudeSpectrogram target = s.StftMagnitude(GradientTestAudio.Demo);
        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();
        Assert.Throws<OperationCanceledException>(() => new Pghi(s).EstimateSpectrogram(target, 0, cancelled.Token));

        // A cancelled call leaves the kept work area usable.
        var pghi = new Pghi(s);
        Assert.Throws<OperationCanceledException>(() => pghi.EstimateSpectrogram(target, 0, cancelled.Token));
        Assert.Equal(new Pghi(s).EstimateSpectrogram(target).Real.ToArray(), pghi.EstimateSpectrogram(target).Real.ToArray());
    }

    /// <summary>The paper's algorithm, written plainly: one global max-heap (magnitude, then index), a linear search for
    /// each region's start, random phases in index order below the tolerance, then the real-edge alignment of each
    /// region (<c>c = −½·arg Σ s²·e^{2iφ}</c> over its DC and Nyquist coefficients).</summary>
    private static ComplexSpectrogram ReferenceGlobalHeap(MagnitudeSpectrogram target, StftSettings settings, double tolerance, int seed, out int regionCount)
    {
        int frames = target.FrameCount, bins = target.BinCount, total = frames * bins;
        float[] s = target.Values.ToArray();
        PhaseDerivatives derivatives = PhaseDerivatives.Estimate(target, AnalyticPhaseGradients.Centered, settings);
        float[] d = derivatives.AdvanceDeviation.ToArray(), v = derivatives.FrequencyStep.ToArray();
        var nominal = new float[bins];
        for (int k = 0; k < bins; k++)
        {
            nominal[k] = (float)GradientTestAudio.Wrap(2 * Math.PI * ((long)k * settings.Hop % settings.FftSize) / settings.FftSize);
        }

        float threshold = (float)(tolerance * s.Max());
        var phase = new float[total];
        var done = new bool[total];
        var region = new int[total];
        var random = new SplitMix64(seed);
        for (int i = 0; i < total; i++)
        {
            if (!(s[i] > threshold))
            {
                phase[i] = random.NextPhase();
                done[i] = true;
                region[i] = -1;
            }
        }

        var heap = new PriorityQueue<int, (float Magnitude, int Index)>(Comparer<(float, int)>.Create((a, b) => b.CompareTo(a)));
        regionCount = 0;
        while (true)
        {
            int start = -1;
            for (int i = 0; i < total; i++)
            {
                if (!done[i] && (start < 0 || (s[i], i).CompareTo((s[start], start)) > 0))
                {
                    start = i;
                }
            }

            if (start < 0)
            {
                break;
            }

            int r = regionCount++;
            phase[start] = 0;
            done[start] = true;
            region[start] = r;
            heap.Enqueue(start, (s[start], start));
            while (heap.TryDequeue(out int i, out _))
            {
                int n = i / bins, k = i % bins;
                float p = phase[i];
                if (k + 1 < bins && !done[i + 1])
                {
                    Set(i + 1, p + v[i]);
                }

                if (k > 0 && !done[i - 1])
                {
                    Set(i - 1, p - v[i - 1]);
                }

                if (n + 1 < frames && !done[i + bins])
                {
                    Set(i + bins, p + nominal[k] + d[i + bins]);
                }

                if (n > 0 && !done[i - bins])
                {
                    Set(i - bins, p - nominal[k] - d[i]);
                }
            }

            void Set(int j, float value)
            {
                phase[j] = WrapFloat(value);
                done[j] = true;
                region[j] = r;
                heap.Enqueue(j, (s[j], j));
            }
        }

        var sums = new double[2 * regionCount];
        for (int n = 0; n < frames; n++)
        {
            foreach (int i in settings.FftSize % 2 == 0 ? new[] { n * bins, (n * bins) + bins - 1 } : new[] { n * bins })
            {
                if (region[i] >= 0)
                {
                    double w = (double)s[i] * s[i];
                    sums[2 * region[i]] += w * Math.Cos(2.0 * phase[i]);
                    sums[(2 * region[i]) + 1] += w * Math.Sin(2.0 * phase[i]);
                }
            }
        }

        for (int i = 0; i < total; i++)
        {
            if (region[i] >= 0)
            {
                double re = sums[2 * region[i]], im = sums[(2 * region[i]) + 1];
                float shift = re == 0 && im == 0 ? 0f : (float)(-0.5 * Math.Atan2(im, re));
                phase[i] = WrapFloat(phase[i] + shift);
            }
        }

        var result = new ComplexSpectrogram(frames, bins);
        SpectralOps.PolarToComplex(s, phase, result.Real, result.Imaginary);
        return result;
    }

    /// <summary>The float principal value with the library's documented formula <c>x − 2π·⌊(x + π)/(2π)⌋</c>.</summary>
    private static float WrapFloat(float x) => x - (2 * MathF.PI * MathF.Floor((x + MathF.PI) * (1 / (2 * MathF.PI))));
}
