using System.Globalization;
using Phase.Fourier;
using Phase.Resampling;

namespace Phase.Metrics;

/// <summary>
/// The analysis shared by STOI (Taal, Hendriks, Heusdens and Jensen, IEEE TASLP 19(7), 2011) and ESTOI (Jensen and Taal,
/// IEEE/ACM TASLP 24(11), 2016), with the parameters of the papers and of the authors' reference MATLAB code.
/// </summary>
/// <remarks>
/// Envelopes are stored band-major: <c>env[j·M + m]</c> is band <c>j</c> (0 … 14) in frame <c>m</c> (0 … M − 1), so each
/// band's time series is contiguous. All arithmetic after the FFT is in double precision.
/// </remarks>
internal static class ShortTimeIntelligibility
{
    public const int SampleRate = 10_000;
    public const int FrameLength = 256;
    public const int Hop = FrameLength / 2;
    public const int FftSize = 512;
    public const int BandCount = 15;
    public const double LowestCentreHz = 150;
    public const int SegmentLength = 30;
    public const double ClippingBoundDb = -15;
    public const double DynamicRangeDb = 40;

    // The resampling filter of the reference implementation (MATLAB's resample): transition 0.95 … 1.05 of the lower
    // Nyquist frequency, 60 dB. Aliasing stays above 4.75 kHz at 10 kHz, clear of the highest band (≤ 4.28 kHz).
    public const double ResamplerPassband = 0.95;
    public const double ResamplerStopband = 1.05;
    public const double ResamplerAttenuationDb = 60;

    /// <summary>The smallest number of frames that survive silent-frame removal: <c>N + 1</c>, because re-analysing the
    /// overlap-added signal yields one frame fewer than were kept.</summary>
    public const int MinimumKeptFrames = SegmentLength + 1;

    // MATLAB's hanning(256): 0.5·(1 − cos(2πk/257)), k = 1 … 256 (a symmetric Hann of 258 points without its zero ends).
    // Written once, never modified.
    private static readonly double[] s_window = CreateWindow();

    // Bins [Low, High) of each one-third-octave band at 10 kHz with a 512-point FFT. Written once, never modified.
    private static readonly (int Low, int High)[] s_bands = CreateBands();

    /// <summary>One-third-octave band edges as FFT bin ranges <c>[low, high)</c>.</summary>
    public static ReadOnlySpan<(int Low, int High)> Bands => s_bands;

    /// <summary>Resamples to 10 kHz, removes the frames where the reference is silent from both signals, and returns the
    /// one-third-octave envelopes <c>X_j(m) = √(Σ_{k ∈ band j} |X(k, m)|²)</c> of both.</summary>
    public static (double[] Reference, double[] Estimate, int Frames) Envelopes(ReadOnlySpan<float> estimate, ReadOnlySpan<float> reference, int sampleRate)
    {
        float[]? reference10 = null, estimate10 = null;
        if (sampleRate != SampleRate)
        {
            PolyphaseResampler resampler;
            try
            {
                resampler = new PolyphaseResampler(sampleRate, SampleRate, ResamplerPassband, ResamplerAttenuationDb, ResamplerStopband);
            }
            catch (ArgumentOutOfRangeException e)
            {
                throw new ArgumentOutOfRangeException("sampleRate", sampleRate, e.Message);
            }

            reference10 = resampler.Process(reference);
            estimate10 = resampler.Process(estimate);
        }

        ReadOnlySpan<float> x = reference10 ?? reference;
        ReadOnlySpan<float> y = estimate10 ?? estimate;

        var (xs, ys, kept) = RemoveSilentFrames(x, y, sampleRate);
        int frames = kept - 1;
        return (BandEnvelopes(xs, frames), BandEnvelopes(ys, frames), frames);
    }

    /// <summary>STOI from the envelopes: the mean over bands j and segments m of the correlation between the reference
    /// segment <c>x_{j,m}</c> (N = 30 frames) and the normalised, clipped estimate
    /// <c>y'(n) = min(‖x‖/‖y‖ · y(n), (1 + 10^(−β/20))·x(n))</c>, β = −15 dB.</summary>
    public static double Stoi(double[] x, double[] y, int frames)
    {
        double clip = 1 + Math.Pow(10, -ClippingBoundDb / 20);
        int segments = frames - SegmentLength + 1;
        Span<double> clipped = stackalloc double[SegmentLength];
        double sum = 0;
        for (int j = 0; j < BandCount; j++)
        {
            for (int m = 0; m < segments; m++)
            {
                ReadOnlySpan<double> xs = x.AsSpan(j * frames + m, SegmentLength);
                ReadOnlySpan<double> ys = y.AsSpan(j * frames + m, SegmentLength);
                double xx = 0, yy = 0;
                for (int n = 0; n < SegmentLength; n++)
                {
                    xx += xs[n] * xs[n];
                    yy += ys[n] * ys[n];
                }

                // A silent estimate band has no scale; it stays silent (and then correlates as 0).
                double alpha = yy > 0 ? Math.Sqrt(xx / yy) : 0;
                for (int n = 0; n < SegmentLength; n++)
                {
                    clipped[n] = Math.Min(alpha * ys[n], clip * xs[n]);
                }

                sum += Correlation(xs, clipped);
            }
        }

        return sum / ((double)BandCount * segments);
    }

    /// <summary>ESTOI from the envelopes: for each segment, the J × N matrices are normalised to zero-mean, unit-norm rows
    /// (band envelopes over time) and then zero-mean, unit-norm columns (spectra at one time); the segment's score is
    /// <c>(1/N)·Σ_n x̌_nᵀ y̌_n</c>, and ESTOI is its mean over segments.</summary>
    public static double Estoi(double[] x, double[] y, int frames)
    {
        int segments = frames - SegmentLength + 1;
        var xm = new double[BandCount * SegmentLength];
        var ym = new double[BandCount * SegmentLength];
        double sum = 0;
        for (int m = 0; m < segments; m++)
        {
            for (int j = 0; j < BandCount; j++)
            {
                x.AsSpan(j * frames + m, SegmentLength).CopyTo(xm.AsSpan(j * SegmentLength));
                y.AsSpan(j * frames + m, SegmentLength).CopyTo(ym.AsSpan(j * SegmentLength));
            }

            NormaliseRowsThenColumns(xm);
            NormaliseRowsThenColumns(ym);
            double dot = 0;
            for (int i = 0; i < xm.Length; i++)
            {
                dot += xm[i] * ym[i];
            }

            sum += dot / SegmentLength;
        }

        return sum / segments;
    }

    /// <summary>Pearson correlation; 0 when either vector is constant (the reference implementation's divide-by-zero
    /// guard gives the same).</summary>
    private static double Correlation(ReadOnlySpan<double> a, ReadOnlySpan<double> b)
    {
        double ma = 0, mb = 0;
        for (int i = 0; i < a.Length; i++)
        {
            ma += a[i];
            mb += b[i];
        }

        ma /= a.Length;
        mb /= b.Length;
        double ab = 0, aa = 0, bb = 0;
        for (int i = 0; i < a.Length; i++)
        {
            double da = a[i] - ma, db = b[i] - mb;
            ab += da * db;
            aa += da * da;
            bb += db * db;
        }

        return aa > 0 && bb > 0 ? ab / Math.Sqrt(aa * bb) : 0;
    }

    /// <summary>Row-major J × N matrix: rows to zero mean and unit norm, then columns likewise. A row or column of zero
    /// norm is left at zero (the MATLAB code adds eps-scale random noise instead; this keeps the measure deterministic).</summary>
    private static void NormaliseRowsThenColumns(Span<double> a)
    {
        const int rows = BandCount, cols = SegmentLength;
        for (int j = 0; j < rows; j++)
        {
            Span<double> row = a.Slice(j * cols, cols);
            double mean = 0;
            foreach (double v in row)
            {
                mean += v;
            }

            mean /= cols;
            double norm = 0;
            for (int n = 0; n < cols; n++)
            {
                row[n] -= mean;
                norm += row[n] * row[n];
            }

            double scale = norm > 0 ? 1 / Math.Sqrt(norm) : 0;
            for (int n = 0; n < cols; n++)
            {
                row[n] *= scale;
            }
        }

        for (int n = 0; n < cols; n++)
        {
            double mean = 0;
            for (int j = 0; j < rows; j++)
            {
                mean += a[j * cols + n];
            }

            mean /= rows;
            double norm = 0;
            for (int j = 0; j < rows; j++)
            {
                double v = a[j * cols + n] - mean;
                a[j * cols + n] = v;
                norm += v * v;
            }

            double scale = norm > 0 ? 1 / Math.Sqrt(norm) : 0;
            for (int j = 0; j < rows; j++)
            {
                a[j * cols + n] *= scale;
            }
        }
    }

    /// <summary>
    /// Frames of 256 samples with hop 128 start at <c>s = 0, 128, …</c> while <c>s &lt; n − 256</c> (as in the reference
    /// code). A frame is kept when its Hann-windowed energy is within 40 dB of the reference's loudest frame; the kept,
    /// windowed frames of both signals are overlap-added back to back, giving signals of <c>(K − 1)·128 + 256</c> samples.
    /// </summary>
    private static (double[] Reference, double[] Estimate, int Kept) RemoveSilentFrames(ReadOnlySpan<float> x, ReadOnlySpan<float> y, int sampleRate)
    {
        int n = x.Length;
        int frames = n > FrameLength ? (n - FrameLength + Hop - 1) / Hop : 0;
        if (frames < MinimumKeptFrames)
        {
            throw TooShort("reference", frames, sampleRate, n, "the signals are too short");
        }

        ReadOnlySpan<double> w = s_window;
        var energyDb = new double[frames];
        double maxDb = double.NegativeInfinity;
        for (int f = 0; f < frames; f++)
        {
            ReadOnlySpan<float> frame = x.Slice(f * Hop, FrameLength);
            double e = 0;
            for (int i = 0; i < FrameLength; i++)
            {
                double v = w[i] * frame[i];
                e += v * v;
            }

            energyDb[f] = 10 * Math.Log10(e);
            maxDb = Math.Max(maxDb, energyDb[f]);
        }

        if (double.IsNegativeInfinity(maxDb))
        {
            throw new ArgumentException("reference is silent (all its analysis frames are zero); STOI and ESTOI need a reference with speech in it.", "reference");
        }

        double threshold = maxDb - DynamicRangeDb;
        int kept = 0;
        foreach (double e in energyDb)
        {
            if (e > threshold)
            {
                kept++;
            }
        }

        if (kept < MinimumKeptFrames)
        {
            throw TooShort("reference", kept, sampleRate, n, "too few frames remain after removing the frames more than 40 dB below the loudest");
        }

        int length = (kept - 1) * Hop + FrameLength;
        var xs = new double[length];
        var ys = new double[length];
        int k = 0;
        for (int f = 0; f < frames; f++)
        {
            if (energyDb[f] > threshold)
            {
                ReadOnlySpan<float> xf = x.Slice(f * Hop, FrameLength), yf = y.Slice(f * Hop, FrameLength);
                int o = k * Hop;
                for (int i = 0; i < FrameLength; i++)
                {
                    xs[o + i] += w[i] * xf[i];
                    ys[o + i] += w[i] * yf[i];
                }

                k++;
            }
        }

        return (xs, ys, kept);
    }

    /// <summary>Hann-windowed 512-point spectra of the frames starting at <c>0, 128, …</c> (<c>s &lt; n − 256</c>) grouped
    /// into the one-third-octave bands.</summary>
    private static double[] BandEnvelopes(double[] signal, int frames)
    {
        var fft = new RealFft(FftSize);
        var frame = new float[FftSize];
        var re = new float[fft.BinCount];
        var im = new float[fft.BinCount];
        var power = new double[fft.BinCount];
        var envelopes = new double[BandCount * frames];
        ReadOnlySpan<double> w = s_window;
        for (int m = 0; m < frames; m++)
        {
            for (int i = 0; i < FrameLength; i++)
            {
                frame[i] = (float)(w[i] * signal[m * Hop + i]);
            }

            fft.Forward(frame, re, im);
            for (int k = 0; k < power.Length; k++)
            {
                power[k] = (double)re[k] * re[k] + (double)im[k] * im[k];
            }

            for (int j = 0; j < BandCount; j++)
            {
                double e = 0;
                for (int k = s_bands[j].Low; k < s_bands[j].High; k++)
                {
                    e += power[k];
                }

                envelopes[j * frames + m] = Math.Sqrt(e);
            }
        }

        return envelopes;
    }

    private static ArgumentException TooShort(string paramName, int frames, int sampleRate, int samples10k, string why) =>
        new(string.Create(CultureInfo.InvariantCulture,
            $"STOI/ESTOI need at least {MinimumKeptFrames} non-silent {FrameLength}-sample frames at 10 kHz (one {SegmentLength}-frame, 384 ms analysis segment after re-framing), " +
            $"but {why}: {frames} frame(s) from {samples10k} samples at 10 kHz (input rate {sampleRate} Hz). Pass at least about 0.42 s of active speech."),
            paramName);

    private static double[] CreateWindow()
    {
        var w = new double[FrameLength];
        for (int k = 0; k < FrameLength; k++)
        {
            w[k] = 0.5 * (1 - Math.Cos(2 * Math.PI * (k + 1) / (FrameLength + 1)));
        }

        return w;
    }

    /// <summary>Band j has centre <c>150·2^(j/3)</c> Hz and edges <c>150·2^((2j ∓ 1)/6)</c> Hz, each rounded to the nearest
    /// FFT bin (<c>k·10000/512</c> Hz); the band holds bins <c>[low, high)</c>.</summary>
    private static (int Low, int High)[] CreateBands()
    {
        var bands = new (int, int)[BandCount];
        for (int j = 0; j < BandCount; j++)
        {
            bands[j] = (NearestBin(LowestCentreHz * Math.Pow(2, (2.0 * j - 1) / 6)), NearestBin(LowestCentreHz * Math.Pow(2, (2.0 * j + 1) / 6)));
        }

        return bands;
    }

    private static int NearestBin(double hz)
    {
        // The first bin with the smallest distance, as MATLAB's min and numpy's argmin pick.
        int best = 0;
        double bestDistance = double.PositiveInfinity;
        for (int k = 0; k <= FftSize / 2; k++)
        {
            double d = Math.Abs(k * (double)SampleRate / FftSize - hz);
            if (d < bestDistance)
            {
                best = k;
                bestDistance = d;
            }
        }

        return best;
    }
}
