using Phase.Iterative;
using Phase.Stft;
using Phase.Testing;

namespace Phase.Tests.Iterative;

/// <summary>SPSI against analytic oracles (stationary sinusoids) and an independent double-precision reimplementation
/// of the documented rule; streaming against offline. Marked as kernel tests: the peak search has a vector path.</summary>
[KernelTest]
public class SpsiTests
{
    public static IEnumerable<object[]> Sinusoids() =>
    [
        // A narrow Gaussian (C = 0.05: edge samples e^{−π/0.2} ≈ 10⁻⁷) is untruncated to float precision, so the log
        // magnitude is exactly quadratic and the interpolated frequency exact.
        [WindowKind.Gaussian, 100.3, 1e-3],
        [WindowKind.Gaussian, 37.75, 1e-3],
        [WindowKind.Gaussian, 200.0, 1e-3],
        // Hann: log-parabolic interpolation is biased by at most ~0.02 bins; 2π·0.02·H/N rad.
        [WindowKind.Hann, 100.3, 2 * Math.PI * 0.02 * 256 / 1024],
        [WindowKind.Hann, 37.75, 2 * Math.PI * 0.02 * 256 / 1024],
    ];

    [Theory]
    [MemberData(nameof(Sinusoids))]
    public void Phase_advance_of_a_stationary_sinusoid_is_two_pi_f_H(WindowKind window, double bin, double tolerance)
    {
        var settings = new StftSettings(1024, 256, window: window, windowParameter: window == WindowKind.Gaussian ? 0.05 : double.NaN);
        int n = settings.FftSize, hop = settings.Hop;
        double f = bin / n; // cycles per sample
        float[] x = new float[hop * 40];
        for (int t = 0; t < x.Length; t++)
        {
            x[t] = (float)Math.Cos((2 * Math.PI * f * t) + 0.4);
        }

        ComplexSpectrogram spsi = new Spsi(settings).EstimateSpectrogram(settings.StftMagnitude(x));
        int k = (int)Math.Round(bin);
        double expected = 2 * Math.PI * f * hop;
        for (int frame = 6; frame < spsi.FrameCount - 6; frame++)
        {
            double advance = Angle(spsi[frame, k]) - Angle(spsi[frame - 1, k]);
            Assert.True(Wrap(advance - expected) is var e && Math.Abs(e) <= tolerance, $"frame {frame}: advance {advance:F5}, expected {expected:F5} (mod 2π)");

            // The main-lobe bins share the peak's phase (time-invariant convention).
            for (int j = k - 1; j <= k + 1; j++)
            {
                Assert.True(Math.Abs(Wrap(Angle(spsi[frame, j]) - Angle(spsi[frame, k]))) < 1e-5, $"frame {frame}, bin {j}");
            }
        }
    }

    [Fact]
    public void A_stationary_sinusoid_is_reconstructed_almost_exactly_away_from_the_ends()
    {
        // Reflect padding makes the first and last frames non-stationary; the interior frames must be nearly exact.
        var settings = new StftSettings(1024, 256, window: WindowKind.Gaussian, windowParameter: 0.05);
        float[] x = Signals.Sine(256 * 60, 1000.7, settings.SampleRate, amplitude: 0.5, phase: 1.1);
        MagnitudeSpectrogram target = settings.StftMagnitude(x);
        float[] y = new Spsi(settings).Reconstruct(target, new ReconstructionOptions { SignalLength = x.Length }).Signal;
        MagnitudeSpectrogram estimate = settings.StftMagnitude(y);
        int bins = settings.BinCount, skip = 8 * bins, count = target.Values.Length - (2 * skip);
        double sc = Metrics.QualityMetrics.SpectralConvergenceDb(estimate.Values.Slice(skip, count), target.Values.Slice(skip, count));
        Assert.True(sc < -40, $"SC {sc:F1} dB");
    }

    [Fact]
    public void Matches_an_independent_double_precision_implementation_of_the_rule()
    {
        var settings = TestAudio.Speech;
        MagnitudeSpectrogram target = settings.StftMagnitude(TestAudio.DemoExcerpt(256 * 80));
        ComplexSpectrogram actual = new Spsi(settings).EstimateSpectrogram(target);

        int bins = settings.BinCount;
        var previous = new double[bins];
        var phase = new double[bins];
        double maxError = 0;
        for (int frame = 0; frame < target.FrameCount; frame++)
        {
            ReadOnlySpan<float> s = target.Frame(frame);
            var assigned = new bool[bins];
            for (int k = 1; k < bins - 1; k++)
            {
                if (!(s[k] > s[k - 1] && s[k] > s[k + 1]))
                {
                    continue;
                }

                double a = Math.Log(Math.Max(s[k - 1], float.Epsilon)), b = Math.Log(s[k]), c = Math.Log(Math.Max(s[k + 1], float.Epsilon));
                double den = a - 2 * b + c;
                double p = den < 0 ? Math.Clamp(0.5 * (a - c) / den, -0.5, 0.5) : 0;
                double peak = previous[k] + 2 * Math.PI * (k + p) * settings.Hop / settings.FftSize;
                phase[k] = peak;
                assigned[k] = true;
                for (int j = k - 1; j >= 0 && s[j] < s[j + 1]; j--)
                {
                    phase[j] = peak;
                    assigned[j] = true;
                }

                for (int j = k + 1; j < bins && s[j] < s[j - 1]; j++)
                {
                    phase[j] = peak;
                    assigned[j] = true;
                }
            }

            for (int k = 0; k < bins; k++)
            {
                if (!assigned[k])
                {
                    phase[k] = previous[k] + 2 * Math.PI * k * settings.Hop / settings.FftSize;
                }

                previous[k] = phase[k];
                if (s[k] > 1e-3 * target.Values.ToArray().Max())
                {
                    double e = Math.Abs(Wrap(Angle(actual[frame, k]) - phase[k]));
                    maxError = Math.Max(maxError, e);
                }

                Assert.True(Math.Abs(actual[frame, k].Magnitude - s[k]) <= 1e-5 * (s[k] + 1e-6), $"magnitude at frame {frame}, bin {k}");
            }
        }

        Assert.True(maxError < 1e-3, $"largest phase difference {maxError:E2} rad");
    }

    [Fact]
    public void Streaming_spsi_equals_its_offline_wrapper_and_the_batched_offline_path()
    {
        var settings = TestAudio.Speech;
        float[] x = TestAudio.DemoExcerpt(30000);
        MagnitudeSpectrogram target = settings.StftMagnitude(x);
        var options = new ReconstructionOptions { SignalLength = x.Length };
        var adapter = new StreamingReconstructorAdapter("spsi", settings, () => new SpsiStreamingReconstructor(settings));
        float[] wrapped = adapter.Reconstruct(target, options).Signal;

        // Frame by frame by hand, aligned by the documented output delay.
        using var streaming = new SpsiStreamingReconstructor(settings);
        float[] manual = RunStream(streaming, target, x.Length);
        Assert.Equal(wrapped, manual);

        // The offline path (one batched inverse STFT) agrees to float rounding.
        float[] offline = new Spsi(settings).Reconstruct(target, options).Signal;
        Assert.True(Tolerance.RelativeError(offline, wrapped) < 1e-5, $"{Tolerance.RelativeError(offline, wrapped):E2}");

        // Reset starts an identical new stream.
        streaming.Reset();
        Assert.Equal(manual, RunStream(streaming, target, x.Length));
        Assert.Equal(settings.StreamingLatency, streaming.Latency);
        Assert.Equal(settings.FftSize / 2, streaming.OutputDelay);
        Assert.Equal(settings.FftSize - settings.Hop, streaming.FlushLength);
        Assert.Equal(0, streaming.LookaheadFrames);
    }

    [Theory]
    [InlineData(30000, null)]   // natural length
    [InlineData(30000, 12345)]  // shorter: the frames past the output are not computed
    [InlineData(30000, 40000)]  // longer: zeros past the last frame's reach
    [InlineData(300, null)]     // fewer frames than one block
    public void Offline_spsi_without_the_spectrogram_equals_the_inverse_of_its_spectrogram_bit_for_bit(int samples, int? length)
    {
        // Reconstruct without ReturnSpectrogram streams blocks of frames into the inverse STFT; with it, it keeps the
        // spectrogram. Both must equal the inverse STFT of EstimateSpectrogram exactly, and progress must end at F.
        var settings = TestAudio.Speech;
        MagnitudeSpectrogram target = settings.StftMagnitude(TestAudio.DemoExcerpt(samples));
        var spsi = new Spsi(settings);
        var reports = new List<ReconstructionProgress>();
        var streamed = spsi.Reconstruct(target, new ReconstructionOptions { SignalLength = length, Progress = new ListProgress(reports) });
        var kept = spsi.Reconstruct(target, new ReconstructionOptions { SignalLength = length, ReturnSpectrogram = true });
        ComplexSpectrogram spectrogram = spsi.EstimateSpectrogram(target);
        float[] expected = new float[length ?? settings.DefaultSignalLength(target.FrameCount)];
        using (var plan = new StftPlan(settings))
        {
            plan.Inverse(spectrogram, expected);
        }

        Assert.Null(streamed.Spectrogram);
        Assert.Equal(expected, streamed.Signal);
        Assert.Equal(expected, kept.Signal);
        Assert.Equal(spectrogram.Real.ToArray(), kept.Spectrogram!.Real.ToArray());
        Assert.Equal(new ReconstructionProgress(target.FrameCount, target.FrameCount, "frame"), reports[^1]);
        Assert.All(reports, r => Assert.True(r.Completed <= r.Total));
    }

    [Fact]
    public void One_instance_gives_the_same_waveform_across_calls_of_any_length_and_concurrently()
    {
        // Reconstruct keeps its inverse-STFT plan between calls: reuse (other frame counts, other requested lengths, with
        // and without the spectrogram, after a cancelled call, concurrent calls) must give exactly a fresh instance's waveform.
        var settings = TestAudio.Speech;
        int[] lengths = [3000, 40000, 9000, 60000, 500];
        MagnitudeSpectrogram[] targets = [.. lengths.Select(n => settings.StftMagnitude(TestAudio.DemoExcerpt(n)))];
        ReconstructionOptions Options(int i) => new() { SignalLength = i % 2 == 0 ? lengths[i] : lengths[i] - 7, ReturnSpectrogram = i == 1 };
        float[][] fresh = [.. targets.Select((t, i) => new Spsi(settings).Reconstruct(t, Options(i)).Signal.ToArray())];
        var shared = new Spsi(settings);
        using (var cancelled = new CancellationTokenSource())
        {
            // Cancelled from the first progress report (frame 256), of a 391-frame input.
            var options = new ReconstructionOptions { Progress = new CancelOnReport(cancelled), CancellationToken = cancelled.Token };
            Assert.ThrowsAny<OperationCanceledException>(() => shared.Reconstruct(settings.StftMagnitude(TestAudio.DemoExcerpt(100000)), options));
        }

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

    private sealed class CancelOnReport(CancellationTokenSource source) : IProgress<ReconstructionProgress>
    {
        public void Report(ReconstructionProgress value) => source.Cancel();
    }

    /// <summary>Feeds every frame, flushes, and places output-stream sample i at signal sample i − OutputDelay.</summary>
    internal static float[] RunStream(IStreamingPhaseReconstructor r, MagnitudeSpectrogram target, int length) =>
        StreamingRunner.Run(r, target, length);

    private sealed class ListProgress(List<ReconstructionProgress> list) : IProgress<ReconstructionProgress>
    {
        public void Report(ReconstructionProgress value) => list.Add(value);
    }

    private static double Angle(System.Numerics.Complex c) => Math.Atan2(c.Imaginary, c.Real);

    private static double Wrap(double x) => x - 2 * Math.PI * Math.Round(x / (2 * Math.PI));
}
