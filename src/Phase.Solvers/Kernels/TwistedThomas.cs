using System.Numerics;

namespace Phase.Solvers.Kernels;

/// <summary>
/// Twisted ("burn at both ends") Thomas kernels on interleaved storage, for batches too small to keep four chains in
/// flight: one chain (one vector of <c>TOps.Count</c> lanes, lane i solving its own system) is eliminated from the top
/// (rows 0 … h − 1, exactly the Thomas recurrence) and from the bottom (rows n − 1 … h + 1, the Thomas recurrence of
/// the row-reversed system) at the same time, and the two halves meet at row <c>h = n/2</c>. The two pivot recurrences
/// are independent, so their division + FMA latency chains overlap and a lone chain runs about twice as fast.
/// </summary>
/// <remarks>
/// This is Gaussian elimination without pivoting of <c>PAPᵀ</c> for the ordering 0, 1, …, h − 1, n − 1, n − 2, …,
/// h + 1, h: no fill-in, every step a Thomas step, so the factorization of a symmetric positive definite or diagonally
/// dominant matrix is backward stable like the Thomas algorithm's (only the meeting row combines two eliminations).
/// Rows 0 … h − 1 of the forward sweep are bit-identical to the Thomas algorithm's; the results as a whole are not.
/// Each pivot (top, bottom and the meeting pivot) passes the Thomas algorithm's test. Requires n ≥ 3. Masks as in
/// <see cref="InterleavedThomas"/>.
/// </remarks>
internal static class TwistedThomas
{
    /// <summary>Smallest system size the twisted kernels accept.</summary>
    public const int MinimumSize = 3;

    /// <summary>Symmetric <c>LDLᵀ</c> from both ends on one chain: diagonal d (+ per-lane shift ε·max|d|), off-diagonal e
    /// (row k couples to row k + 1; row n − 1 not read), right-hand side b; l receives the multipliers (row k &lt; h:
    /// <c>e_k/m_k</c>, the coefficient of x_{k+1}; row k &gt; h: <c>e_{k−1}/m_k</c>, the coefficient of x_{k−1}), x the
    /// solution (may be b).</summary>
    public static void Symmetric<TOps, TV, T>(
        ref T d, ref T e, ref T b, ref T l, ref T x, nuint o, nuint stride, int n, T epsilon, T fixedCap, ref T pivotMask, ref T finiteMask)
        where TOps : ISimdOps<TV, T>
        where TV : struct
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        TV shift = InterleavedThomas.Shift<TOps, TV, T>(ref d, o, stride, n, epsilon);
        TV cap = InterleavedThomas.Cap<TOps, TV, T>(shift, epsilon, fixedCap);
        TV rho = TOps.Create(Precision<T>.PivotTolerance);
        TV one = TOps.Create(T.One);
        TV zero = TOps.Create(T.Zero);
        int h = n / 2;
        int bottomSteps = n - 2 - h;

        // i walks down from row 0 (top chain), j up from row n − 1 (bottom chain).
        nuint i = o;
        nuint j = o + ((nuint)(n - 1) * stride);
        TV dt = TOps.Add(TOps.Load(ref d, i), shift);
        TV db = TOps.Add(TOps.Load(ref d, j), shift);
        TV gt = TOps.GreaterThan(dt, TOps.Min(TOps.Multiply(rho, dt), cap));
        TV gb = TOps.GreaterThan(db, TOps.Min(TOps.Multiply(rho, db), cap));
        TV rt = TOps.Divide(one, dt);
        TV rb = TOps.Divide(one, db);
        TV zt = TOps.Load(ref b, i);
        TV zb = TOps.Load(ref b, j);
        TOps.Store(TOps.Multiply(zt, rt), ref x, i);
        TOps.Store(TOps.Multiply(zb, rb), ref x, j);
        for (int k = 0; k < bottomSteps; k++)
        {
            TV et = TOps.Load(ref e, i);
            TV lt = TOps.Multiply(et, rt);
            TOps.Store(lt, ref l, i);
            i += stride;
            TV eb = TOps.Load(ref e, j - stride);
            TV lb = TOps.Multiply(eb, rb);
            TOps.Store(lb, ref l, j);
            j -= stride;
            dt = TOps.Add(TOps.Load(ref d, i), shift);
            db = TOps.Add(TOps.Load(ref d, j), shift);

            // Two independent latency chains: r_{k−1} → m_k (FMA) → r_k (division), from each end.
            TV mt = TOps.NegatedMultiplyAdd(TOps.Multiply(et, et), rt, dt);
            TV mb = TOps.NegatedMultiplyAdd(TOps.Multiply(eb, eb), rb, db);
            gt = TOps.And(gt, TOps.GreaterThan(mt, TOps.Min(TOps.Multiply(rho, dt), cap)));
            gb = TOps.And(gb, TOps.GreaterThan(mb, TOps.Min(TOps.Multiply(rho, db), cap)));
            zt = TOps.NegatedMultiplyAdd(lt, zt, TOps.Load(ref b, i));
            zb = TOps.NegatedMultiplyAdd(lb, zb, TOps.Load(ref b, j));
            rt = TOps.Divide(one, mt);
            rb = TOps.Divide(one, mb);
            TOps.Store(TOps.Multiply(zt, rt), ref x, i);
            TOps.Store(TOps.Multiply(zb, rb), ref x, j);
        }

        if (h - 1 > bottomSteps)
        {
            // n even: the top half has one row more.
            TV et = TOps.Load(ref e, i);
            TV lt = TOps.Multiply(et, rt);
            TOps.Store(lt, ref l, i);
            i += stride;
            dt = TOps.Add(TOps.Load(ref d, i), shift);
            TV mt = TOps.NegatedMultiplyAdd(TOps.Multiply(et, et), rt, dt);
            gt = TOps.And(gt, TOps.GreaterThan(mt, TOps.Min(TOps.Multiply(rho, dt), cap)));
            zt = TOps.NegatedMultiplyAdd(lt, zt, TOps.Load(ref b, i));
            rt = TOps.Divide(one, mt);
            TOps.Store(TOps.Multiply(zt, rt), ref x, i);
        }

        // Meeting row h = i + stride = j − stride: eliminate x_{h−1} and x_{h+1} with the two halves' last pivots.
        nuint c = i + stride;
        TV ep = TOps.Load(ref e, i);
        TV lp = TOps.Multiply(ep, rt);
        TOps.Store(lp, ref l, i);
        TV eq = TOps.Load(ref e, c);
        TV lq = TOps.Multiply(eq, rb);
        TOps.Store(lq, ref l, j);
        TV dh = TOps.Add(TOps.Load(ref d, c), shift);
        TV m = TOps.NegatedMultiplyAdd(TOps.Multiply(eq, eq), rb, TOps.NegatedMultiplyAdd(TOps.Multiply(ep, ep), rt, dh));
        TV good = TOps.And(TOps.And(gt, gb), TOps.GreaterThan(m, TOps.Min(TOps.Multiply(rho, dh), cap)));
        TV z = TOps.NegatedMultiplyAdd(lq, zb, TOps.NegatedMultiplyAdd(lp, zt, TOps.Load(ref b, c)));
        TV xh = TOps.Multiply(z, TOps.Divide(one, m));
        TOps.Store(xh, ref x, c);

        // Back-substitution outwards from the meeting row: h rows above, n − 1 − h below.
        TV xt = xh, xb = xh;
        TV ft = TOps.Multiply(xh, zero);
        TV fb = ft;
        i = c;
        j = c;
        for (int k = 0; k < n - 1 - h; k++)
        {
            i -= stride;
            j += stride;
            xt = TOps.NegatedMultiplyAdd(TOps.Load(ref l, i), xt, TOps.Load(ref x, i));
            xb = TOps.NegatedMultiplyAdd(TOps.Load(ref l, j), xb, TOps.Load(ref x, j));
            TOps.Store(xt, ref x, i);
            TOps.Store(xb, ref x, j);
            ft = TOps.MultiplyAdd(xt, zero, ft);
            fb = TOps.MultiplyAdd(xb, zero, fb);
        }

        if (h > n - 1 - h)
        {
            i -= stride;
            xt = TOps.NegatedMultiplyAdd(TOps.Load(ref l, i), xt, TOps.Load(ref x, i));
            TOps.Store(xt, ref x, i);
            ft = TOps.MultiplyAdd(xt, zero, ft);
        }

        TOps.Store(good, ref pivotMask, 0);
        TOps.Store(TOps.EqualsMask(TOps.Add(ft, fb), zero), ref finiteMask, 0);
    }

    /// <summary>General elimination from both ends on one chain: a (row 0 not read), d, c (row n − 1 not read), b; w
    /// receives the multipliers (row k &lt; h: <c>c_k/m_k</c>; row k &gt; h: <c>a_k/m_k</c>), x the solution (may be b).</summary>
    public static void General<TOps, TV, T>(
        ref T a, ref T d, ref T c, ref T b, ref T w, ref T x, nuint o, nuint stride, int n, ref T pivotMask, ref T finiteMask)
        where TOps : ISimdOps<TV, T>
        where TV : struct
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        TV rho = TOps.Create(Precision<T>.PivotTolerance);
        TV one = TOps.Create(T.One);
        TV zero = TOps.Create(T.Zero);
        int h = n / 2;
        int bottomSteps = n - 2 - h;

        nuint i = o;
        nuint j = o + ((nuint)(n - 1) * stride);
        TV dt = TOps.Load(ref d, i);
        TV db = TOps.Load(ref d, j);
        TV gt = TOps.GreaterThan(TOps.Abs(dt), TOps.Multiply(rho, TOps.Abs(dt)));
        TV gb = TOps.GreaterThan(TOps.Abs(db), TOps.Multiply(rho, TOps.Abs(db)));
        TV rt = TOps.Divide(one, dt);
        TV rb = TOps.Divide(one, db);
        TV ct = TOps.Load(ref c, i);
        TV ab = TOps.Load(ref a, j);
        TOps.Store(TOps.Multiply(ct, rt), ref w, i);
        TOps.Store(TOps.Multiply(ab, rb), ref w, j);
        TV yt = TOps.Multiply(TOps.Load(ref b, i), rt);
        TV yb = TOps.Multiply(TOps.Load(ref b, j), rb);
        TOps.Store(yt, ref x, i);
        TOps.Store(yb, ref x, j);
        for (int k = 0; k < bottomSteps; k++)
        {
            i += stride;
            j -= stride;
            TV at = TOps.Load(ref a, i);
            TV cb = TOps.Load(ref c, j);
            dt = TOps.Load(ref d, i);
            db = TOps.Load(ref d, j);

            // Two independent latency chains: r → m (FMA) → r (division), from each end.
            TV mt = TOps.NegatedMultiplyAdd(TOps.Multiply(at, ct), rt, dt);
            TV mb = TOps.NegatedMultiplyAdd(TOps.Multiply(cb, ab), rb, db);
            gt = TOps.And(gt, TOps.GreaterThan(TOps.Abs(mt), TOps.Multiply(rho, TOps.Abs(dt))));
            gb = TOps.And(gb, TOps.GreaterThan(TOps.Abs(mb), TOps.Multiply(rho, TOps.Abs(db))));
            TV tt = TOps.NegatedMultiplyAdd(at, yt, TOps.Load(ref b, i));
            TV tb = TOps.NegatedMultiplyAdd(cb, yb, TOps.Load(ref b, j));
            rt = TOps.Divide(one, mt);
            rb = TOps.Divide(one, mb);
            yt = TOps.Multiply(tt, rt);
            yb = TOps.Multiply(tb, rb);
            TOps.Store(yt, ref x, i);
            TOps.Store(yb, ref x, j);
            ct = TOps.Load(ref c, i);
            ab = TOps.Load(ref a, j);
            TOps.Store(TOps.Multiply(ct, rt), ref w, i);
            TOps.Store(TOps.Multiply(ab, rb), ref w, j);
        }

        if (h - 1 > bottomSteps)
        {
            i += stride;
            TV at = TOps.Load(ref a, i);
            dt = TOps.Load(ref d, i);
            TV mt = TOps.NegatedMultiplyAdd(TOps.Multiply(at, ct), rt, dt);
            gt = TOps.And(gt, TOps.GreaterThan(TOps.Abs(mt), TOps.Multiply(rho, TOps.Abs(dt))));
            TV tt = TOps.NegatedMultiplyAdd(at, yt, TOps.Load(ref b, i));
            rt = TOps.Divide(one, mt);
            yt = TOps.Multiply(tt, rt);
            TOps.Store(yt, ref x, i);
            ct = TOps.Load(ref c, i);
            TOps.Store(TOps.Multiply(ct, rt), ref w, i);
        }

        // Meeting row h: a_h couples to x_{h−1} (top half), c_h to x_{h+1} (bottom half).
        nuint q = i + stride;
        TV ah = TOps.Load(ref a, q);
        TV ch = TOps.Load(ref c, q);
        TV dh = TOps.Load(ref d, q);
        TV m = TOps.NegatedMultiplyAdd(TOps.Multiply(ch, ab), rb, TOps.NegatedMultiplyAdd(TOps.Multiply(ah, ct), rt, dh));
        TV good = TOps.And(TOps.And(gt, gb), TOps.GreaterThan(TOps.Abs(m), TOps.Multiply(rho, TOps.Abs(dh))));
        TV t = TOps.NegatedMultiplyAdd(ch, yb, TOps.NegatedMultiplyAdd(ah, yt, TOps.Load(ref b, q)));
        TV xh = TOps.Multiply(t, TOps.Divide(one, m));
        TOps.Store(xh, ref x, q);

        TV xt = xh, xb = xh;
        TV ft = TOps.Multiply(xh, zero);
        TV fb = ft;
        i = q;
        j = q;
        for (int k = 0; k < n - 1 - h; k++)
        {
            i -= stride;
            j += stride;
            xt = TOps.NegatedMultiplyAdd(TOps.Load(ref w, i), xt, TOps.Load(ref x, i));
            xb = TOps.NegatedMultiplyAdd(TOps.Load(ref w, j), xb, TOps.Load(ref x, j));
            TOps.Store(xt, ref x, i);
            TOps.Store(xb, ref x, j);
            ft = TOps.MultiplyAdd(xt, zero, ft);
            fb = TOps.MultiplyAdd(xb, zero, fb);
        }

        if (h > n - 1 - h)
        {
            i -= stride;
            xt = TOps.NegatedMultiplyAdd(TOps.Load(ref w, i), xt, TOps.Load(ref x, i));
            TOps.Store(xt, ref x, i);
            ft = TOps.MultiplyAdd(xt, zero, ft);
        }

        TOps.Store(good, ref pivotMask, 0);
        TOps.Store(TOps.EqualsMask(TOps.Add(ft, fb), zero), ref finiteMask, 0);
    }
}
