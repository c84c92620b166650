using Phase.GradientTheorem;
using Phase.Neural;
using Phase.Neural.Backends;
using Phase.Neural.GtNet;
using Phase.Neural.Mcnn;
using Phase.Neural.OnnxRuntime;
using Phase.Stft;
using Phase.Testing;
using Phase.Tests.OnnxRuntime;

namespace Phase.Tests;

/// <summary>The shipped models give the same outputs (≤ 1e-4) through ONNX Runtime (CPU) as through the managed
/// inference and as in PyTorch; the end-to-end reconstructors agree too.</summary>
public sealed class OnnxRuntimeAgreementTests
{
    public static TheoryData<string> Variants => new() { "causal", "lookahead" };

    [Theory]
    [MemberData(nameof(Variants))]
    public void Gtnet_onnxruntime_equals_pytorch_and_managed(string variant)
    {
        GtNetModel model = variant == "causal" ? GtNetModel.Causal : GtNetModel.Lookahead;
        (float[] input, int[] inShape) = Npy.Read(ModelFiles.Reference("gtnet-" + variant, "input_magnitude.npy"));
        (float[] expected, _) = Npy.Read(ModelFiles.Reference("gtnet-" + variant, "output_derivatives.npy"));
        int batch = inShape[0], c = inShape[1], k = inShape[2];
        var estimator = new OnnxRuntimeGtNetEstimator(model);
        var dOrt = new float[k];
        var vOrt = new float[k];
        var dManaged = new float[k];
        var vManaged = new float[k];
        double worstTorch = 0, worstManaged = 0;
        for (int b = 0; b < batch; b++)
        {
            using IPhaseGradientSource ort = estimator.CreateSource(StftSettings.Default);
            using IPhaseGradientSource managed = model.CreateSource(StftSettings.Default);
            var context = new PhaseGradientContext(input.AsSpan(b * c * k, c * k), k, model.HistoryFrames, model.LookaheadFrames, 100, model.HistoryFrames, model.LookaheadFrames);
            ort.Estimate(context, dOrt, vOrt);
            managed.Estimate(context, dManaged, vManaged);
            worstTorch = Math.Max(worstTorch, Tolerance.MaxAbsDifference(dOrt, expected.AsSpan(2 * b * k, k)));
            worstTorch = Math.Max(worstTorch, Tolerance.MaxAbsDifference(vOrt[..^1], expected.AsSpan(((2 * b) + 1) * k, k - 1)));
            worstManaged = Math.Max(worstManaged, Tolerance.MaxAbsDifference(dOrt, dManaged));
            worstManaged = Math.Max(worstManaged, Tolerance.MaxAbsDifference(vOrt, vManaged));
        }

        Assert.True(worstTorch <= 1e-4, $"max |ONNX Runtime − PyTorch| = {worstTorch:G3}");
        Assert.True(worstManaged <= 1e-4, $"max |ONNX Runtime − managed| = {worstManaged:G3}");
    }

    [Fact]
    public void Mcnn_onnxruntime_equals_pytorch_and_managed()
    {
        McnnModel model = McnnModel.Shipped;
        (float[] input, int[] inShape) = Npy.Read(ModelFiles.Reference("mcnn", "input_magnitude.npy"));
        (float[] expected, _) = Npy.Read(ModelFiles.Reference("mcnn", "output_waveform.npy"));
        int frames = inShape[1];
        var ort = new float[frames * model.Hop];
        var managed = new float[frames * model.Hop];
        using (var session = new OnnxRuntimeSession(File.ReadAllBytes(ModelFiles.Path("mcnn.onnx"))))
        {
            session.Run("magnitude", input, [1, frames, model.BinCount], "waveform", ort, [1, frames * model.Hop]);
        }

        model.Synthesize(input, frames, managed);
        Assert.True(Tolerance.MaxAbsDifference(ort, expected) <= 1e-4, "ONNX Runtime differs from PyTorch");
        Assert.True(Tolerance.MaxAbsDifference(ort, managed) <= 1e-4, "ONNX Runtime differs from the managed inference");
    }

    [Fact]
    public void Gtnet_streams_agree_between_backends()
    {
        var settings = StftSettings.Default;
        float[] x = Signals.Chirp(11025, 200, 3000, 22050);
        MagnitudeSpectrogram target = settings.StftMagnitude(x);
        float[] managed = new GtNetReconstructor(settings).Reconstruct(target).Signal;
        float[] ort = new GtNetReconstructor(settings) { Backend = NeuralBackend.OnnxRuntime }.Reconstruct(target).Signal;

        // Derivatives agree to ~1e-5 rad; the integration carries phase over frames, so compare the magnitudes' fit.
        double scManaged = Metrics.QualityMetrics.SpectralConvergenceDb(settings.StftMagnitude(managed), target);
        double scOrt = Metrics.QualityMetrics.SpectralConvergenceDb(settings.StftMagnitude(ort), target);
        Assert.True(Math.Abs(scManaged - scOrt) <= 0.1, $"SC managed {scManaged:F2} dB, ONNX Runtime {scOrt:F2} dB");
    }

    [Fact]
    public void Mcnn_reconstructions_agree_between_backends_within_one_chunk()
    {
        var settings = StftSettings.Default;
        float[] x = Signals.Chirp(11025, 200, 3000, 22050);
        MagnitudeSpectrogram target = settings.StftMagnitude(x);
        float[] managed = new McnnReconstructor(settings).Reconstruct(target).Signal;
        float[] ort = new McnnReconstructor(settings) { Backend = NeuralBackend.OnnxRuntime }.Reconstruct(target).Signal;
        Assert.True(Tolerance.MaxAbsDifference(managed, ort) <= 1e-4);
    }

    [Fact]
    public void Mcnn_onnxruntime_chunks_are_cross_faded_into_a_consistent_signal()
    {
        // The ONNX graph normalises each chunk by its own maximum, so chunks differ slightly from the whole-input pass;
        // the cross-fade must join them without harming the fit (a bad join shows up as clicks, i.e. worse SC).
        var settings = StftSettings.Default;
        float[] x = Signals.Chirp(22050, 150, 5000, 22050);
        for (int i = 0; i < x.Length; i++)
        {
            x[i] *= 0.2f + (0.8f * i / x.Length); // a level ramp: chunk maxima differ
        }

        MagnitudeSpectrogram target = settings.StftMagnitude(x);
        float[] managed = new McnnReconstructor(settings).Reconstruct(target).Signal;
        float[] ort = new McnnReconstructor(settings) { Backend = NeuralBackend.OnnxRuntime, ChunkFrames = 16 }.Reconstruct(target).Signal;
        double scManaged = Metrics.QualityMetrics.SpectralConvergenceDb(settings.StftMagnitude(managed), target);
        double scOrt = Metrics.QualityMetrics.SpectralConvergenceDb(settings.StftMagnitude(ort), target);
        Assert.True(scOrt <= scManaged + 0.5, $"SC managed (one pass) {scManaged:F2} dB, ONNX Runtime in 16-frame chunks {scOrt:F2} dB");
    }

    [Fact]
    public void Gtnet_onnxruntime_streaming_allocates_nothing_per_frame()
    {
        var settings = StftSettings.Default;
        MagnitudeSpectrogram target = settings.StftMagnitude(Signals.Chirp(22050, 200, 4000, 22050));
        using IStreamingPhaseReconstructor stream = new GtNetReconstructor(settings) { Backend = NeuralBackend.OnnxRuntime }.CreateStreaming();
        var output = new float[settings.Hop];
        int frame = 0;
        long bytes = Allocations.Measure(() =>
        {
            stream.ProcessFrame(target.Frame(frame), output);
            frame = (frame + 1) % target.FrameCount;
        });
        Assert.Equal(0, bytes);
    }

    [Fact]
    public void An_unavailable_gpu_provider_is_a_clear_error_unless_fallback_is_allowed()
    {
        var settings = StftSettings.Default;
        var cuda = new GtNetReconstructor(settings)
        {
            Backend = NeuralBackend.OnnxRuntime,
            OnnxRuntimeOptions = new OnnxRuntimeOptions { Provider = ExecutionProvider.Cuda },
        };
        if (OnnxRuntimeSession.GetAvailableProviders().Contains("CUDAExecutionProvider"))
        {
            return; // a machine with CUDA: the error path cannot be provoked here
        }

        Exception e = Assert.ThrowsAny<Exception>(() => cuda.CreateStreaming());
        Assert.Contains("CUDA", e.Message, StringComparison.OrdinalIgnoreCase);
        var fallback = new GtNetReconstructor(settings)
        {
            Backend = NeuralBackend.OnnxRuntime,
            OnnxRuntimeOptions = new OnnxRuntimeOptions { Provider = ExecutionProvider.Cuda, AllowFallbackToCpu = true },
        };
        using IStreamingPhaseReconstructor stream = fallback.CreateStreaming();
        Assert.Equal("gtnet", stream.Name);
    }

    [Fact]
    public void Gtnet_and_mcnn_run_on_the_applications_own_session_options()
    {
        // What an application does for DirectML, CoreML, OpenVINO, …: its own SessionOptions with its provider. Here the
        // CPU provider registered explicitly, so the result must equal Phase's default session bit for bit.
        using var so = new Microsoft.ML.OnnxRuntime.SessionOptions { IntraOpNumThreads = 1 };
        so.AppendExecutionProvider_CPU(0);
        var custom = new OnnxRuntimeOptions { Provider = ExecutionProvider.Custom, SessionOptions = so, RequiredProvider = "CPUExecutionProvider" };
        var settings = StftSettings.Default;
        MagnitudeSpectrogram target = settings.StftMagnitude(Signals.Chirp(11025, 200, 3000, 22050));

        float[] gtDefault = new GtNetReconstructor(settings) { Backend = NeuralBackend.OnnxRuntime }.Reconstruct(target).Signal;
        float[] gtCustom = new GtNetReconstructor(settings) { Backend = NeuralBackend.OnnxRuntime, OnnxRuntimeOptions = custom }.Reconstruct(target).Signal;
        Assert.Equal(gtDefault, gtCustom);

        float[] mcDefault = new McnnReconstructor(settings) { Backend = NeuralBackend.OnnxRuntime }.Reconstruct(target).Signal;
        float[] mcCustom = new McnnReconstructor(settings) { Backend = NeuralBackend.OnnxRuntime, OnnxRuntimeOptions = custom }.Reconstruct(target).Signal;
        Assert.Equal(mcDefault, mcCustom);

        // The application's options are still usable afterwards (Phase never disposes them).
        Assert.False(so.IsInvalid);
        using IStreamingPhaseReconstructor stream = new GtNetReconstructor(settings) { Backend = NeuralBackend.OnnxRuntime, OnnxRuntimeOptions = custom }.CreateStreaming();
        stream.ProcessFrame(target.Frame(0), new float[settings.Hop]);

        // A provider the loaded build lacks: the CPU-wins explanation, for gtnet as for any session.
        var dml = custom with { RequiredProvider = "DmlExecutionProvider" };
        var e = Assert.Throws<OnnxRuntimeProviderUnavailableException>(() =>
            new GtNetReconstructor(settings) { Backend = NeuralBackend.OnnxRuntime, OnnxRuntimeOptions = dml }.CreateStreaming());
        Assert.Contains("DmlExecutionProvider", e.Message, StringComparison.Ordinal);
    }
}
