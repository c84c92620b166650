namespace Phase.Testing;

/// <summary>Independent O(N²) DFT oracle in double precision.</summary>
public static class NaiveDft
{
    /// <summary><c>X[k] = Σ x[m] e^{−2πikm/N}</c> for k = 0 … ⌊N/2⌋.</summary>
    public static (double[] Re, double[] Im) Forward(ReadOnlySpan<float> x)
    {
        int n = x.Length, bins = n / 2 + 1;
        var re = new double[bins];
        var im = new double[bins];
        for (int k = 0; k < bins; k++)
        {
            double sr = 0, si = 0;
            for (int m = 0; m < n; m++)
            {
                // (k·m mod n) keeps the angle argument small and exact.
                double angle = -2 * Math.PI * ((long)k * m % n) / n;
                sr += x[m] * Math.Cos(angle);
                si += x[m] * Math.Sin(angle);
            }

            re[k] = sr;
            im[k] = si;
        }

        return (re, im);
    }
}
