using System.Globalization;

namespace Phase.Neural.Vocoder;

/// <summary>
/// The inverse STFT a vocoder head's spectra go through, in torch.istft's terms (the terms of sherpa-onnx's metadata):
/// FFT size, hop, window length and type (periodic), centring, normalisation, and the sample rate of the audio.
/// </summary>
/// <remarks>
/// <para>With <see cref="Centered"/>, output frame <c>t</c> is centred on sample <c>t·H</c> (torch.istft
/// <c>center=True</c>, which drops <c>N/2</c> samples at the start); otherwise it starts at sample <c>t·H</c>.
/// <see cref="Normalized"/> means the model's spectra are scaled by <c>1/√N</c> (torch.stft <c>normalized=True</c>);
/// they are multiplied by <c>√N</c> before the inverse. The window-square-sum normalisation of the overlap-add is
/// torch.istft's (and Phase's).</para>
/// <para>Immutable; <see cref="ToStftSettings"/> validates (NOLA included).</para>
/// </remarks>
/// <param name="FftSize"><c>n_fft</c>.</param>
/// <param name="Hop"><c>hop_length</c>.</param>
/// <param name="WindowLength"><c>win_length</c> (the window is centred in the FFT frame, as torch does).</param>
/// <param name="Window">The periodic window family (<c>window_type</c>: hann, hamming, blackman, rectangular).</param>
/// <param name="Centered"><c>center</c>.</param>
/// <param name="Normalized"><c>normalized</c>.</param>
/// <param name="SampleRate">Sample rate of the output in Hz (metadata <c>sample_rate</c>).</param>
public sealed record VocoderSpectrumSettings(int FftSize, int Hop, int WindowLength, WindowKind Window, bool Centered, bool Normalized, int SampleRate)
{
    /// <summary>sherpa-onnx's defaults for a Vocos model without metadata: 1024 / 256 / 1024, Hann, centred, not
    /// normalised; 22050 Hz.</summary>
    public static VocoderSpectrumSettings SherpaDefaults { get; } = new(1024, 256, 1024, WindowKind.Hann, true, false, 22050);

    /// <summary>Reads the settings from sherpa-onnx-style metadata; missing keys take <see cref="SherpaDefaults"/>.</summary>
    /// <param name="metadata">The model's <c>metadata_props</c>.</param>
    /// <returns>The settings.</returns>
    /// <exception cref="ArgumentException">A value is malformed or unsupported (the message names the key and what is allowed).</exception>
    public static VocoderSpectrumSettings FromMetadata(IReadOnlyDictionary<string, string> metadata)
    {
        ArgumentNullException.ThrowIfNull(metadata);
        VocoderSpectrumSettings d = SherpaDefaults;
        int nfft = Int(metadata, "n_fft", d.FftSize);
        int hop = Int(metadata, "hop_length", d.Hop);
        int win = Int(metadata, "win_length", nfft);
        int center = Int(metadata, "center", 1);
        int normalized = Int(metadata, "normalized", 0);
        int rate = Int(metadata, "sample_rate", d.SampleRate);
        if (center is not (0 or 1) || normalized is not (0 or 1))
        {
            throw new ArgumentException($"metadata center and normalized must be 0 or 1; got {center} and {normalized}.", nameof(metadata));
        }

        string windowType = metadata.TryGetValue("window_type", out string? w) ? w.Trim().ToLowerInvariant() : "hann";
        WindowKind window = windowType switch
        {
            "hann" or "hanning" => WindowKind.Hann,
            "hamming" => WindowKind.Hamming,
            "blackman" => WindowKind.Blackman,
            "rectangular" or "rect" or "boxcar" => WindowKind.Rectangular,
            _ => throw new ArgumentException($"metadata window_type '{DisplayText.Escape(windowType)}' is not supported; use hann, hamming, blackman or rectangular (periodic).", nameof(metadata)),
        };
        if (metadata.TryGetValue("pad_mode", out string? pad) && pad.Trim().ToLowerInvariant() is not ("reflect" or "constant" or "replicate" or "circular"))
        {
            throw new ArgumentException($"metadata pad_mode '{DisplayText.Escape(pad)}' is not a torch pad mode (reflect, constant, replicate, circular).", nameof(metadata));
        }

        var s = new VocoderSpectrumSettings(nfft, hop, win, window, center == 1, normalized == 1, rate);
        s.ToStftSettings();
        return s;
    }

    /// <summary>Phase's STFT settings for the inverse: centred (frame <c>t</c> at sample <c>t·H</c>) or uncentred.</summary>
    /// <returns>Validated settings.</returns>
    /// <exception cref="ArgumentException">The values are out of range or violate NOLA (the message says which).</exception>
    public StftSettings ToStftSettings()
    {
        try
        {
            return new StftSettings(WindowLength, Hop, FftSize, Window, SampleRate, Centered ? StftPadding.Reflect : StftPadding.Uncentered);
        }
        catch (ArgumentException e)
        {
            throw new ArgumentException($"The vocoder's STFT settings (n_fft {FftSize}, hop {Hop}, win {WindowLength}, {Window}, {SampleRate} Hz) are invalid: {e.Message}", nameof(FftSize), e);
        }
    }

    /// <summary>Samples the inverse makes from <paramref name="frames"/> frames without a length argument (torch.istft):
    /// <c>(T − 1)·H</c> centred, <c>(T − 1)·H + N</c> uncentred.</summary>
    /// <param name="frames">Frames <c>T ≥ 1</c>.</param>
    /// <returns>The length.</returns>
    public int NaturalLength(int frames) => Centered ? Math.Max(1, (frames - 1) * Hop) : ((frames - 1) * Hop) + FftSize;

    private static int Int(IReadOnlyDictionary<string, string> m, string key, int fallback)
    {
        if (!m.TryGetValue(key, out string? text))
        {
            return fallback;
        }

        return int.TryParse(text.Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out int v)
            ? v
            : throw new ArgumentException($"metadata {key} = '{DisplayText.Escape(text)}' is not a whole number.", nameof(m));
    }
}
