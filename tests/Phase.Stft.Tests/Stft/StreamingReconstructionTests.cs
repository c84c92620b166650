using Phase.Stft;
using Phase.Testing;

namespace Phase.Tests.Stft;

public class StreamingReconstructionTests
{
    [Theory]
    [InlineData(StftPadding.Reflect, 0)]
    [InlineData(StftPadding.Zero, 0)]
    [InlineData(StftPadding.Reflect, 2)]
    [InlineData(StftPadding.Zero, 3)]
    public void Adapter_with_oracle_phase_returns_the_signal_for_centred_settings(StftPadding padding, int extraDelayHops)
    {
        var s = new StftSettings(256, 64, padding: padding);
        var x = Signals.Chirp(4001, 100, 6000, s.SampleRate);
        ComplexSpectrogram spec = s.Stft(x);
        var reconstructor = new OraclePhaseStreamingReconstructor(s, spec, extraDelayHops);
        PhaseReconstruction result = StreamingReconstruction.Reconstruct(reconstructor, spec.ToMagnitude(), new ReconstructionOptions { SignalLength = x.Length });
        Assert.Equal(x.Length, result.Signal.Length);
        Assert.True(Tolerance.RelativeError(result.Signal, x) < 1e-6, $"relative error {Tolerance.RelativeError(result.Signal, x):E2}");
        Assert.Null(result.Spectrogram);
        Assert.Equal(0, result.Iterations);
        Assert.True(double.IsNaN(result.SpectralConvergenceDb));
    }

    [Fact]
    public void Adapter_equals_offline_istft_for_uncentred_settings()
    {
        var s = new StftSettings(128, 32, padding: StftPadding.Uncentered);
        var x = Signals.Noise(3000, seed: 8);
        ComplexSpectrogram spec = s.Stft(x);
        var reconstructor = new OraclePhaseStreamingReconstructor(s, spec, extraDelayHops: 1);
        float[] streamed = StreamingReconstruction.Reconstruct(reconstructor, spec.ToMagnitude(), new ReconstructionOptions { SignalLength = x.Length }).Signal;
        float[] offline = s.Istft(spec, x.Length);
        Assert.True(Tolerance.RelativeError(streamed.AsSpan(128, 2700), offline.AsSpan(128, 2700)) < 1e-6);
        Assert.True(Tolerance.RelativeError(streamed.AsSpan(128, 2700), x.AsSpan(128, 2700)) < 1e-6);
    }

    [Theory]
    [InlineData(500)]   // shorter than natural: frames past the end are skipped
    [InlineData(4000)]  // natural
    [InlineData(5000)]  // longer: zeros past the last frame's reach
    public void Adapter_returns_exactly_the_requested_length(int length)
    {
        var s = new StftSettings(256, 64, padding: StftPadding.Zero);
        var x = Signals.Noise(4000, seed: 1);
        ComplexSpectrogram spec = s.Stft(x);
        var reconstructor = new OraclePhaseStreamingReconstructor(s, spec, 1);
        float[] y = StreamingReconstruction.Reconstruct(reconstructor, spec.ToMagnitude(), new ReconstructionOptions { SignalLength = length }).Signal;
        Assert.Equal(length, y.Length);
        float[] offline = s.Istft(spec, length);

        // Up to the signal's end both are exact. Past it only the outer tails of the last frames overlap and both divide
        // rounding errors by a small window-square sum (the synthesiser test covers that region with well-scaled frames);
        // past the last frame's reach (3968 + 128) both are exactly zero.
        int exact = Math.Min(length, x.Length);
        Assert.True(Tolerance.MaxAbsDifference(y.AsSpan(0, exact), offline.AsSpan(0, exact)) < 1e-5);
        Assert.True(Tolerance.RelativeError(y.AsSpan(0, exact), x.AsSpan(0, exact)) < 1e-6);
        for (int t = 4096; t < length; t++)
        {
            Assert.Equal(0f, y[t]);
            Assert.Equal(0f, offline[t]);
        }
        Assert.True(reconstructor.FramesSeen == 0, "the adapter resets the reconstructor after the run");
    }

    [Fact]
    public void Adapter_default_length_is_the_natural_length_and_spectrogram_is_the_stft_of_the_output()
    {
        var s = new StftSettings(256, 64);
        var x = Signals.Noise(64 * 30, seed: 2);
        ComplexSpectrogram spec = s.Stft(x);
        var result = StreamingReconstruction.Reconstruct(new OraclePhaseStreamingReconstructor(s, spec), spec.ToMagnitude(), new ReconstructionOptions { ReturnSpectrogram = true });
        Assert.Equal(s.DefaultSignalLength(spec.FrameCount), result.Signal.Length);
        Assert.NotNull(result.Spectrogram);
        ComplexSpectrogram expected = s.Stft(result.Signal);
        Assert.Equal(expected.Real.ToArray(), result.Spectrogram!.Real.ToArray());
        Assert.Equal(expected.Imaginary.ToArray(), result.Spectrogram.Imaginary.ToArray());
    }

    [Fact]
    public void Adapter_reports_progress_and_honours_cancellation()
    {
        var s = new StftSettings(64, 16);
        var x = Signals.Noise(16 * 200, seed: 3);
        ComplexSpectrogram spec = s.Stft(x);
        var reports = new List<ReconstructionProgress>();
        var progress = new SynchronousProgress(reports.Add);
        StreamingReconstruction.Reconstruct(new OraclePhaseStreamingReconstructor(s, spec), spec.ToMagnitude(), new ReconstructionOptions { Progress = progress });
        Assert.NotEmpty(reports);
        Assert.Equal(spec.FrameCount, reports[^1].Completed);
        Assert.Equal("frame", reports[^1].Unit);

        using var cts = new CancellationTokenSource();
        cts.Cancel();
        Assert.ThrowsAny<OperationCanceledException>(() =>
            StreamingReconstruction.Reconstruct(new OraclePhaseStreamingReconstructor(s, spec), spec.ToMagnitude(), new ReconstructionOptions { CancellationToken = cts.Token }));
    }

    [Fact]
    public void Adapter_rejects_invalid_magnitudes()
    {
        var s = new StftSettings(64, 16);
        var spec = s.Stft(Signals.Noise(500, seed: 4));
        var r = new OraclePhaseStreamingReconstructor(s, spec);
        var wrongBins = new MagnitudeSpectrogram(spec.FrameCount, 20);
        Assert.Equal("magnitudes", Assert.Throws<ArgumentException>(() => StreamingReconstruction.Reconstruct(r, wrongBins)).ParamName);
        MagnitudeSpectrogram m = spec.ToMagnitude();
        m[3, 4] = -1f;
        Assert.Throws<ArgumentException>(() => StreamingReconstruction.Reconstruct(r, m));
        Assert.Throws<ArgumentOutOfRangeException>(() => StreamingReconstruction.Reconstruct(r, spec.ToMagnitude(), new ReconstructionOptions { SignalLength = 0 }));
    }

    [Fact]
    public void Reconstructor_adapter_creates_and_disposes_one_instance_per_call()
    {
        var s = new StftSettings(128, 32);
        var x = Signals.Noise(2000, seed: 5);
        ComplexSpectrogram spec = s.Stft(x);
        var created = new List<OraclePhaseStreamingReconstructor>();
        var adapter = new StreamingReconstructorAdapter("oracle", s, () =>
        {
            var r = new OraclePhaseStreamingReconstructor(s, spec);
            created.Add(r);
            return r;
        });
        Assert.Equal("oracle", adapter.Name);
        Assert.Same(s, adapter.Settings);
        PhaseReconstruction result = adapter.Reconstruct(spec.ToMagnitude(), new ReconstructionOptions { SignalLength = x.Length });
        Assert.True(Tolerance.RelativeError(result.Signal, x) < 1e-6);
        adapter.Reconstruct(spec.ToMagnitude());
        Assert.Equal(2, created.Count);
        Assert.All(created, r => Assert.True(r.Disposed));

        var other = new StftSettings(128, 64);
        var mismatched = new StreamingReconstructorAdapter("oracle", s, () => new OraclePhaseStreamingReconstructor(other, spec));
        Assert.Throws<InvalidOperationException>(() => mismatched.Reconstruct(spec.ToMagnitude()));
    }

    private sealed class SynchronousProgress(Action<ReconstructionProgress> report) : IProgress<ReconstructionProgress>
    {
        public void Report(ReconstructionProgress value) => report(value);
    }
}
