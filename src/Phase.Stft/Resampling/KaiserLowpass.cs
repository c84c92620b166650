namespace Phase.Resampling;

/// <summary>Kaiser-window low-pass FIR design (Kaiser 1974; Oppenheim &amp; Schafer, Discrete-Time Signal Processing,
/// §7.5.3), in double precision.</summary>
internal static class KaiserLowpass
{
    /// <summary>Kaiser's β for a stopband attenuation of <paramref name="attenuationDb"/> dB.</summary>
    public static double Beta(double attenuationDb) => attenuationDb switch
    {
        > 50 => 0.1102 * (attenuationDb - 8.7),
        >= 21 => 0.5842 * Math.Pow(attenuationDb - 21, 0.4) + 0.07886 * (attenuationDb - 21),
        _ => 0,
    };

    /// <summary>Kaiser's estimate of the filter order <c>M = (A − 7.95) / (14.36·Δf)</c>, with the transition width
    /// <c>Δf</c> as a fraction of the sample rate.</summary>
    public static double Order(double attenuationDb, double transitionFraction) => (attenuationDb - 7.95) / (14.36 * transitionFraction);

    /// <summary>
    /// Tap <paramref name="k"/> (0 … 2R) of the odd-length linear-phase low-pass <c>h[k] = 2·fc·sinc(2·fc·(k − R))·w[k]</c>
    /// before DC normalisation, with the cutoff <c>fc</c> as a fraction of the sample rate and the Kaiser window
    /// <c>w[k] = I0(β·√(1 − ((k − R)/R)²)) / I0(β)</c>.
    /// </summary>
    /// <param name="k">Tap index, 0 … 2R.</param>
    /// <param name="half">R, the filter's half-length (its delay in samples).</param>
    /// <param name="cutoffFraction">fc, the −6 dB cutoff as a fraction of the sample rate (0 &lt; fc &lt; 1/2).</param>
    /// <param name="beta">Kaiser β.</param>
    /// <param name="i0Beta">I0(β), passed in so it is computed once per filter.</param>
    public static double Tap(long k, long half, double cutoffFraction, double beta, double i0Beta)
    {
        double t = k - half;
        double x = 2 * cutoffFraction * t;
        double sinc = t == 0 ? 1 : Math.Sin(Math.PI * x) / (Math.PI * x);
        double r = half == 0 ? 0 : t / half;
        double window = BesselI0(beta * Math.Sqrt(Math.Max(0, 1 - r * r))) / i0Beta;
        return 2 * cutoffFraction * sinc * window;
    }

    /// <summary>The modified Bessel function of the first kind, order 0: <c>I0(x) = Σ_k ((x/2)^k / k!)²</c>. The series
    /// converges for every x; the loop stops when a term no longer changes the sum.</summary>
    public static double BesselI0(double x)
    {
        double q = x * x / 4;
        double term = 1, sum = 1;
        for (int k = 1; k < 500; k++)
        {
            term *= q / ((double)k * k);
            sum += term;
            if (term < sum * 1e-17)
            {
                break;
            }
        }

        return sum;
    }
}
