using Phase.IO;
using Phase.Testing;

namespace Phase.Tests;

/// <summary>The phase tool with neural models: a user's model for other STFT settings, bad model files, and ONNX Runtime
/// asked of a tool built without a native library (this test project references none, like the packed tool).</summary>
public sealed class NeuralModelCommandTests
{
    private static string Model16k => Fixtures.Path("models", "gtnet-16k-fft512.onnx");

    [Fact]
    public void Invert_opens_the_users_model_for_16_kHz_settings()
    {
        using var dir = new TempDirectory();
        string wav = dir.File("in16k.wav");
        WavFile.Write(wav, Harmonics(16000, 24000), 16000);
        var r = CliRunner.Run("invert", wav, "-o", dir.File("out.wav"), "--method", "gtnet", "--window-length", "512", "--hop", "128",
            "--param", "model=" + Model16k);
        Assert.True(r.ExitCode == 0, r.Err + r.Out);
        WavData output = WavFile.Read(dir.File("out.wav"));
        Assert.Equal(16000, output.SampleRate);
        Assert.Equal(24000, output.FrameCount);

        // The shipped model with these settings: refused, naming the embedded model and how to pass one.
        var shipped = CliRunner.Run("invert", wav, "-o", dir.File("out2.wav"), "--method", "gtnet", "--window-length", "512", "--hop", "128");
        Assert.NotEqual(0, shipped.ExitCode);
        Assert.Contains("gtnet-lookahead.onnx (embedded)", shipped.Err, StringComparison.Ordinal);
        Assert.Contains("--param model=PATH", shipped.Err, StringComparison.Ordinal);
    }

    [Fact]
    public void A_device_as_model_is_refused_without_reading_it()
    {
        if (!File.Exists("/dev/zero"))
        {
            return;
        }

        using var dir = new TempDirectory();
        var r = CliRunner.Run("invert", Fixtures.SpeechClips()[0], "-o", dir.File("out.wav"), "--method", "gtnet", "--param", "model=/dev/zero");
        Assert.Equal(1, r.ExitCode);
        Assert.Contains("'/dev/zero' is not a regular file", r.Err, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", r.Err, StringComparison.Ordinal);
    }

    [Fact]
    public void Onnx_runtime_in_a_tool_without_the_native_library_says_which_package_and_how_to_build_it()
    {
        using var dir = new TempDirectory();
        var r = CliRunner.Run("invert", Fixtures.SpeechClips()[0], "-o", dir.File("out.wav"), "--method", "gtnet", "--param", "backend=onnxruntime");
        Assert.Equal(1, r.ExitCode);
        Assert.Contains("Microsoft.ML.OnnxRuntime 1.32.0", r.Err, StringComparison.Ordinal);
        Assert.Contains("Microsoft.ML.OnnxRuntime.Gpu 1.32.0", r.Err, StringComparison.Ordinal);
        Assert.Contains("-p:PhaseOnnxRuntime=cpu", r.Err, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", r.Err, StringComparison.Ordinal);
        Assert.False(File.Exists(dir.File("out.wav")));
    }

    private static float[] Harmonics(int sampleRate, int n)
    {
        var x = new float[n];
        double phase = 0;
        for (int i = 0; i < n; i++)
        {
            phase += 2 * Math.PI * (120 + (100.0 * i / n)) / sampleRate;
            for (int h = 1; h <= 12; h++)
            {
                x[i] += (float)(0.08 / h * Math.Sin(h * phase));
            }
        }

        return x;
    }
}
