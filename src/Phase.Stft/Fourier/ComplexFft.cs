using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Phase.Fourier;

/// <summary>
/// An unnormalised forward complex DFT of a fixed length on split planes, <c>Z[k] = Σ z[m]·e^{−2πikm/n}</c>. The inverse
/// (without scaling) is the same call with the real and imaginary planes exchanged on input and output:
/// <c>IDFT(z) = swap(DFT(swap(z)))</c> where <c>swap(a + ib) = b + ia</c>.
/// </summary>
internal abstract class ComplexFft
{
    protected ComplexFft(int length, int maxVectorWidth)
    {
        Length = length;
        MaxVectorWidth = maxVectorWidth;
    }

    /// <summary>Transform length <c>n</c>.</summary>
    public int Length { get; }

    /// <summary>Widest vector (floats) the plan's kernels may use.</summary>
    public int MaxVectorWidth { get; }

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

    /// <summary>
    /// Transforms <c>z[m] = x[2m] + i·x[2m+1]</c>, <c>m &lt; n</c>, read from the <c>2n</c> interleaved floats at
    /// <paramref name="x"/> (not modified). Result location as for <see cref="Forward(ref float, ref float, ref float, ref float, ref float, ref float)"/>.
    /// This implementation deinterleaves into <c>(re0, im0)</c> first; plans override it to read in their first stage.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public virtual bool ForwardInterleaved(ref float x, ref float re0, ref float im0, ref float re1, ref float im1)
    {
        switch (SimdWidth.Widest(MaxVectorWidth, Length))
        {
            case 16: RealKernels.Deinterleave<Vec512>(ref x, ref re0, ref im0, Length); break;
            case 8: RealKernels.Deinterleave<Vec256>(ref x, ref re0, ref im0, Length); break;
            case 4: RealKernels.Deinterleave<Vec128>(ref x, ref re0, ref im0, Length); break;
            default: RealKernels.Deinterleave<VecScalar>(ref x, ref re0, ref im0, Length); break;
        }

        return Forward(ref re0, ref im0, ref re1, ref im1);
    }

    /// <summary>
    /// Transforms the source like <see cref="Forward(ref float, ref float, ref float, ref float, ref float, ref float)"/>
    /// and writes the result <c>Z</c> to <paramref name="y"/> as <c>2n</c> interleaved floats with the parts exchanged:
    /// <c>y[2k] = Im Z[k]</c>, <c>y[2k+1] = Re Z[k]</c> (the inverse DFT by the plane swap lands in order). This
    /// implementation interleaves after the transform; plans override it to write from their last stage.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public virtual void ForwardSwappedInterleaved(ref float srcRe, ref float srcIm, ref float re0, ref float im0, ref float re1, ref float im1, ref float y)
    {
        bool second = Forward(ref srcRe, ref srcIm, ref re0, ref im0, ref re1, ref im1);
        ref float zr = ref second ? ref re1 : ref re0;
        ref float zi = ref second ? ref im1 : ref im0;
        switch (SimdWidth.Widest(MaxVectorWidth, Length))
        {
            case 16: RealKernels.Interleave<Vec512>(ref zi, ref zr, ref y, Length, 1f); break;
            case 8: RealKernels.Interleave<Vec256>(ref zi, ref zr, ref y, Length, 1f); break;
            case 4: RealKernels.Interleave<Vec128>(ref zi, ref zr, ref y, Length, 1f); break;
            default: RealKernels.Interleave<VecScalar>(ref zi, ref zr, ref y, Length, 1f); break;
        }
    }

    /// <summary>
    /// Transforms the source like <see cref="Forward(ref float, ref float, ref float, ref float, ref float, ref float)"/>
    /// and writes the result <c>Z</c> with the parts exchanged to two outputs of <c>n</c> floats:
    /// <c>outRe[k] = Im Z[k]</c>, <c>outIm[k] = Re Z[k]</c>. This implementation copies after the transform; plans
    /// override it to write from their last stage.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public virtual void ForwardSwappedPlanar(ref float srcRe, ref float srcIm, ref float re0, ref float im0, ref float re1, ref float im1, ref float outRe, ref float outIm)
    {
        bool second = Forward(ref srcRe, ref srcIm, ref re0, ref im0, ref re1, ref im1);
        ref float zr = ref second ? ref re1 : ref re0;
        ref float zi = ref second ? ref im1 : ref im0;
        MemoryMarshal.CreateReadOnlySpan(ref zi, Length).CopyTo(MemoryMarshal.CreateSpan(ref outRe, Length));
        MemoryMarshal.CreateReadOnlySpan(ref zr, Length).CopyTo(MemoryMarshal.CreateSpan(ref outIm, Length));
    }

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
