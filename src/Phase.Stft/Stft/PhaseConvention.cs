namespace Phase.Stft;

/// <summary>
/// Converts complex spectrograms between Phase's time-invariant (frame-centre) phase and the frame-start phase used by
/// librosa, torch.stft and scipy.
/// </summary>
/// <remarks>
/// <para>Phase references each frame's phase to its centre (<see cref="StftPlan"/>). The frame-start convention
/// references it to the frame's first sample <c>s_n = c_n − h</c>, <c>h = ⌊N/2⌋</c>:
/// <c>X_start[n, k] = Σ_j x[s_n + j]·fw[j]·e^{−2πikj/N} = X[n, k]·e^{−2πikh/N}</c>. For even <c>N</c> the factor is
/// <c>(−1)^k</c>, so both directions negate the odd bins. With reflect padding, <see cref="ToFrameStart(Span{float}, Span{float}, int)"/>
/// of Phase's STFT equals <c>librosa.stft(x, n_fft=N, hop_length=H, win_length=Nw, center=True, pad_mode="reflect")</c>
/// (transposed) for the same periodic window.</para>
/// <para>O(F·K), in place, allocation-free (odd <c>N</c> uses a stack buffer of up to 2 K floats per call when
/// <c>K ≤ 2048</c>, pooled otherwise), thread-safe.</para>
/// </remarks>
public static class PhaseConvention
{
    /// <summary>Time-invariant → frame-start: multiplies bin <c>k</c> of every frame by <c>e^{−2πik⌊N/2⌋/N}</c> in place.</summary>
    /// <param name="real">Frame-major real parts, a whole number of frames of <c>K = ⌊N/2⌋ + 1</c> bins.</param>
    /// <param name="imag">Frame-major imaginary parts, same length.</param>
    /// <param name="fftSize">FFT size <c>N</c>, ≥ 2.</param>
    /// <exception cref="ArgumentException">The planes differ in length or are not a multiple of <c>K</c> long.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="fftSize"/> is less than 2.</exception>
    public static void ToFrameStart(Span<float> real, Span<float> imag, int fftSize) => Rotate(real, imag, fftSize, -1);

    /// <summary>Frame-start → time-invariant: multiplies bin <c>k</c> of every frame by <c>e^{+2πik⌊N/2⌋/N}</c> in place.</summary>
    /// <param name="real">Frame-major real parts, a whole number of frames of <c>K = ⌊N/2⌋ + 1</c> bins.</param>
    /// <param name="imag">Frame-major imaginary parts, same length.</param>
    /// <param name="fftSize">FFT size <c>N</c>, ≥ 2.</param>
    /// <exception cref="ArgumentException">The planes differ in length or are not a multiple of <c>K</c> long.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="fftSize"/> is less than 2.</exception>
    public static void ToTimeInvariant(Span<float> real, Span<float> imag, int fftSize) => Rotate(real, imag, fftSize, +1);

    /// <summary>Time-invariant → frame-start, in place, for a spectrogram of <paramref name="settings"/>.</summary>
    /// <param name="spectrogram">The spectrogram (modified).</param>
    /// <param name="settings">Its STFT settings.</param>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentException">The bin count does not match the settings.</exception>
    public static void ToFrameStart(ComplexSpectrogram spectrogram, StftSettings settings)
    {
        ArgumentNullException.ThrowIfNull(spectrogram);
        ArgumentNullException.ThrowIfNull(settings);
        settings.ThrowIfBinCountMismatch(spectrogram.BinCount, nameof(spectrogram));
        ToFrameStart(spectrogram.Real, spectrogram.Imaginary, settings.FftSize);
    }

    /// <summary>Frame-start → time-invariant, in place, for a spectrogram of <paramref name="settings"/>.</summary>
    /// <param name="spectrogram">The spectrogram (modified).</param>
    /// <param name="settings">Its STFT settings.</param>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentException">The bin count does not match the settings.</exception>
    public static void ToTimeInvariant(ComplexSpectrogram spectrogram, StftSettings settings)
    {
        ArgumentNullException.ThrowIfNull(spectrogram);
        ArgumentNullException.ThrowIfNull(settings);
        settings.ThrowIfBinCountMismatch(spectrogram.BinCount, nameof(spectrogram));
        ToTimeInvariant(spectrogram.Real, spectrogram.Imaginary, settings.FftSize);
    }

    private static void Rotate(Span<float> real, Span<float> imag, int fftSize, int sign)
    {
        if (fftSize < 2)
        {
            StftThrowHelper.ArgumentOutOfRange(nameof(fftSize), fftSize, $"The FFT size must be at least 2; got {fftSize}.");
        }

        int bins = fftSize / 2 + 1;
        if (real.Length != imag.Length || real.Length % bins != 0)
        {
            StftThrowHelper.Argument(nameof(real), $"The planes must have equal lengths that are a multiple of K = {bins}; got {real.Length} and {imag.Length}.");
        }

        int frames = real.Length / bins;
        if (fftSize % 2 == 0)
        {
            // e^{∓iπk} = (−1)^k: negate the odd bins, the same in both directions.
            for (int f = 0; f < frames; f++)
            {
                Span<float> re = real.Slice(f * bins, bins), im = imag.Slice(f * bins, bins);
                for (int k = 1; k < bins; k += 2)
                {
                    re[k] = -re[k];
                    im[k] = -im[k];
                }
            }

            return;
        }

        int half = fftSize / 2;
        float[]? rented = null;
        Span<float> table = bins <= 2048 ? stackalloc float[2 * bins] : (rented = System.Buffers.ArrayPool<float>.Shared.Rent(2 * bins));
        Span<float> cos = table.Slice(0, bins), sin = table.Slice(bins, bins);
        for (int k = 0; k < bins; k++)
        {
            // (k·h mod N) keeps the angle exact for large k.
            double angle = sign * 2 * Math.PI * ((long)k * half % fftSize) / fftSize;
            cos[k] = (float)Math.Cos(angle);
            sin[k] = (float)Math.Sin(angle);
        }

        for (int f = 0; f < frames; f++)
        {
            Span<float> re = real.Slice(f * bins, bins), im = imag.Slice(f * bins, bins);
            for (int k = 0; k < bins; k++)
            {
                float a = re[k], b = im[k];
                re[k] = (a * cos[k]) - (b * sin[k]);
                im[k] = (a * sin[k]) + (b * cos[k]);
            }
        }

        if (rented is not null)
        {
            System.Buffers.ArrayPool<float>.Shared.Return(rented);
        }
    }
}
