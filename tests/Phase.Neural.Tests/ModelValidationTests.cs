using Phase.Metrics;
using Phase.Neural;
using Phase.Neural.GtNet;
using Phase.Neural.Mcnn;
using Phase.Neural.Onnx;
using Phase.Neural.Onnx.Proto;
using Phase.Neural.OnnxRuntime;
using Phase.Stft;
using Phase.Testing;
using Xunit.Abstractions;

namespace Phase.Tests;

/// <summary>The loader rejects damaged models when they are loaded, naming the file (models damaged by mutating the
/// shipped ones), refuses non-regular files before reading them, escapes text from the file, and accepts models for
/// other STFT settings.</summary>
public sealed class ModelValidationTests(ITestOutputHelper output)
{
    [Theory]
    [InlineData("gtnet-lookahead.onnx", "layers.1.weight", float.NaN)]
    [InlineData("gtnet-causal.onnx", "skip.weight", float.PositiveInfinity)]
    [InlineData("mcnn.onnx", null, float.NaN)]
    public void Non_finite_weights_are_refused_at_load_naming_file_tensor_and_element(string file, string? initializer, float bad)
    {
        string? name = initializer;
        byte[] bytes = ModelMutation.Mutate(file, m =>
        {
            name ??= m.Graph.Initializer.Where(t => t.Dims.Aggregate(1L, (a, b) => a * b) > 10).Skip(3).First().Name;
            ModelMutation.SetWeight(m, name, 7, bad);
        });
        var e = Assert.Throws<InvalidDataException>(() => Load(file, bytes, "damaged.onnx"));
        output.WriteLine(e.Message);
        Assert.Contains("'damaged.onnx'", e.Message, StringComparison.Ordinal);
        Assert.Contains($"'{name}'", e.Message, StringComparison.Ordinal);
        Assert.Contains("non-finite weight", e.Message, StringComparison.Ordinal);
        Assert.Contains("element 7", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_non_finite_model_file_makes_the_registry_fail_with_the_file_not_the_input()
    {
        string path = TempFile(ModelMutation.Mutate("mcnn.onnx", m =>
            ModelMutation.SetWeight(m, m.Graph.Initializer.First(t => t.Dims.Count > 1).Name, 0, float.NaN)));
        try
        {
            var e = Assert.Throws<InvalidDataException>(() => NeuralMethods.Descriptors.Single(d => d.Name == "mcnn")
                .Create(StftSettings.Default, new ReconstructorParameters { Extra = new Dictionary<string, string> { ["model"] = path } }));
            Assert.Contains(path, e.Message, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void A_node_that_lost_an_input_is_named_instead_of_an_index_error()
    {
        byte[] bytes = ModelMutation.Mutate("gtnet-lookahead.onnx", m =>
        {
            NodeProto conv = m.Graph.Node.First(n => n.OpType == "Conv");
            conv.Input.RemoveAt(1); // the weight
            conv.Input.RemoveAt(1); // the bias
        });
        var e = Assert.Throws<InvalidDataException>(() => GtNetModel.Load(bytes, "lost-input.onnx"));
        output.WriteLine(e.Message);
        Assert.Contains("'lost-input.onnx'", e.Message, StringComparison.Ordinal);
        Assert.Contains("(Conv", e.Message, StringComparison.Ordinal);
        Assert.Contains("Conv needs at least 2", e.Message, StringComparison.Ordinal);

        byte[] unwired = ModelMutation.Mutate("mcnn.onnx", m => m.Graph.Node[2].Input[0] = "nowhere");
        var u = Assert.Throws<InvalidDataException>(() => McnnModel.Load(unwired, "unwired.onnx"));
        output.WriteLine(u.Message);
        Assert.Contains("reads 'nowhere', which no graph input, initializer or earlier node produces", u.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Devices_and_directories_are_refused_before_reading()
    {
        if (!File.Exists("/dev/zero"))
        {
            return; // not a Unix machine
        }

        // /dev/zero reports 0 bytes and never ends: refused after one probing byte, not after reading gigabytes.
        var e = Assert.Throws<InvalidDataException>(() => GtNetModel.Load("/dev/zero"));
        output.WriteLine(e.Message);
        Assert.Contains("'/dev/zero' is not a regular file", e.Message, StringComparison.Ordinal);
        Assert.Throws<InvalidDataException>(() => McnnModel.Load("/dev/zero"));
        Assert.Throws<InvalidDataException>(() => new OnnxRuntimeSession("/dev/zero"));
        var viaRegistry = Assert.Throws<InvalidDataException>(() => NeuralMethods.Descriptors.Single(d => d.Name == "gtnet")
            .Create(StftSettings.Default, new ReconstructorParameters { Extra = new Dictionary<string, string> { ["model"] = "/dev/zero" } }));
        Assert.Contains("/dev/zero", viaRegistry.Message, StringComparison.Ordinal);
        var dir = Assert.Throws<InvalidDataException>(() => OnnxModel.Load(Path.GetTempPath()));
        Assert.Contains("is a directory", dir.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Metadata_text_is_escaped_before_it_reaches_a_message()
    {
        byte[] bytes = ModelMutation.Mutate("gtnet-causal.onnx", m => ModelMutation.SetMetadata(m, "model_kind", "evil\u001b]0;owned\u0007\u001b[31m"));
        var e = Assert.Throws<InvalidDataException>(() => GtNetModel.Load(bytes, "escape.onnx"));
        output.WriteLine(e.Message);
        Assert.DoesNotContain('\u001b', e.Message);
        Assert.DoesNotContain('\u0007', e.Message);
        Assert.Contains(@"'evil\x1B]0;owned\x07\x1B[31m'", e.Message, StringComparison.Ordinal);

        byte[] window = ModelMutation.Mutate("mcnn.onnx", m => ModelMutation.SetMetadata(m, "window", "hann\r\nfake: line"));
        var w = Assert.Throws<InvalidDataException>(() => McnnModel.Load(window, "window.onnx"));
        Assert.Contains(@"'hann\x0D\x0Afake: line'", w.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_shipped_model_with_other_settings_fails_only_when_used_and_says_how_to_pass_a_model()
    {
        var settings16k = new StftSettings(512, 128, sampleRate: 16000);
        var gtnet = new GtNetReconstructor(settings16k); // no check before a model could be applied
        var e = Assert.Throws<ArgumentException>("settings", () => gtnet.CreateStreaming());
        output.WriteLine(e.Message);
        Assert.Contains("gtnet-lookahead.onnx (embedded)", e.Message, StringComparison.Ordinal);
        Assert.Contains("--param model=PATH", e.Message, StringComparison.Ordinal);
        var m = Assert.Throws<ArgumentException>("settings", () => new McnnReconstructor(settings16k).Reconstruct(
            settings16k.StftMagnitude(Signals.Sine(4000, 440, 16000))));
        Assert.Contains("mcnn.onnx (embedded)", m.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_16_kHz_gtnet_for_fft_512_hop_128_runs_managed_and_on_onnx_runtime_and_through_the_registry()
    {
        var settings = new StftSettings(512, 128, sampleRate: 16000);
        byte[] bytes = ModelMutation.GtNetFor(16000, 512, 128);
        GtNetModel model = GtNetModel.Load(bytes, "gtnet-16k.onnx");
        Assert.Equal(257, model.BinCount);
        Assert.Throws<ArgumentException>(() => model.ThrowIfIncompatible(StftSettings.Default, "settings"));

        // A voiced, gliding signal at 16 kHz: harmonics of 120 → 220 Hz, 1.5 s.
        int n = 24000;
        var x = new float[n];
        double phase = 0;
        for (int i = 0; i < n; i++)
        {
            phase += 2 * Math.PI * (120 + (100.0 * i / n)) / 16000;
            for (int h = 1; h <= 12; h++)
            {
                x[i] += (float)(0.08 / h * Math.Sin(h * phase));
            }
        }

        MagnitudeSpectrogram target = settings.StftMagnitude(x);
        var length = new ReconstructionOptions { SignalLength = n };
        float[] managed = new GtNetReconstructor(settings) { Model = model }.Reconstruct(target, length).Signal;
        float[] ort = new GtNetReconstructor(settings) { Model = model, Backend = NeuralBackend.OnnxRuntime }.Reconstruct(target, length).Signal;
        Assert.Equal(x.Length, managed.Length);
        Assert.All(managed, v => Assert.True(float.IsFinite(v)));
        double sc = QualityMetrics.SpectralConvergenceDb(settings.StftMagnitude(managed), target);
        double scOrt = QualityMetrics.SpectralConvergenceDb(settings.StftMagnitude(ort), target);
        // Independent reference at equal latency: RTPGHI with the analytic derivatives (same hop/FFT ratio, so the same
        // relations in bin units that gtnet's skip path starts from).
        double scRtpghi = QualityMetrics.SpectralConvergenceDb(settings.StftMagnitude(
            new Phase.GradientTheorem.Rtpghi(settings) { Gradients = new Phase.GradientTheorem.AnalyticPhaseGradients(1) }.Reconstruct(target).Signal), target);
        output.WriteLine($"SC gtnet-16k managed {sc:F2} dB, ONNX Runtime {scOrt:F2} dB, RTPGHI {scRtpghi:F2} dB");
        // Measured: gtnet-16k −22.3 dB, RTPGHI −24.0 dB. The weights were trained at 22050 Hz/1024, not for these settings,
        // so equality with RTPGHI is not expected; a model that ran wrongly (bins misread, wrong hop) lands near the
        // −5 dB of zero phase.
        Assert.True(sc <= -18, $"SC {sc:F2} dB");
        Assert.True(sc <= scRtpghi + 3.0, $"gtnet-16k SC {sc:F2} dB vs RTPGHI {scRtpghi:F2} dB");
        Assert.True(Math.Abs(sc - scOrt) <= 0.1, $"managed {sc:F2} dB vs ONNX Runtime {scOrt:F2} dB");
        double peakIn = x.Max(Math.Abs), peakOut = managed.Max(Math.Abs);
        Assert.InRange(peakOut, 0.5 * peakIn, 1.6 * peakIn);
        Assert.InRange(Rms(managed.AsSpan(n / 4, n / 2)) / Rms(x.AsSpan(n / 4, n / 2)), 0.7, 1.3);

        // Through the registry (the CLI's path): the user's file is opened and used with the 16 kHz settings.
        string path = TempFile(bytes);
        try
        {
            var viaRegistry = Assert.IsType<GtNetReconstructor>(NeuralMethods.Descriptors.Single(d => d.Name == "gtnet")
                .Create(settings, new ReconstructorParameters { Extra = new Dictionary<string, string> { ["model"] = path } }));
            Assert.Equal(path, viaRegistry.Model.Onnx.Source);
            using IStreamingPhaseReconstructor stream = viaRegistry.CreateStreaming();
            var hop = new float[settings.Hop];
            stream.ProcessFrame(target.Frame(0), hop);
        }
        finally
        {
            File.Delete(path);
        }
    }

    private static double Rms(ReadOnlySpan<float> x)
    {
        double sum = 0;
        foreach (float v in x)
        {
            sum += v * (double)v;
        }

        return Math.Sqrt(sum / x.Length);
    }

    private static object Load(string file, byte[] bytes, string source) =>
        file.StartsWith("mcnn", StringComparison.Ordinal) ? McnnModel.Load(bytes, source) : GtNetModel.Load(bytes, source);

    private static string TempFile(byte[] bytes)
    {
        string path = Path.Combine(Path.GetTempPath(), $"phase-model-{Guid.NewGuid():N}.onnx");
        File.WriteAllBytes(path, bytes);
        return path;
    }
}
