namespace Phase.Effects.Tests;

/// <summary>Independent measurements for the effect tests: a tone's frequency from the peak of a Hann-windowed DTFT
/// (evaluated directly, not through Phase's FFT) and levels.</summary>
internal static class EffectsOracles
{
    /// <summary>The frequency (cycles per sample) in [lo, hi] where the Hann-windowed DTFT of <paramref name="x"/> peaks:
    /// a coarse grid, then golden-section refinement (the main lobe is unimodal), all by direct summation in double.</summary>
    public static double PeakFrequency(ReadOnlySpan<float> x, double lo, double hi)
    {
        double[] w = new double[x.Length];
        for (int i = 0; i < x.Length; i++)
        {
            w[i] = x[i] * (0.5 - (0.5 * Math.Cos(2 * Math.PI * i / x.Length)));
        }

        double Power(double f)
        {
            double re = 0, im = 0;
            for (int i = 0; i < w.Length; i++)
            {
                double a = 2 * Math.PI * f * i;
                re += w[i] * Math.Cos(a);
                im -= w[i] * Math.Sin(a);
            }

            return (re * re) + (im * im);
        }

        const int Grid = 200;
        double best = lo, bestPower = -1;
        for (int g = 0; g <= Grid; g++)
        {
            double f = lo + ((hi - lo) * g / Grid);
            double p = Power(f);
            if (p > bestPower)
            {
                (best, bestPower) = (f, p);
            }
        }

        double step = (hi - lo) / Grid, a0 = best - step, b0 = best + step;
        double ratio = (Math.Sqrt(5) - 1) / 2;
        double c = b0 - (ratio * (b0 - a0)), d = a0 + (ratio * (b0 - a0));
        double pc = Power(c), pd = Power(d);
        for (int it = 0; it < 60; it++)
        {
            if (pc > pd)
            {
                b0 = d;
                (d, pd) = (c, pc);
                c = b0 - (ratio * (b0 - a0));
                pc = Power(c);
            }
            else
            {
                a0 = c;
                (c, pc) = (d, pd);
                d = a0 + (ratio * (b0 - a0));
                pd = Power(d);
            }
        }

        return (a0 + b0) / 2;
    }

    public static double Rms(ReadOnlySpan<float> x)
    {
        double s = 0;
        foreach (float v in x)
        {
            s += (double)v * v;
        }

        return Math.Sqrt(s / Math.Max(1, x.Length));
    }

    public static float Peak(ReadOnlySpan<float> x)
    {
        float p = 0;
        foreach (float v in x)
        {
            p = Math.Max(p, Math.Abs(v));
        }

        return p;
    }

    /// <summary>A sine at <paramref name="frequency"/> cycles per sample, computed in double.</summary>
    public static float[] Tone(int length, double frequency, double amplitude = 0.5)
    {
        var x = new float[length];
        for (int i = 0; i < length; i++)
        {
            x[i] = (float)(amplitude * Math.Sin((2 * Math.PI * frequency * i) + 0.3));
        }

        return x;
    }
}
