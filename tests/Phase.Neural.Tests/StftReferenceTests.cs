using Phase.Stft;
using Phase.Testing;

namespace Phase.Tests;

/// <summary>
/// The C# STFT equals the training code's STFT (onnx-models/training/phasedsp.py, reference vectors in
/// onnx-models/reference/stft written by make_stft_reference.py): the models saw exactly the magnitudes Phase computes.
/// </summary>
public sealed class StftReferenceTests
{
    public static TheoryData<string, StftPadding> Cases => new()
    {
        { "chirp", StftPadding.Reflect },
        { "chirp", StftPadding.Zero },
        { "short", StftPadding.Reflect },
        { "short", StftPadding.Zero },
        { "impulse", StftPadding.Reflect },
        { "impulse", StftPadding.Zero },
    };

    [Fact]
    public void Window_equals_the_training_window()
    {
        (float[] window, _) = Npy.Read(ModelFiles.Reference("stft", "window.npy"));
        Assert.True(Tolerance.MaxAbsDifference(StftSettings.Default.Window, window) <= 1e-7);
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Stft_equals_the_training_stft(string name, StftPadding padding)
    {
        string pad = padding == StftPadding.Reflect ? "reflect" : "zero";
        (float[] x, _) = Npy.Read(ModelFiles.Reference("stft", name + "_signal.npy"));
        (float[] re, int[] shape) = Npy.Read(ModelFiles.Reference("stft", $"{name}_{pad}_real.npy"));
        (float[] im, _) = Npy.Read(ModelFiles.Reference("stft", $"{name}_{pad}_imag.npy"));
        (float[] mag, _) = Npy.Read(ModelFiles.Reference("stft", $"{name}_{pad}_magnitude.npy"));
        var settings = new StftSettings(1024, 256, padding: padding);
        ComplexSpectrogram X = settings.Stft(x);
        Assert.Equal(shape[0], X.FrameCount);
        Assert.Equal(shape[1], X.BinCount);

        // Float32 transform of float32 input against a float64 reference: error relative to the spectrum's peak.
        float peak = mag.Max();
        Assert.True(Tolerance.MaxAbsDifference(X.Real, re) <= 2e-5 * peak, "real parts differ");
        Assert.True(Tolerance.MaxAbsDifference(X.Imaginary, im) <= 2e-5 * peak, "imaginary parts differ");
        Assert.True(Tolerance.MaxAbsDifference(X.ToMagnitude().Values, mag) <= 2e-5 * peak, "magnitudes differ");
    }
}
