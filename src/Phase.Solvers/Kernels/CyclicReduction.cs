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
/// The levels do not test pivots: the caller certifies the final solution instead (<see cref="Certify"/>), which is
/// both cheaper and stronger. After L levels (s = 1, 2, …, 2^{L−1}) row k couples only to k ± 2^L, so the system splits into S = 2^L
/// independent systems, system j holding rows j, j + S, j + 2S, … — which is exactly the interleaved layout with group
/// width S, in natural row order. Each level is a Schur complement step: it keeps a symmetric positive definite system
/// symmetric positive definite and a diagonally dominant one diagonally dominant, so no pivoting is needed.
/// </remarks>
internal static class CyclicReduction
{
    /// <summary>Symmetric level. Row k couples to k − s with <c>c_{k−s}</c> and to k + s with <c>c_k</c>:
    /// <c>d'_k = d_k − c_{k−s}²/d_{k−s} − c_k²/d_{k+s}</c>, <c>c'_k = −c_k c_{k+s}/d_{k+s}</c>,
    /// <c>b'_k = b_k − (c_{k−s}/d_{k−s}) b_{k−s} − (c_k/d_{k+s}) b_{k+s}</c>.</summary>
    /// <remarks>Stores the level's multipliers <c>g_k = c_k/d_k</c> in <paramref name="ratio"/> and
    /// <c>h_k = c_k/d_{k+s}</c> in <paramref name="forward"/> so that <see cref="SymmetricRhs"/> can apply the same
    /// transformation to another right-hand side (iterative refinement).</remarks>
    public static void SymmetricLevel<TOps, TV, T>(
        ref T d, ref T c, ref T b, ref T reciprocal, ref T ratio, ref T forward, ref T dOut, ref T cOut, ref T bOut, nint s, int rows)
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
            TOps.Store(h, ref forward, i);
            TV dNew = TOps.NegatedMultiplyAdd(cm, gm, TOps.NegatedMultiplyAdd(ck, h, dk));
            TV cNew = TOps.Multiply(TOps.Multiply(h, TOps.Load(ref cPlus, i)), TOps.Create(-T.One));
            TV bNew = TOps.NegatedMultiplyAdd(gm, TOps.Load(ref bMinus, i), TOps.NegatedMultiplyAdd(h, TOps.Load(ref bPlus, i), TOps.Load(ref b, i)));
            TOps.Store(dNew, ref dOut, i);
            TOps.Store(cNew, ref cOut, i);
            TOps.Store(bNew, ref bOut, i);
        }
    }

    /// <summary>General level. Row k: <c>a_k x_{k−s} + d_k x_k + c_k x_{k+s} = b_k</c>; with <c>α = a_k/d_{k−s}</c>,
    /// <c>γ = c_k/d_{k+s}</c>: <c>a'_k = −α a_{k−s}</c>, <c>d'_k = d_k − α c_{k−s} − γ a_{k+s}</c>,
    /// <c>c'_k = −γ c_{k+s}</c>, <c>b'_k = b_k − α b_{k−s} − γ b_{k+s}</c>.</summary>
    /// <remarks>Stores the level's multipliers α in <paramref name="backward"/> and γ in <paramref name="forward"/> for
    /// <see cref="GeneralRhs"/>.</remarks>
    public static void GeneralLevel<TOps, TV, T>(
        ref T a, ref T d, ref T c, ref T b, ref T reciprocal, ref T backward, ref T forward, ref T aOut, ref T dOut, ref T cOut,
        ref T bOut, nint s, int rows)
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

        TV minusOne = TOps.Create(-T.One);
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
            TOps.Store(alpha, ref backward, i);
            TOps.Store(gamma, ref forward, i);
            TV aNew = TOps.Multiply(TOps.Multiply(alpha, TOps.Load(ref aMinus, i)), minusOne);
            TV cNew = TOps.Multiply(TOps.Multiply(gamma, TOps.Load(ref cPlus, i)), minusOne);
            TV dNew = TOps.NegatedMultiplyAdd(alpha, TOps.Load(ref cMinus, i), TOps.NegatedMultiplyAdd(gamma, TOps.Load(ref aPlus, i), dk));
            TV bNew = TOps.NegatedMultiplyAdd(alpha, TOps.Load(ref bMinus, i), TOps.NegatedMultiplyAdd(gamma, TOps.Load(ref bPlus, i), TOps.Load(ref b, i)));
            TOps.Store(aNew, ref aOut, i);
            TOps.Store(dNew, ref dOut, i);
            TOps.Store(cNew, ref cOut, i);
            TOps.Store(bNew, ref bOut, i);
        }
    }

    /// <summary>The right-hand-side part of a symmetric level with stored multipliers:
    /// <c>b'_k = b_k − g_{k−s} b_{k−s} − h_k b_{k+s}</c>.</summary>
    public static void SymmetricRhs<TOps, TV, T>(ref T b, ref T ratio, ref T forward, ref T bOut, nint s, int rows)
        where TOps : ISimdOps<TV, T>
        where TV : struct
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        nuint count = (nuint)TOps.Count;
        nuint n = (nuint)rows;
        ref T gMinus = ref Unsafe.Subtract(ref ratio, s);
        ref T bMinus = ref Unsafe.Subtract(ref b, s);
        ref T bPlus = ref Unsafe.Add(ref b, s);
        for (nuint i = 0; i < n; i += count)
        {
            TV bNew = TOps.NegatedMultiplyAdd(
                TOps.Load(ref gMinus, i), TOps.Load(ref bMinus, i),
                TOps.NegatedMultiplyAdd(TOps.Load(ref forward, i), TOps.Load(ref bPlus, i), TOps.Load(ref b, i)));
            TOps.Store(bNew, ref bOut, i);
        }
    }

    /// <summary>The right-hand-side part of a general level with stored multipliers:
    /// <c>b'_k = b_k − α_k b_{k−s} − γ_k b_{k+s}</c>.</summary>
    public static void GeneralRhs<TOps, TV, T>(ref T b, ref T backward, ref T forward, ref T bOut, nint s, int rows)
        where TOps : ISimdOps<TV, T>
        where TV : struct
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        nuint count = (nuint)TOps.Count;
        nuint n = (nuint)rows;
        ref T bMinus = ref Unsafe.Subtract(ref b, s);
        ref T bPlus = ref Unsafe.Add(ref b, s);
        for (nuint i = 0; i < n; i += count)
        {
            TV bNew = TOps.NegatedMultiplyAdd(
                TOps.Load(ref backward, i), TOps.Load(ref bMinus, i),
                TOps.NegatedMultiplyAdd(TOps.Load(ref forward, i), TOps.Load(ref bPlus, i), TOps.Load(ref b, i)));
            TOps.Store(bNew, ref bOut, i);
        }
    }

    /// <summary>
    /// The a-posteriori check of a computed solution (the residual goes to <c>residualOut</c> for refinement): true when
    /// every row satisfies
    /// <c>|b_k − (Ax̂)_k| ≤ bound·(|A||x̂|)_k</c> (a componentwise backward error of at most <c>bound</c>) and nothing is
    /// NaN. Rows are vectorised like the levels; row k reads <c>x̂_{k±1}</c> (guard rows must hold x = 0 and, for the
    /// symmetric form, c = 0). The residual is formed with fused multiply–adds; its own rounding error is at most about
    /// 3u·(|A||x̂|)_k for a solution whose |b| ≈ |Ax̂|.
    /// </summary>
    /// <remarks>symmetric: row k couples to k − 1 with <c>c_{k−1}</c> (a is not read); otherwise with <c>a_k</c>.</remarks>
    public static bool Certify<TOps, TV, T>(
        ref T a, ref T d, ref T c, ref T b, ref T x, ref T residualOut, int rows, T bound, bool symmetric)
        where TOps : ISimdOps<TV, T>
        where TV : struct
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        nuint count = (nuint)TOps.Count;
        nuint n = (nuint)rows;
        TV limit = TOps.Create(bound);
        TV good = TOps.GreaterThan(TOps.Create(T.One), TOps.Create(T.Zero));
        ref T lower = ref symmetric ? ref Unsafe.Subtract(ref c, 1) : ref a;
        ref T xMinus = ref Unsafe.Subtract(ref x, 1);
        ref T xPlus = ref Unsafe.Add(ref x, 1);
        for (nuint i = 0; i < n; i += count)
        {
            TV lo = TOps.Load(ref lower, i);
            TV dk = TOps.Load(ref d, i);
            TV up = TOps.Load(ref c, i);
            TV xm = TOps.Load(ref xMinus, i);
            TV xk = TOps.Load(ref x, i);
            TV xp = TOps.Load(ref xPlus, i);
            TV residual = TOps.NegatedMultiplyAdd(lo, xm, TOps.NegatedMultiplyAdd(dk, xk, TOps.NegatedMultiplyAdd(up, xp, TOps.Load(ref b, i))));
            TV scale = TOps.MultiplyAdd(TOps.Abs(lo), TOps.Abs(xm), TOps.MultiplyAdd(TOps.Abs(dk), TOps.Abs(xk), TOps.Multiply(TOps.Abs(up), TOps.Abs(xp))));
            TOps.Store(residual, ref residualOut, i);
            good = TOps.And(good, TOps.GreaterThanOrEqual(TOps.Multiply(limit, scale), TOps.Abs(residual)));
        }

        return TOps.AllSet(good);
    }
}
