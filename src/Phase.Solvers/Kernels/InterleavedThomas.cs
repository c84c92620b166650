using System.Numerics;
using System.Runtime.CompilerServices;

namespace Phase.Solvers.Kernels;

/// <summary>
/// Thomas kernels on interleaved storage: a <i>chain</i> is one vector of <c>TOps.Count</c> lanes, lane i solving its
/// own system; row k of the chain starting at offset <c>o</c> is the vector at <c>o + k·stride</c>. The 4-chain kernels
/// run four independent chains in lockstep so that their division + FMA latency chains overlap (instruction-level
/// parallelism); the 1-chain kernels are for the remainder. Each kernel writes, per lane, a pivot mask (set when every
/// pivot passed the test) and a finiteness mask (set when every solution element is finite).
/// </summary>
internal static class InterleavedThomas
{
    /// <summary>Per-lane shift <c>ε·max_k |d_k|</c> (ε when the lane's diagonal is all zero); zero when ε is zero.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static TV Shift<TOps, TV, T>(ref T d, nuint o, nuint stride, int n, T epsilon)
        where TOps : ISimdOps<TV, T>
        where TV : struct
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        TV zero = TOps.Create(T.Zero);
        if (epsilon == T.Zero)
        {
            return zero;
        }

        TV max = zero;
        nuint i = o;
        for (int k = 0; k < n; k++, i += stride)
        {
            max = TOps.Max(max, TOps.Abs(TOps.Load(ref d, i)));
        }

        max = TOps.Select(TOps.EqualsMask(max, zero), TOps.Create(T.One), max);
        return TOps.Multiply(TOps.Create(epsilon), max);
    }

    /// <summary>The pivot bar's cap: half the lane's shift when regularising (every pivot of A + σI is ≥ σ for a
    /// positive semidefinite A), otherwise <paramref name="fixedCap"/> (∞, or σ/2 when the caller already shifted d).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static TV Cap<TOps, TV, T>(TV shift, T epsilon, T fixedCap)
        where TOps : ISimdOps<TV, T>
        where TV : struct
        where T : unmanaged, IFloatingPointIeee754<T> =>
        epsilon == T.Zero ? TOps.Create(fixedCap) : TOps.Multiply(shift, TOps.Create(T.One / (T.One + T.One)));

    /// <summary>Symmetric <c>LDLᵀ</c> on one chain: diagonal d (+ per-lane shift ε·max|d|), off-diagonal e (row k couples
    /// to row k+1; row n−1 not read), right-hand side b; l receives the multipliers, x the solution (may be b). A pivot
    /// passes when <c>m_k &gt; min(ρ·(d_k + shift), cap)</c>.</summary>
    public static void Symmetric1<TOps, TV, T>(
        ref T d, ref T e, ref T b, ref T l, ref T x, nuint o, nuint stride, int n, T epsilon, T fixedCap, ref T pivotMask, ref T finiteMask)
        where TOps : ISimdOps<TV, T>
        where TV : struct
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        TV shift = Shift<TOps, TV, T>(ref d, o, stride, n, epsilon);
        TV cap = Cap<TOps, TV, T>(shift, epsilon, fixedCap);
        TV rho = TOps.Create(Precision<T>.PivotTolerance);
        TV one = TOps.Create(T.One);
        TV zero = TOps.Create(T.Zero);

        nuint i = o;
        TV dk = TOps.Add(TOps.Load(ref d, i), shift);
        TV good = TOps.GreaterThan(dk, TOps.Min(TOps.Multiply(rho, dk), cap));
        TV r = TOps.Divide(one, dk);
        TV z = TOps.Load(ref b, i);
        TOps.Store(TOps.Multiply(z, r), ref x, i);
        for (int k = 1; k < n; k++)
        {
            TV ep = TOps.Load(ref e, i);
            TV lp = TOps.Multiply(ep, r);
            TOps.Store(lp, ref l, i);
            i += stride;
            dk = TOps.Add(TOps.Load(ref d, i), shift);

            // The latency chain: r_{k−1} → m_k (FMA) → r_k (division). e² and the pivot test are off it.
            TV m = TOps.NegatedMultiplyAdd(TOps.Multiply(ep, ep), r, dk);
            good = TOps.And(good, TOps.GreaterThan(m, TOps.Min(TOps.Multiply(rho, dk), cap)));
            z = TOps.NegatedMultiplyAdd(lp, z, TOps.Load(ref b, i));
            r = TOps.Divide(one, m);
            TOps.Store(TOps.Multiply(z, r), ref x, i);
        }

        TV next = TOps.Load(ref x, i);
        TV finite = TOps.Multiply(next, zero);
        for (int k = n - 2; k >= 0; k--)
        {
            i -= stride;
            next = TOps.NegatedMultiplyAdd(TOps.Load(ref l, i), next, TOps.Load(ref x, i));
            TOps.Store(next, ref x, i);
            finite = TOps.MultiplyAdd(next, zero, finite);
        }

        TOps.Store(good, ref pivotMask, 0);
        TOps.Store(TOps.EqualsMask(finite, zero), ref finiteMask, 0);
    }

    /// <summary><see cref="Symmetric1"/> on four chains at offsets o0 … o3 in lockstep (they may repeat an offset: a
    /// repeated chain recomputes and rewrites identical values). Masks go to <c>pivotMask[j·Count …]</c>.</summary>
    public static void Symmetric4<TOps, TV, T>(
        ref T d, ref T e, ref T b, ref T l, ref T x, nuint o0, nuint o1, nuint o2, nuint o3, nuint stride, int n, T epsilon,
        T fixedCap, ref T pivotMask, ref T finiteMask)
        where TOps : ISimdOps<TV, T>
        where TV : struct
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        TV s0 = Shift<TOps, TV, T>(ref d, o0, stride, n, epsilon);
        TV s1 = Shift<TOps, TV, T>(ref d, o1, stride, n, epsilon);
        TV s2 = Shift<TOps, TV, T>(ref d, o2, stride, n, epsilon);
        TV s3 = Shift<TOps, TV, T>(ref d, o3, stride, n, epsilon);
        TV k0 = Cap<TOps, TV, T>(s0, epsilon, fixedCap);
        TV k1 = Cap<TOps, TV, T>(s1, epsilon, fixedCap);
        TV k2 = Cap<TOps, TV, T>(s2, epsilon, fixedCap);
        TV k3 = Cap<TOps, TV, T>(s3, epsilon, fixedCap);
        TV rho = TOps.Create(Precision<T>.PivotTolerance);
        TV one = TOps.Create(T.One);
        TV zero = TOps.Create(T.Zero);

        TV d0 = TOps.Add(TOps.Load(ref d, o0), s0);
        TV d1 = TOps.Add(TOps.Load(ref d, o1), s1);
        TV d2 = TOps.Add(TOps.Load(ref d, o2), s2);
        TV d3 = TOps.Add(TOps.Load(ref d, o3), s3);
        TV g0 = TOps.GreaterThan(d0, TOps.Min(TOps.Multiply(rho, d0), k0));
        TV g1 = TOps.GreaterThan(d1, TOps.Min(TOps.Multiply(rho, d1), k1));
        TV g2 = TOps.GreaterThan(d2, TOps.Min(TOps.Multiply(rho, d2), k2));
        TV g3 = TOps.GreaterThan(d3, TOps.Min(TOps.Multiply(rho, d3), k3));
        TV r0 = TOps.Divide(one, d0);
        TV r1 = TOps.Divide(one, d1);
        TV r2 = TOps.Divide(one, d2);
        TV r3 = TOps.Divide(one, d3);
        TV z0 = TOps.Load(ref b, o0);
        TV z1 = TOps.Load(ref b, o1);
        TV z2 = TOps.Load(ref b, o2);
        TV z3 = TOps.Load(ref b, o3);
        TOps.Store(TOps.Multiply(z0, r0), ref x, o0);
        TOps.Store(TOps.Multiply(z1, r1), ref x, o1);
        TOps.Store(TOps.Multiply(z2, r2), ref x, o2);
        TOps.Store(TOps.Multiply(z3, r3), ref x, o3);
        for (int k = 1; k < n; k++)
        {
            TV e0 = TOps.Load(ref e, o0);
            TV e1 = TOps.Load(ref e, o1);
            TV e2 = TOps.Load(ref e, o2);
            TV e3 = TOps.Load(ref e, o3);
            TV l0 = TOps.Multiply(e0, r0);
            TV l1 = TOps.Multiply(e1, r1);
            TV l2 = TOps.Multiply(e2, r2);
            TV l3 = TOps.Multiply(e3, r3);
            TOps.Store(l0, ref l, o0);
            TOps.Store(l1, ref l, o1);
            TOps.Store(l2, ref l, o2);
            TOps.Store(l3, ref l, o3);
            o0 += stride;
            o1 += stride;
            o2 += stride;
            o3 += stride;
            d0 = TOps.Add(TOps.Load(ref d, o0), s0);
            d1 = TOps.Add(TOps.Load(ref d, o1), s1);
            d2 = TOps.Add(TOps.Load(ref d, o2), s2);
            d3 = TOps.Add(TOps.Load(ref d, o3), s3);
            TV m0 = TOps.NegatedMultiplyAdd(TOps.Multiply(e0, e0), r0, d0);
            TV m1 = TOps.NegatedMultiplyAdd(TOps.Multiply(e1, e1), r1, d1);
            TV m2 = TOps.NegatedMultiplyAdd(TOps.Multiply(e2, e2), r2, d2);
            TV m3 = TOps.NegatedMultiplyAdd(TOps.Multiply(e3, e3), r3, d3);
            g0 = TOps.And(g0, TOps.GreaterThan(m0, TOps.Min(TOps.Multiply(rho, d0), k0)));
            g1 = TOps.And(g1, TOps.GreaterThan(m1, TOps.Min(TOps.Multiply(rho, d1), k1)));
            g2 = TOps.And(g2, TOps.GreaterThan(m2, TOps.Min(TOps.Multiply(rho, d2), k2)));
            g3 = TOps.And(g3, TOps.GreaterThan(m3, TOps.Min(TOps.Multiply(rho, d3), k3)));
            z0 = TOps.NegatedMultiplyAdd(l0, z0, TOps.Load(ref b, o0));
            z1 = TOps.NegatedMultiplyAdd(l1, z1, TOps.Load(ref b, o1));
            z2 = TOps.NegatedMultiplyAdd(l2, z2, TOps.Load(ref b, o2));
            z3 = TOps.NegatedMultiplyAdd(l3, z3, TOps.Load(ref b, o3));
            r0 = TOps.Divide(one, m0);
            r1 = TOps.Divide(one, m1);
            r2 = TOps.Divide(one, m2);
            r3 = TOps.Divide(one, m3);
            TOps.Store(TOps.Multiply(z0, r0), ref x, o0);
            TOps.Store(TOps.Multiply(z1, r1), ref x, o1);
            TOps.Store(TOps.Multiply(z2, r2), ref x, o2);
            TOps.Store(TOps.Multiply(z3, r3), ref x, o3);
        }

        TV x0 = TOps.Load(ref x, o0);
        TV x1 = TOps.Load(ref x, o1);
        TV x2 = TOps.Load(ref x, o2);
        TV x3 = TOps.Load(ref x, o3);
        TV f0 = TOps.Multiply(x0, zero);
        TV f1 = TOps.Multiply(x1, zero);
        TV f2 = TOps.Multiply(x2, zero);
        TV f3 = TOps.Multiply(x3, zero);
        for (int k = n - 2; k >= 0; k--)
        {
            o0 -= stride;
            o1 -= stride;
            o2 -= stride;
            o3 -= stride;
            x0 = TOps.NegatedMultiplyAdd(TOps.Load(ref l, o0), x0, TOps.Load(ref x, o0));
            x1 = TOps.NegatedMultiplyAdd(TOps.Load(ref l, o1), x1, TOps.Load(ref x, o1));
            x2 = TOps.NegatedMultiplyAdd(TOps.Load(ref l, o2), x2, TOps.Load(ref x, o2));
            x3 = TOps.NegatedMultiplyAdd(TOps.Load(ref l, o3), x3, TOps.Load(ref x, o3));
            TOps.Store(x0, ref x, o0);
            TOps.Store(x1, ref x, o1);
            TOps.Store(x2, ref x, o2);
            TOps.Store(x3, ref x, o3);
            f0 = TOps.MultiplyAdd(x0, zero, f0);
            f1 = TOps.MultiplyAdd(x1, zero, f1);
            f2 = TOps.MultiplyAdd(x2, zero, f2);
            f3 = TOps.MultiplyAdd(x3, zero, f3);
        }

        nuint c = (nuint)TOps.Count;
        TOps.Store(g0, ref pivotMask, 0);
        TOps.Store(g1, ref pivotMask, c);
        TOps.Store(g2, ref pivotMask, 2 * c);
        TOps.Store(g3, ref pivotMask, 3 * c);
        TOps.Store(TOps.EqualsMask(f0, zero), ref finiteMask, 0);
        TOps.Store(TOps.EqualsMask(f1, zero), ref finiteMask, c);
        TOps.Store(TOps.EqualsMask(f2, zero), ref finiteMask, 2 * c);
        TOps.Store(TOps.EqualsMask(f3, zero), ref finiteMask, 3 * c);
    }

    /// <summary>General Thomas on one chain: a (row 0 not read), d, c (row n−1 not read), b; w receives
    /// <c>c'_k = c_k/m_k</c>, x the solution (may be b).</summary>
    public static void General1<TOps, TV, T>(
        ref T a, ref T d, ref T c, ref T b, ref T w, ref T x, nuint o, nuint stride, int n, ref T pivotMask, ref T finiteMask)
        where TOps : ISimdOps<TV, T>
        where TV : struct
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        TV rho = TOps.Create(Precision<T>.PivotTolerance);
        TV one = TOps.Create(T.One);
        TV zero = TOps.Create(T.Zero);

        nuint i = o;
        TV dk = TOps.Load(ref d, i);
        TV good = TOps.GreaterThan(TOps.Abs(dk), TOps.Multiply(rho, TOps.Abs(dk)));
        TV r = TOps.Divide(one, dk);
        TV cPrev = TOps.Load(ref c, i);
        TOps.Store(TOps.Multiply(cPrev, r), ref w, i);
        TV y = TOps.Multiply(TOps.Load(ref b, i), r);
        TOps.Store(y, ref x, i);
        for (int k = 1; k < n; k++)
        {
            i += stride;
            TV ak = TOps.Load(ref a, i);
            dk = TOps.Load(ref d, i);

            // The latency chain: r_{k−1} → m_k (FMA) → r_k (division); a_k·c_{k−1} is formed off it.
            TV m = TOps.NegatedMultiplyAdd(TOps.Multiply(ak, cPrev), r, dk);
            good = TOps.And(good, TOps.GreaterThan(TOps.Abs(m), TOps.Multiply(rho, TOps.Abs(dk))));
            TV t = TOps.NegatedMultiplyAdd(ak, y, TOps.Load(ref b, i));
            r = TOps.Divide(one, m);
            y = TOps.Multiply(t, r);
            TOps.Store(y, ref x, i);
            cPrev = TOps.Load(ref c, i);
            TOps.Store(TOps.Multiply(cPrev, r), ref w, i);
        }

        TV next = y;
        TV finite = TOps.Multiply(next, zero);
        for (int k = n - 2; k >= 0; k--)
        {
            i -= stride;
            next = TOps.NegatedMultiplyAdd(TOps.Load(ref w, i), next, TOps.Load(ref x, i));
            TOps.Store(next, ref x, i);
            finite = TOps.MultiplyAdd(next, zero, finite);
        }

        TOps.Store(good, ref pivotMask, 0);
        TOps.Store(TOps.EqualsMask(finite, zero), ref finiteMask, 0);
    }

    /// <summary><see cref="General1"/> on four chains in lockstep (offsets may repeat).</summary>
    public static void General4<TOps, TV, T>(
        ref T a, ref T d, ref T c, ref T b, ref T w, ref T x, nuint o0, nuint o1, nuint o2, nuint o3, nuint stride, int n,
        ref T pivotMask, ref T finiteMask)
        where TOps : ISimdOps<TV, T>
        where TV : struct
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        TV rho = TOps.Create(Precision<T>.PivotTolerance);
        TV one = TOps.Create(T.One);
        TV zero = TOps.Create(T.Zero);

        TV d0 = TOps.Load(ref d, o0);
        TV d1 = TOps.Load(ref d, o1);
        TV d2 = TOps.Load(ref d, o2);
        TV d3 = TOps.Load(ref d, o3);
        TV g0 = TOps.GreaterThan(TOps.Abs(d0), TOps.Multiply(rho, TOps.Abs(d0)));
        TV g1 = TOps.GreaterThan(TOps.Abs(d1), TOps.Multiply(rho, TOps.Abs(d1)));
        TV g2 = TOps.GreaterThan(TOps.Abs(d2), TOps.Multiply(rho, TOps.Abs(d2)));
        TV g3 = TOps.GreaterThan(TOps.Abs(d3), TOps.Multiply(rho, TOps.Abs(d3)));
        TV r0 = TOps.Divide(one, d0);
        TV r1 = TOps.Divide(one, d1);
        TV r2 = TOps.Divide(one, d2);
        TV r3 = TOps.Divide(one, d3);
        TV c0 = TOps.Load(ref c, o0);
        TV c1 = TOps.Load(ref c, o1);
        TV c2 = TOps.Load(ref c, o2);
        TV c3 = TOps.Load(ref c, o3);
        TOps.Store(TOps.Multiply(c0, r0), ref w, o0);
        TOps.Store(TOps.Multiply(c1, r1), ref w, o1);
        TOps.Store(TOps.Multiply(c2, r2), ref w, o2);
        TOps.Store(TOps.Multiply(c3, r3), ref w, o3);
        TV y0 = TOps.Multiply(TOps.Load(ref b, o0), r0);
        TV y1 = TOps.Multiply(TOps.Load(ref b, o1), r1);
        TV y2 = TOps.Multiply(TOps.Load(ref b, o2), r2);
        TV y3 = TOps.Multiply(TOps.Load(ref b, o3), r3);
        TOps.Store(y0, ref x, o0);
        TOps.Store(y1, ref x, o1);
        TOps.Store(y2, ref x, o2);
        TOps.Store(y3, ref x, o3);
        for (int k = 1; k < n; k++)
        {
            o0 += stride;
            o1 += stride;
            o2 += stride;
            o3 += stride;
            TV a0 = TOps.Load(ref a, o0);
            TV a1 = TOps.Load(ref a, o1);
            TV a2 = TOps.Load(ref a, o2);
            TV a3 = TOps.Load(ref a, o3);
            d0 = TOps.Load(ref d, o0);
            d1 = TOps.Load(ref d, o1);
            d2 = TOps.Load(ref d, o2);
            d3 = TOps.Load(ref d, o3);
            TV m0 = TOps.NegatedMultiplyAdd(TOps.Multiply(a0, c0), r0, d0);
            TV m1 = TOps.NegatedMultiplyAdd(TOps.Multiply(a1, c1), r1, d1);
            TV m2 = TOps.NegatedMultiplyAdd(TOps.Multiply(a2, c2), r2, d2);
            TV m3 = TOps.NegatedMultiplyAdd(TOps.Multiply(a3, c3), r3, d3);
            g0 = TOps.And(g0, TOps.GreaterThan(TOps.Abs(m0), TOps.Multiply(rho, TOps.Abs(d0))));
            g1 = TOps.And(g1, TOps.GreaterThan(TOps.Abs(m1), TOps.Multiply(rho, TOps.Abs(d1))));
            g2 = TOps.And(g2, TOps.GreaterThan(TOps.Abs(m2), TOps.Multiply(rho, TOps.Abs(d2))));
            g3 = TOps.And(g3, TOps.GreaterThan(TOps.Abs(m3), TOps.Multiply(rho, TOps.Abs(d3))));
            TV t0 = TOps.NegatedMultiplyAdd(a0, y0, TOps.Load(ref b, o0));
            TV t1 = TOps.NegatedMultiplyAdd(a1, y1, TOps.Load(ref b, o1));
            TV t2 = TOps.NegatedMultiplyAdd(a2, y2, TOps.Load(ref b, o2));
            TV t3 = TOps.NegatedMultiplyAdd(a3, y3, TOps.Load(ref b, o3));
            r0 = TOps.Divide(one, m0);
            r1 = TOps.Divide(one, m1);
            r2 = TOps.Divide(one, m2);
            r3 = TOps.Divide(one, m3);
            y0 = TOps.Multiply(t0, r0);
            y1 = TOps.Multiply(t1, r1);
            y2 = TOps.Multiply(t2, r2);
            y3 = TOps.Multiply(t3, r3);
            TOps.Store(y0, ref x, o0);
            TOps.Store(y1, ref x, o1);
            TOps.Store(y2, ref x, o2);
            TOps.Store(y3, ref x, o3);
            c0 = TOps.Load(ref c, o0);
            c1 = TOps.Load(ref c, o1);
            c2 = TOps.Load(ref c, o2);
            c3 = TOps.Load(ref c, o3);
            TOps.Store(TOps.Multiply(c0, r0), ref w, o0);
            TOps.Store(TOps.Multiply(c1, r1), ref w, o1);
            TOps.Store(TOps.Multiply(c2, r2), ref w, o2);
            TOps.Store(TOps.Multiply(c3, r3), ref w, o3);
        }

        TV f0 = TOps.Multiply(y0, zero);
        TV f1 = TOps.Multiply(y1, zero);
        TV f2 = TOps.Multiply(y2, zero);
        TV f3 = TOps.Multiply(y3, zero);
        for (int k = n - 2; k >= 0; k--)
        {
            o0 -= stride;
            o1 -= stride;
            o2 -= stride;
            o3 -= stride;
            y0 = TOps.NegatedMultiplyAdd(TOps.Load(ref w, o0), y0, TOps.Load(ref x, o0));
            y1 = TOps.NegatedMultiplyAdd(TOps.Load(ref w, o1), y1, TOps.Load(ref x, o1));
            y2 = TOps.NegatedMultiplyAdd(TOps.Load(ref w, o2), y2, TOps.Load(ref x, o2));
            y3 = TOps.NegatedMultiplyAdd(TOps.Load(ref w, o3), y3, TOps.Load(ref x, o3));
            TOps.Store(y0, ref x, o0);
            TOps.Store(y1, ref x, o1);
            TOps.Store(y2, ref x, o2);
            TOps.Store(y3, ref x, o3);
            f0 = TOps.MultiplyAdd(y0, zero, f0);
            f1 = TOps.MultiplyAdd(y1, zero, f1);
            f2 = TOps.MultiplyAdd(y2, zero, f2);
            f3 = TOps.MultiplyAdd(y3, zero, f3);
        }

        nuint cnt = (nuint)TOps.Count;
        TOps.Store(g0, ref pivotMask, 0);
        TOps.Store(g1, ref pivotMask, cnt);
        TOps.Store(g2, ref pivotMask, 2 * cnt);
        TOps.Store(g3, ref pivotMask, 3 * cnt);
        TOps.Store(TOps.EqualsMask(f0, zero), ref finiteMask, 0);
        TOps.Store(TOps.EqualsMask(f1, zero), ref finiteMask, cnt);
        TOps.Store(TOps.EqualsMask(f2, zero), ref finiteMask, 2 * cnt);
        TOps.Store(TOps.EqualsMask(f3, zero), ref finiteMask, 3 * cnt);
    }
}
