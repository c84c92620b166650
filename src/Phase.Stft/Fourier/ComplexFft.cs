namespace Phase.Fourier;

/// <summary>
/// An unnormalised forward complex DFT of a fixed length on split planes, <c>Z[k] = Σ z[m]·e^{−2πikm/n}</c>. The inverse
/// (without scaling) is the same call with the real and imaginary planes exchanged on input and output:
/// <c>IDFT(z) = swap(DFT(swap(z)))</c> where <c>swap(a + ib) = b + ia</c>.
/// </summary>
internal abstract class ComplexFft
{
    protected ComplexFft(int length) => Length = length;

    /// <summary>Transform length <c>n</c>.</summary>
    public int Length { get; }

    /// <summary>
    /// Transforms the <c>n</c> values in <c>(srcRe, srcIm)</c>, which are not modified unless they are
    /// <c>(re0, im0)</c> themselves. <c>(re0, im0)</c> and <c>(re1, im1)</c> (n floats each) are work buffers and
    /// hold the result: returns <see langword="true"/> when it is in <c>(re1, im1)</c>, <see langword="false"/> when
    /// in <c>(re0, im0)</c>.
    /// </summary>
    public abstract bool Forward(ref float srcRe, ref float srcIm, ref float re0, ref float im0, ref float re1, ref float im1);

    /// <summary>As the six-argument overload with the input in <c>(re0, im0)</c>.</summary>
    public bool Forward(ref float re0, ref float im0, ref float re1, ref float im1) =>
        Forward(ref re0, ref im0, ref re0, ref im0, ref re1, ref im1);

    /// <summary>Whether <paramref name="n"/> factors into 2, 3 and 5 only.</summary>
    public static bool IsSmooth(int n)
    {
        if (n < 1)
        {
            return false;
        }

        foreach (int p in (ReadOnlySpan<int>)[2, 3, 5])
        {
            while (n % p == 0)
            {
                n /= p;
            }
        }

        return n == 1;
    }

    /// <summary>A plan for length <paramref name="n"/>: mixed radix for 2·3·5-smooth lengths, Bluestein otherwise.</summary>
    public static ComplexFft Create(int n, int maxVectorWidth) =>
        IsSmooth(n) ? new FourStepFft(n, maxVectorWidth) : new BluesteinFft(n, maxVectorWidth);
}
