using Phase.Stft;
using Phase.Testing;

namespace Phase.Tests.Stft;

[KernelTest]
public class StreamingStftTests
{
    // (N, Nw, H): δ = 0 even; δ ≠ 0 (⌈N/2⌉ = 128 not a multiple of 48); odd N with δ = 0; odd N with δ ≠ 0; N > Nw; H = N/2.
    public static TheoryData<int, int, int> Geometries => new()
    {
        { 256, 256, 64 },
        { 256, 256, 48 },
        { 255, 255, 64 },
        { 99, 99, 20 },
        { 128, 100, 25 },
        { 64, 64, 32 },
    };

    [Theory]
    [MemberData(nameof(Geometries))]
    public void Analyzer_frames_equal_offline_zero_padded_frames(int n, int windowLength, int hop)
    {
        var s = new StftSettings(windowLength, hop, n, padding: StftPadding.Zero);
        const int length = 2001;
        var x = Signals.Noise(length, seed: n + hop);
        ComplexSpectrogram offline = s.Stft(x);
        var analyzer = new StreamingStftAnalyzer(s);
        int ceilHalf = n - n / 2;
        int d = (ceilHalf + hop - 1) / hop;
        Assert.Equal(1 - d, analyzer.FirstFrameIndex);
        Assert.Equal(d * hop - ceilHalf, analyzer.InputDelay);

        var re = new float[s.BinCount];
        var im = new float[s.BinCount];
        var hopBuffer = new float[hop];
        int calls = length / hop + d; // ⌊L/H⌋ + D calls emit frames up to ⌊L/H⌋ = F − 1
        int compared = 0;
        for (int j = 0; j < calls; j++)
        {
            for (int i = 0; i < hop; i++)
            {
                int t = j * hop + i;
                hopBuffer[i] = t < length ? x[t] : 0f;
            }

            long index = analyzer.NextFrameIndex;
            Assert.Equal(j + 1 - d, index);
            analyzer.Process(hopBuffer, re, im);
            if (index < 0)
            {
                continue;
            }

            Assert.True(Tolerance.RelativeError(re, offline.RealFrame((int)index).ToArray()) < 1e-6, $"frame {index} real");
            Assert.True(MaxRelative(im, offline.ImaginaryFrame((int)index), re) < 1e-6, $"frame {index} imag");
            compared++;
        }

        Assert.Equal(offline.FrameCount, compared);
    }

    [Theory]
    [MemberData(nameof(Geometries))]
    public void Analyzer_lead_in_frames_equal_frames_centred_before_the_signal(int n, int windowLength, int hop)
    {
        // Lead-in frame n < 0 is centred on nH: the direct definition with zeros before sample 0.
        var s = new StftSettings(windowLength, hop, n, padding: StftPadding.Zero);
        var x = Signals.Noise(4 * n, seed: 9);
        var analyzer = new StreamingStftAnalyzer(s);
        var re = new float[s.BinCount];
        var im = new float[s.BinCount];
        for (int j = 0; j < -analyzer.FirstFrameIndex; j++)
        {
            long index = analyzer.NextFrameIndex;
            analyzer.Process(x.AsSpan(j * hop, hop), re, im);
            var shifted = new float[x.Length + n];
            long start = -index * hop; // frame `index` of x is frame 0 of x delayed by −index·H
            x.CopyTo(shifted.AsSpan((int)start));
            var (er, ei) = StftOracle.Stft(shifted, s);
            double err = StftForwardTests.ComplexRelativeError(re, im, er.AsSpan(0, s.BinCount).ToArray(), ei.AsSpan(0, s.BinCount).ToArray());
            Assert.True(err < 2e-6, $"lead-in frame {index}: {err:E2}");
        }
    }

    [Theory]
    [MemberData(nameof(Geometries))]
    public void Synthesizer_output_equals_offline_istft_of_the_same_frames(int n, int windowLength, int hop)
    {
        // Arbitrary (inconsistent) frames, so the test sees the normalisation, including the exact start and end.
        var s = new StftSettings(windowLength, hop, n, window: WindowKind.Hamming, padding: StftPadding.Zero);
        const int frames = 37;
        var spec = new ComplexSpectrogram(Signals.Noise(frames * s.BinCount, seed: 1), Signals.Noise(frames * s.BinCount, seed: 2), frames, s.BinCount);
        int half = n / 2, ceilHalf = n - half;
        int length = (frames - 1) * hop + ceilHalf; // up to the end of the last frame
        float[] offline = s.Istft(spec, length);

        var synth = new StreamingStftSynthesizer(s);
        Assert.Equal(half, synth.OutputDelay);
        Assert.Equal(n - hop, synth.FlushLength);
        var stream = new float[frames * hop + synth.FlushLength];
        for (int f = 0; f < frames; f++)
        {
            synth.Process(spec.RealFrame(f), spec.ImaginaryFrame(f), stream.AsSpan(f * hop, hop));
        }

        Assert.Equal(n - hop, synth.Flush(stream.AsSpan(frames * hop)));
        Assert.Equal(length, stream.Length - half);

        // Timeline [0, F·H): the offline ISTFT, exact start and end normalisation included.
        int exact = Math.Min(length, frames * hop);
        float[] aligned = stream.AsSpan(half, exact).ToArray();
        float[] offlineExact = offline.AsSpan(0, exact).ToArray();
        Assert.True(Tolerance.RelativeError(aligned, offlineExact) < 1e-6, $"relative error {Tolerance.RelativeError(aligned, offlineExact):E2}");
        double scale = offline.Max(Math.Abs);
        Assert.True(Tolerance.MaxAbsDifference(aligned, offlineExact) < 1e-5 * scale);

        // The pre-roll (timeline −⌊N/2⌋ … −1) and the tail past F·H: the absent frames count as silent frames, i.e. the
        // direct formula on the spectrogram padded with ⌈N/H⌉ zero frames on both sides (timeline shifted by p·H + ⌊N/2⌋).
        int pad = (n + hop - 1) / hop;
        int bins = s.BinCount;
        var padRe = new float[(frames + (2 * pad)) * bins];
        var padIm = new float[padRe.Length];
        spec.Real.CopyTo(padRe.AsSpan(pad * bins));
        spec.Imaginary.CopyTo(padIm.AsSpan(pad * bins));
        var shifted = new StftSettings(windowLength, hop, n, window: WindowKind.Hamming, padding: StftPadding.Uncentered);
        double[] direct = StftOracle.Istft(padRe, padIm, shifted, stream.Length + (pad * hop));
        float[] preRoll = stream.AsSpan(0, half).ToArray();
        float[] preRollDirect = direct.AsSpan(pad * hop, half).ToArray().Select(v => (float)v).ToArray();
        Assert.True(Tolerance.MaxAbsDifference(preRoll, preRollDirect) < 1e-5 * scale, $"pre-roll vs direct: {Tolerance.MaxAbsDifference(preRoll, preRollDirect):E2}");
        int tailStart = half + exact;
        float[] tail = stream.AsSpan(tailStart).ToArray();
        float[] tailDirect = direct.AsSpan((pad * hop) + tailStart, tail.Length).ToArray().Select(v => (float)v).ToArray();
        Assert.True(Tolerance.MaxAbsDifference(tail, tailDirect) < 1e-5 * scale, $"tail vs direct: {Tolerance.MaxAbsDifference(tail, tailDirect):E2}");

        // Bounded edges: no pre-roll or tail sample exceeds the interior peak (the old exact normalisation divided by
        // window-square sums down to 10⁻¹⁰ of the interior one).
        float interior = stream.AsSpan(half, exact).ToArray().Max(MathF.Abs);
        Assert.True(preRoll.Max(MathF.Abs) <= interior && (tail.Length == 0 || tail.Max(MathF.Abs) <= interior));
    }

    [Theory]
    [MemberData(nameof(Geometries))]
    public void Analyzer_then_synthesizer_returns_the_input_delayed_by_the_latency(int n, int windowLength, int hop)
    {
        var s = new StftSettings(windowLength, hop, n, window: WindowKind.Hann);
        var analyzer = new StreamingStftAnalyzer(s);
        var synth = new StreamingStftSynthesizer(s);
        int latency = n - hop + analyzer.InputDelay;
        Assert.Equal(s.StreamingLatency, latency);

        const int hops = 60;
        var x = Signals.Noise(hops * hop, seed: 12);
        var y = new float[hops * hop];
        var re = new float[s.BinCount];
        var im = new float[s.BinCount];
        for (int j = 0; j < hops; j++)
        {
            long index = analyzer.NextFrameIndex;
            analyzer.Process(x.AsSpan(j * hop, hop), re, im);
            if (index < 0)
            {
                continue; // lead-in: the loop outputs silence for this hop
            }

            synth.Process(re, im, y.AsSpan(j * hop, hop));
        }

        var expected = new float[y.Length];
        x.AsSpan(0, y.Length - latency).CopyTo(expected.AsSpan(latency));

        // Output sample i is timeline sample t = i − latency. Samples t ≥ 0 (the signal) are exact to float rounding. In the
        // pre-roll (t < 0, where the input is the analyser's zero padding) only the outer tails of the first frames overlap,
        // the window-square sum A(t) is small and the exact normalisation divides rounding errors by it: there the error
        // weighted by √(A(t)/max A), the conditioning of the inverse, is what stays at float rounding.
        ReadOnlySpan<float> fw = s.FrameWindow;
        double maxA = 0;
        var coverage = new double[y.Length];
        for (int i = 0; i < y.Length; i++)
        {
            long t = i - latency;
            for (long f = 0; f * hop - n / 2 <= t; f++)
            {
                long j = t - (f * hop - n / 2);
                if (j < n)
                {
                    coverage[i] += (double)fw[(int)j] * fw[(int)j];
                }
            }

            maxA = Math.Max(maxA, coverage[i]);
        }

        for (int i = 0; i < y.Length; i++)
        {
            double error = Math.Abs(y[i] - expected[i]);
            double weighted = i >= latency ? error : error * Math.Sqrt(coverage[i] / maxA);
            Assert.True(weighted < 2e-6, $"output {i} (timeline {i - latency}): {y[i]} vs {expected[i]}, coverage {coverage[i] / maxA:E2}");
        }
    }

    [Fact]
    public void Streaming_calls_allocate_nothing()
    {
        var s = new StftSettings(256, 64);
        var analyzer = new StreamingStftAnalyzer(s);
        var synth = new StreamingStftSynthesizer(s);
        var hop = Signals.Noise(64, seed: 1);
        var re = new float[s.BinCount];
        var im = new float[s.BinCount];
        var mag = new float[s.BinCount];
        var output = new float[64];
        var flush = new float[synth.FlushLength];
        Assert.Equal(0, Allocations.Measure(() => analyzer.Process(hop, re, im)));
        Assert.Equal(0, Allocations.Measure(() => analyzer.ProcessMagnitude(hop, mag)));
        Assert.Equal(0, Allocations.Measure(() => synth.Process(re, im, output)));
        Assert.Equal(0, Allocations.Measure(() =>
        {
            synth.Flush(flush);
            synth.Reset();
        }));
        Assert.Equal(0, Allocations.Measure(() =>
        {
            analyzer.ProcessMagnitude(hop.AsSpan(0, 10), mag);
            while (analyzer.ProcessEndMagnitude(mag))
            {
            }

            analyzer.Reset();
        }));
        Assert.Equal(0, Allocations.Measure(analyzer.Reset));
        Assert.Equal(0, Allocations.Measure(synth.Reset));
    }

    [Fact]
    public void Reset_starts_a_new_stream()
    {
        var s = new StftSettings(128, 32);
        var analyzer = new StreamingStftAnalyzer(s);
        var synth = new StreamingStftSynthesizer(s);
        var x = Signals.Noise(32 * 20, seed: 2);
        float[] first = RunLoop(analyzer, synth, x, s);
        analyzer.Reset();
        synth.Reset();
        Assert.Equal(analyzer.FirstFrameIndex, analyzer.NextFrameIndex);
        Assert.Equal(0, synth.FramesProcessed);
        float[] second = RunLoop(analyzer, synth, x, s);
        Assert.Equal(first, second);
    }

    [Fact]
    public void Analyzer_magnitudes_equal_magnitudes_of_its_frames()
    {
        var s = new StftSettings(128, 32);
        var a = new StreamingStftAnalyzer(s);
        var b = new StreamingStftAnalyzer(s);
        var x = Signals.Noise(32 * 10, seed: 6);
        var re = new float[s.BinCount];
        var im = new float[s.BinCount];
        var mag = new float[s.BinCount];
        for (int j = 0; j < 10; j++)
        {
            a.Process(x.AsSpan(j * 32, 32), re, im);
            b.ProcessMagnitude(x.AsSpan(j * 32, 32), mag);
            for (int k = 0; k < s.BinCount; k++)
            {
                Assert.Equal(Math.Sqrt((double)re[k] * re[k] + (double)im[k] * im[k]), mag[k], 1e-5 * (1 + mag[k]));
            }
        }
    }

    [Fact]
    public void Streaming_rejects_bad_spans_and_non_finite_input()
    {
        var s = new StftSettings(128, 32);
        var analyzer = new StreamingStftAnalyzer(s);
        var synth = new StreamingStftSynthesizer(s);
        var re = new float[s.BinCount];
        var im = new float[s.BinCount];
        Assert.Equal("hop", Assert.Throws<ArgumentException>(() => analyzer.Process(new float[33], re, im)).ParamName);
        Assert.Equal("hop", Assert.Throws<ArgumentException>(() => analyzer.Process([], re, im)).ParamName);
        Assert.Equal("real", Assert.Throws<ArgumentException>(() => analyzer.Process(new float[32], new float[64], im)).ParamName);
        var bad = new float[32];
        bad[7] = float.NaN;
        var ex = Assert.Throws<ArgumentException>(() => analyzer.Process(bad, re, im));
        Assert.Contains("hop[7]", ex.Message, StringComparison.Ordinal);
        Assert.Equal(analyzer.FirstFrameIndex, analyzer.NextFrameIndex); // state unchanged

        Assert.Equal("output", Assert.Throws<ArgumentException>(() => synth.Process(re, im, new float[33])).ParamName);
        im[3] = float.PositiveInfinity;
        Assert.Throws<ArgumentException>(() => synth.Process(re, im, new float[32]));
        Assert.Equal(0, synth.FramesProcessed);
        Assert.Equal("output", Assert.Throws<ArgumentException>(() => synth.Flush(new float[95])).ParamName);
    }

    private static float[] RunLoop(StreamingStftAnalyzer analyzer, StreamingStftSynthesizer synth, float[] x, StftSettings s)
    {
        int hop = s.Hop;
        var y = new float[x.Length];
        var re = new float[s.BinCount];
        var im = new float[s.BinCount];
        for (int j = 0; j < x.Length / hop; j++)
        {
            long index = analyzer.NextFrameIndex;
            analyzer.Process(x.AsSpan(j * hop, hop), re, im);
            if (index >= 0)
            {
                synth.Process(re, im, y.AsSpan(j * hop, hop));
            }
        }

        return y;
    }

    private static double MaxRelative(ReadOnlySpan<float> actual, ReadOnlySpan<float> expected, ReadOnlySpan<float> scaleFrom)
    {
        double scale = 0;
        for (int i = 0; i < scaleFrom.Length; i++)
        {
            scale = Math.Max(scale, Math.Abs(scaleFrom[i]));
        }

        double max = 0;
        for (int i = 0; i < actual.Length; i++)
        {
            max = Math.Max(max, Math.Abs(actual[i] - expected[i]));
        }

        return max / scale;
    }
}
