using MathNet.Numerics;

namespace Phase;

/// <summary>
/// Window functions and their Gaussian-equivalent constants.
/// </summary>
/// <remarks>
/// <para>Every window is computed in double precision and rounded to float once. Formulas are on <see cref="WindowKind"/>.</para>
/// <para>The Gaussian-equivalent constant <c>C_g</c> gives the time-frequency spread <c>γ = C_g·Nw²</c> (samples²) of the
/// Gaussian <c>exp(−π m²/γ)</c> that best matches the window; the gradient-theorem methods use it to turn log-magnitude
/// derivatives into phase derivatives (Průša, Balazs and Søndergaard 2017).</para>
/// <para>All members are thread-safe and allocate only the arrays they return.</para>
/// </remarks>
public static class Window
{
    /// <summary>The default Gaussian window parameter <c>C</c> in <c>exp(−π (m − D/2)² / (C·Nw²))</c>: the edge samples are
    /// <c>exp(−π/(4C)) ≈ 0.0053</c> of the peak.</summary>
    public const double DefaultGaussianParameter = 0.15;

    /// <summary>The default Kaiser window parameter β (side-lobe level about −64 dB, similar to Blackman).</summary>
    public const double DefaultKaiserBeta = 8.6;

    /// <summary>The largest window length accepted (2²⁰ samples).</summary>
    public const int MaxLength = 1 << 20;

    /// <summary>The window parameter used when none is given: <see cref="DefaultGaussianParameter"/> for
    /// <see cref="WindowKind.Gaussian"/>, <see cref="DefaultKaiserBeta"/> for <see cref="WindowKind.Kaiser"/>, and NaN for
    /// windows that take no parameter.</summary>
    /// <param name="kind">The window family.</param>
    /// <returns>The default parameter.</returns>
    public static double DefaultParameter(WindowKind kind) => kind switch
    {
        WindowKind.Gaussian => DefaultGaussianParameter,
        WindowKind.Kaiser => DefaultKaiserBeta,
        _ => double.NaN,
    };

    /// <summary>Creates a window.</summary>
    /// <param name="kind">The window family.</param>
    /// <param name="length">Window length <c>Nw</c> in samples, 1 … <see cref="MaxLength"/>.</param>
    /// <param name="symmetry">Periodic (the STFT default) or symmetric.</param>
    /// <param name="parameter">Gaussian <c>C</c> (0 &lt; C ≤ 10) or Kaiser β (0 ≤ β ≤ 700); NaN selects the default.
    /// Ignored by windows without a parameter.</param>
    /// <returns>A new array of <paramref name="length"/> window samples.</returns>
    /// <exception cref="ArgumentOutOfRangeException">The length or the parameter is outside the allowed range, or the kind is unknown.</exception>
    public static float[] Create(WindowKind kind, int length, WindowSymmetry symmetry = WindowSymmetry.Periodic, double parameter = double.NaN)
    {
        ValidateLength(length, nameof(length));
        var window = new float[length];
        Fill(kind, window, symmetry, parameter);
        return window;
    }

    /// <summary>Writes a window of length <c>destination.Length</c> into <paramref name="destination"/>.</summary>
    /// <param name="kind">The window family.</param>
    /// <param name="destination">Receives the window; its length is the window length <c>Nw</c>.</param>
    /// <param name="symmetry">Periodic or symmetric.</param>
    /// <param name="parameter">Gaussian <c>C</c> or Kaiser β; NaN selects the default.</param>
    /// <exception cref="ArgumentOutOfRangeException">The length or the parameter is outside the allowed range, or the kind is unknown.</exception>
    public static void Fill(WindowKind kind, Span<float> destination, WindowSymmetry symmetry = WindowSymmetry.Periodic, double parameter = double.NaN)
    {
        int n = destination.Length;
        ValidateLength(n, nameof(destination));
        double p = ResolveParameter(kind, parameter, nameof(parameter));
        if (symmetry is not (WindowSymmetry.Periodic or WindowSymmetry.Symmetric))
        {
            ThrowHelper.ArgumentOutOfRange(nameof(symmetry), symmetry, "symmetry must be Periodic or Symmetric.");
        }

        // D is the period of the cosine terms: Nw for periodic (DFT-even) windows, Nw − 1 for symmetric ones.
        double d = symmetry == WindowSymmetry.Periodic ? n : n - 1;
        if (d == 0)
        {
            destination[0] = 1f;
            return;
        }

        double i0Beta = kind == WindowKind.Kaiser ? SpecialFunctions.BesselI0(p) : 0;
        for (int m = 0; m < n; m++)
        {
            double t = m / d; // position in [0, 1]
            double value = kind switch
            {
                WindowKind.Hann => 0.5 - 0.5 * Math.Cos(2 * Math.PI * t),
                WindowKind.Hamming => 0.54 - 0.46 * Math.Cos(2 * Math.PI * t),
                WindowKind.Blackman => 0.42 - 0.5 * Math.Cos(2 * Math.PI * t) + 0.08 * Math.Cos(4 * Math.PI * t),
                WindowKind.SqrtHann => Math.Sin(Math.PI * t),
                WindowKind.Gaussian => Math.Exp(-Math.PI * (m - d / 2) * (m - d / 2) / (p * (double)n * n)),
                WindowKind.Kaiser => SpecialFunctions.BesselI0(p * Math.Sqrt(Math.Max(0, 1 - (2 * t - 1) * (2 * t - 1)))) / i0Beta,
                WindowKind.Rectangular => 1.0,
                _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown window kind."),
            };

            // Blackman's closed form rounds to about −1e−17 at the ends; a window is never negative.
            destination[m] = (float)Math.Max(0, value);
        }
    }

    /// <summary>
    /// The Gaussian-equivalent constant <c>C_g</c> of a window, so that <c>γ = C_g·Nw²</c> (samples²).
    /// </summary>
    /// <remarks>
    /// Tabulated values (Průša et al. 2017; ltfat/phaseret): Hann 0.25645, sqrt-Hann 0.41532, Hamming 0.29794,
    /// Blackman 0.17954, rectangular 0.85732. A Gaussian window's constant is its own parameter <c>C</c>. For Kaiser no
    /// table exists; Phase computes it as the <c>C</c> that minimises <c>∫(w(x) − exp(−πx²/C))² dx</c> over the real line,
    /// with <c>w</c> the continuous window on <c>x ∈ [−1/2, 1/2]</c> (zero outside). The same fit reproduces the tabulated
    /// Hann, Hamming, Blackman and sqrt-Hann values to within 0.2 %. The constant describes the continuous window shape,
    /// so it does not depend on the symmetry.
    /// </remarks>
    /// <param name="kind">The window family.</param>
    /// <param name="parameter">Gaussian <c>C</c> or Kaiser β; NaN selects the default.</param>
    /// <returns>C<sub>g</sub>, dimensionless.</returns>
    /// <exception cref="ArgumentOutOfRangeException">The parameter is outside the allowed range, or the kind is unknown.</exception>
    public static double GaussianEquivalentConstant(WindowKind kind, double parameter = double.NaN)
    {
        double p = ResolveParameter(kind, parameter, nameof(parameter));
        return kind switch
        {
            WindowKind.Hann => 0.25645,
            WindowKind.Hamming => 0.29794,
            WindowKind.Blackman => 0.17954,
            WindowKind.SqrtHann => 0.41532,
            WindowKind.Rectangular => 0.85732,
            WindowKind.Gaussian => p,
            WindowKind.Kaiser => FitGaussianConstant(x => SpecialFunctions.BesselI0(p * Math.Sqrt(Math.Max(0, 1 - 4 * x * x))) / SpecialFunctions.BesselI0(p)),
            _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown window kind."),
        };
    }

    /// <summary>Least-squares fit of <c>exp(−πx²/C)</c> to a window shape <c>w(x)</c>, <c>x ∈ [−1/2, 1/2]</c>.</summary>
    /// <remarks>Golden-section search over C ∈ [0.01, 4]; the cost is convex in practice for bell-shaped windows.
    /// The integral over the window uses Simpson's rule on 2048 intervals; the Gaussian's tails outside the window
    /// are integrated in closed form: <c>∫_{|x|&gt;1/2} exp(−2πx²/C) dx = √(C/2)·erfc(√(π/(2C)))</c>.</remarks>
    internal static double FitGaussianConstant(Func<double, double> shape)
    {
        const int intervals = 2048;
        var xs = new double[intervals + 1];
        var ws = new double[intervals + 1];
        for (int i = 0; i <= intervals; i++)
        {
            xs[i] = -0.5 + (double)i / intervals;
            ws[i] = shape(xs[i]);
        }

        double Cost(double c)
        {
            double h = 1.0 / intervals, sum = 0;
            for (int i = 0; i <= intervals; i++)
            {
                double e = ws[i] - Math.Exp(-Math.PI * xs[i] * xs[i] / c);
                double weight = i == 0 || i == intervals ? 1 : (i % 2 == 1 ? 4 : 2);
                sum += weight * e * e;
            }

            return sum * h / 3 + Math.Sqrt(c / 2) * SpecialFunctions.Erfc(Math.Sqrt(Math.PI / (2 * c)));
        }

        double lo = 0.01, hi = 4;
        double invPhi = (Math.Sqrt(5) - 1) / 2;
        double a = hi - invPhi * (hi - lo), b = lo + invPhi * (hi - lo);
        double fa = Cost(a), fb = Cost(b);
        for (int it = 0; it < 80; it++)
        {
            if (fa < fb)
            {
                hi = b; b = a; fb = fa; a = hi - invPhi * (hi - lo); fa = Cost(a);
            }
            else
            {
                lo = a; a = b; fa = fb; b = lo + invPhi * (hi - lo); fb = Cost(b);
            }
        }

        return (lo + hi) / 2;
    }

    internal static double ResolveParameter(WindowKind kind, double parameter, string paramName)
    {
        switch (kind)
        {
            case WindowKind.Gaussian:
                if (double.IsNaN(parameter))
                {
                    return DefaultGaussianParameter;
                }

                if (!(parameter > 0 && parameter <= 10))
                {
                    ThrowHelper.ArgumentOutOfRange(paramName, parameter, $"The Gaussian window parameter C (γ = C·Nw²) must be in (0, 10]; got {parameter}. The default is {DefaultGaussianParameter}.");
                }

                return parameter;
            case WindowKind.Kaiser:
                if (double.IsNaN(parameter))
                {
                    return DefaultKaiserBeta;
                }

                if (!(parameter >= 0 && parameter <= 700))
                {
                    ThrowHelper.ArgumentOutOfRange(paramName, parameter, $"The Kaiser window parameter β must be in [0, 700]; got {parameter}. The default is {DefaultKaiserBeta}.");
                }

                return parameter;
            case WindowKind.Hann or WindowKind.Hamming or WindowKind.Blackman or WindowKind.SqrtHann or WindowKind.Rectangular:
                return double.NaN;
            default:
                throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown window kind; use one of Hann, Hamming, Blackman, SqrtHann, Gaussian, Kaiser, Rectangular.");
        }
    }

    private static void ValidateLength(int length, string paramName)
    {
        if (length < 1 || length > MaxLength)
        {
            ThrowHelper.ArgumentOutOfRange(paramName, length, $"The window length must be between 1 and {MaxLength} samples; got {length}.");
        }
    }
}
