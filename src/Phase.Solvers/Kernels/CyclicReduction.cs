using System.Numerics;
using System.Runtime.CompilerServices;

namespace Phase.Solvers.Kernels;

/// <summary>
/// One level of parallel cyclic reduction (PCR) at stride s on contiguous rows: every row k eliminates its couplings to
/// rows k ± s using those rows' equations, leaving couplings to k ± 2s. Rows are processed a vector of
/// <c>TOps.Count</c> consecutive rows at a time; the neighbours at ±s are plain (unaligned) loads, so there is no
/// shuffle or transpose. The arrays are addressed from row 0 and must have at least s readable guard rows on each side
/// holding an identity row (d = 1, everything else 0); the reduced rows are written to separate destination arrays.
/// </summary>
/// <remarks>
/// After L levels (s = 1, 2, …, 2^{L−1}) row k couples only to k ± 2^L, so the system splits into S = 2^L
/// independent systems, system j holding rows j, j + S, j + 2S, … — which is exactly the interleaved layout with group
/// width S, in natural row order. Each level is a Schur complement step: it keeps a symmetric positive definite system
/// symmetric positive definite and a diagonally dominant one diagonally dominant, so no pivoting is needed.
/// </remarks>
internal static class CyclicReduction
{
    /// <summary>Symmetric level. Row k couples to k − s with <c>c_{k−s}</c> and to k + s with <c>c_k</c>:
    /// <c>d'_k = d_k − c_{k−s}²/d_{k−s} − c_k²/d_{k+s}</c>, <c>c'_k = −c_k c_{k+s}/d_{k+s}</c>,
    /// <c>b'_k = b_k − (c_{k−s}/d_{k−s}) b_{k−s} − (c_k/d_{k+s}) b_{k+s}</c>.</summary>
    /// <returns>False when a new diagonal failed <c>d'_k &gt; ρ·d_k</c> (or is NaN).</returns>
    public static bool SymmetricLevel<TOps, TV, T>(
        ref T d, ref T c, ref T b, ref T reciprocal, ref T ratio, ref T dOut, ref T cOut, ref T bOut, nint s, int rows)
        where TOps : ISimdOps<TV, T>
        where TV : struct
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        TV one = TOps.Create(T.One);
        nuint count = (nuint)TOps.Count;
        nuint n = (nuint)rows;

        // Pass 1: r_k = 1/d_k and g_k = c_k/d_k for every row (the divisions are independent: throughput-bound).
        for (nuint i = 0; i < n; i += count)
        {
            TV r = TOps.Divide(one, TOps.Load(ref d, i));
            TOps.Store(r, ref reciprocal, i);
            TOps.Store(TOps.Multiply(TOps.Load(ref c, i), r), ref ratio, i);
        }

        TV rho = TOps.Create(Precision<T>.PivotTolerance);
        TV good = TOps.GreaterThan(one, TOps.Create(T.Zero));
        ref T cMinus = ref Unsafe.Subtract(ref c, s);
        ref T gMinus = ref Unsafe.Subtract(ref ratio, s);
        ref T bMinus = ref Unsafe.Subtract(ref b, s);
        ref T cPlus = ref Unsafe.Add(ref c, s);
        ref T rPlus = ref Unsafe.Add(ref reciprocal, s);
        ref T bPlus = ref Unsafe.Add(ref b, s);

        // Pass 2: lane layout = rows i … i + Count − 1; the ±s neighbours are the same lanes shifted by s rows.
        for (nuint i = 0; i < n; i += count)
        {
            TV dk = TOps.Load(ref d, i);
            TV ck = TOps.Load(ref c, i);
            TV cm = TOps.Load(ref cMinus, i);
            TV gm = TOps.Load(ref gMinus, i);
            TV h = TOps.Multiply(ck, TOps.Load(ref rPlus, i));
            TV dNew = TOps.NegatedMultiplyAdd(cm, gm, TOps.NegatedMultiplyAdd(ck, h, dk));
            TV cNew = TOps.Multiply(TOps.Multiply(h, TOps.Load(ref cPlus, i)), TOps.Create(-T.One));
            TV bNew = TOps.NegatedMultiplyAdd(gm, TOps.Load(ref bMinus, i), TOps.NegatedMultiplyAdd(h, TOps.Load(ref bPlus, i), TOps.Load(ref b, i)));
            good = TOps.And(good, TOps.GreaterThan(dNew, TOps.Multiply(rho, dk)));
            TOps.Store(dNew, ref dOut, i);
            TOps.Store(cNew, ref cOut, i);
            TOps.Store(bNew, ref bOut, i);
        }

        return TOps.AllSet(good);
    }

    /// <summary>General level. Row k: <c>a_k x_{k−s} + d_k x_k + c_k x_{k+s} = b_k</c>; with <c>α = a_k/d_{k−s}</c>,
    /// <c>γ = c_k/d_{k+s}</c>: <c>a'_k = −α a_{k−s}</c>, <c>d'_k = d_k − α c_{k−s} − γ a_{k+s}</c>,
    /// <c>c'_k = −γ c_{k+s}</c>, <c>b'_k = b_k − α b_{k−s} − γ b_{k+s}</c>.</summary>
    /// <returns>False when a new diagonal failed <c>|d'_k| &gt; ρ·|d_k|</c> (or is NaN).</returns>
    public static bool GeneralLevel<TOps, TV, T>(
        ref T a, ref T d, ref T c, ref T b, ref T reciprocal, ref T aOut, ref T dOut, ref T cOut, ref T bOut, nint s, int rows)
        where TOps : ISimdOps<TV, T>
        where TV : struct
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        TV one = TOps.Create(T.One);
        nuint count = (nuint)TOps.Count;
        nuint n = (nuint)rows;
        for (nuint i = 0; i < n; i += count)
        {
            TOps.Store(TOps.Divide(one, TOps.Load(ref d, i)), ref reciprocal, i);
        }

        TV rho = TOps.Create(Precision<T>.PivotTolerance);
        TV minusOne = TOps.Create(-T.One);
        TV good = TOps.GreaterThan(one, TOps.Create(T.Zero));
        ref T aMinus = ref Unsafe.Subtract(ref a, s);
        ref T cMinus = ref Unsafe.Subtract(ref c, s);
        ref T bMinus = ref Unsafe.Subtract(ref b, s);
        ref T rMinus = ref Unsafe.Subtract(ref reciprocal, s);
        ref T aPlus = ref Unsafe.Add(ref a, s);
        ref T cPlus = ref Unsafe.Add(ref c, s);
        ref T bPlus = ref Unsafe.Add(ref b, s);
        ref T rPlus = ref Unsafe.Add(ref reciprocal, s);
        for (nuint i = 0; i < n; i += count)
        {
            TV dk = TOps.Load(ref d, i);
            TV alpha = TOps.Multiply(TOps.Load(ref a, i), TOps.Load(ref rMinus, i));
            TV gamma = TOps.Multiply(TOps.Load(ref c, i), TOps.Load(ref rPlus, i));
            TV aNew = TOps.Multiply(TOps.Multiply(alpha, TOps.Load(ref aMinus, i)), minusOne);
            TV cNew = TOps.Multiply(TOps.Multiply(gamma, TOps.Load(ref cPlus, i)), minusOne);
            TV dNew = TOps.NegatedMultiplyAdd(alpha, TOps.Load(ref cMinus, i), TOps.NegatedMultiplyAdd(gamma, TOps.Load(ref aPlus, i), dk));
            TV bNew = TOps.NegatedMultiplyAdd(alpha, TOps.Load(ref bMinus, i), TOps.NegatedMultiplyAdd(gamma, TOps.Load(ref bPlus, i), TOps.Load(ref b, i)));
            good = TOps.And(good, TOps.GreaterThan(TOps.Abs(dNew), TOps.Multiply(rho, TOps.Abs(dk))));
            TOps.Store(aNew, ref aOut, i);
            TOps.Store(dNew, ref dOut, i);
            TOps.Store(cNew, ref cOut, i);
            TOps.Store(bNew, ref bOut, i);
        }

        return TOps.AllSet(good);
    }
}
