namespace Phase.Testing;

/// <summary>Relative error measures.</summary>
public static class Tolerance
{
    /// <summary><c>‖a − b‖₂ / ‖b‖₂</c> (b is the reference); 0 when both are zero.</summary>
    public static double RelativeError(ReadOnlySpan<float> actual, ReadOnlySpan<double> reference)
    {
        if (actual.Length != reference.Length)
        {
            throw new ArgumentException($"length {actual.Length} vs {reference.Length}");
        }

        double num = 0, den = 0;
        for (int i = 0; i < actual.Length; i++)
        {
            double d = actual[i] - reference[i];
            num += d * d;
            den += reference[i] * reference[i];
        }

        return den == 0 ? Math.Sqrt(num) : Math.Sqrt(num / den);
    }

    /// <summary><c>‖a − b‖₂ / ‖b‖₂</c> for float references.</summary>
    public static double RelativeError(ReadOnlySpan<float> actual, ReadOnlySpan<float> reference)
    {
        var r = new double[reference.Length];
        for (int i = 0; i < r.Length; i++)
        {
            r[i] = reference[i];
        }

        return RelativeError(actual, r);
    }

    /// <summary>Largest absolute difference.</summary>
    public static double MaxAbsDifference(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        if (a.Length != b.Length)
        {
            throw new ArgumentException($"length {a.Length} vs {b.Length}");
        }

        double max = 0;
        for (int i = 0; i < a.Length; i++)
        {
            max = Math.Max(max, Math.Abs((double)a[i] - b[i]));
        }

        return max;
    }
}
