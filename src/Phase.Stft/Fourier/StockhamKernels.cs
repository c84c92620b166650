using System.Runtime.CompilerServices;

namespace Phase.Fourier;

/// <summary>
/// Decimation-in-frequency Stockham autosort stages on split real/imaginary planes, generic over the vector width.
/// </summary>
/// <remarks>
/// <para>A stage of radix <c>r</c> maps <c>x → y</c> (never in place):
/// <c>y[q + s(r·p + k)] = ω_{r·m}^{p·k} · Σ_j x[q + s(p + j·m)]·ω_r^{j·k}</c> for <c>p &lt; m</c>, <c>q &lt; s</c>,
/// <c>k &lt; r</c>, with <c>ω_L = e^{−2πi/L}</c>. Successive stages with <c>m ← m/r</c>, <c>s ← s·r</c> leave the
/// DFT in natural order (no bit reversal).</para>
/// <para>Every "element" is a row of <c>B</c> contiguous floats (one independent transform per float of the row), so
/// the <c>(q, lane)</c> pair is one contiguous run of <c>sb = s·B</c> floats. Vectors run along that run: lane <c>i</c>
/// of a vector is float <c>o + i</c> of the run, no lane ever talks to another, and the butterflies need no shuffles.
/// The twiddle of a stage depends only on <c>p</c>, so it is broadcast once per <c>p</c>. When <c>sb</c> is not a
/// multiple of the vector width the last vector overlaps the previous one; that is safe because stages are out of
/// place and recomputing a lane writes the same value.</para>
/// <para>Twiddle tables: for stage <c>p</c>, entries <c>p·(r−1) + k − 1</c> hold <c>ω^{p·k}</c>, <c>k = 1 … r−1</c>.
/// The "Final" variants (used as the last stage of the first four-step pass, where <c>m = 1</c>) instead multiply
/// every output float by a per-float twiddle read at the same offset as the output.</para>
/// </remarks>
internal static class StockhamKernels
{
    private const float Sqrt1_2 = 0.70710678118654752440f;

    // cos(2π/3) = −1/2 and sin(2π/3); cos/sin of 2π/5 and 4π/5, rounded from double.
    private const float Sin60 = 0.86602540378443864676f;
    private const float C51 = 0.30901699437494742410f;
    private const float C52 = -0.80901699437494742410f;
    private const float S51 = 0.95105651629515357212f;
    private const float S52 = 0.58778525229247312917f;

    // ---------------------------------------------------------------- helpers

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static T Ld<T>(ref float b, nint off)
        where T : struct, IFloatVector<T> => T.Load(ref Unsafe.Add(ref b, off));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void St<T, TOut>(ref float yr, ref float yi, nint off, T re, T im)
        where T : struct, IFloatVector<T>
        where TOut : struct, IStageOutput => TOut.Store(ref yr, ref yi, off, re, im);

    /// <summary>Stores <c>(re + i·im)·(wr + i·wi)</c>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void StTw<T, TOut>(ref float yr, ref float yi, nint off, T re, T im, T wr, T wi)
        where T : struct, IFloatVector<T>
        where TOut : struct, IStageOutput =>
        TOut.Store(ref yr, ref yi, off, T.NegatedMultiplyAdd(im, wi, re * wr), T.MultiplyAdd(im, wr, re * wi));

    /// <summary>Stores <c>(re + i·im)</c> times the per-float twiddle found at the same offset in (vr, vi).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void StVt<T, TOut>(ref float yr, ref float yi, ref float vr, ref float vi, nint off, T re, T im)
        where T : struct, IFloatVector<T>
        where TOut : struct, IStageOutput =>
        StTw<T, TOut>(ref yr, ref yi, off, re, im, Ld<T>(ref vr, off), Ld<T>(ref vi, off));

    /// <summary>Loads the complex input at float offset <paramref name="off"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void In<T, TIn>(ref float xr, ref float xi, nint off, out T re, out T im)
        where T : struct, IFloatVector<T>
        where TIn : struct, IStageInput => TIn.Load(ref xr, ref xi, off, out re, out im);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static T Bc<T>(ref float table, nint index)
        where T : struct, IFloatVector<T> => T.Broadcast(Unsafe.Add(ref table, index));

    // ---------------------------------------------------------------- butterflies (forward, ω = e^{−2πi/r})

    /// <summary>Radix-4 DFT: b1 = (a0 − a2) − i(a1 − a3), b3 = (a0 − a2) + i(a1 − a3).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Dft4<T>(
        T a0r, T a0i, T a1r, T a1i, T a2r, T a2i, T a3r, T a3i,
        out T b0r, out T b0i, out T b1r, out T b1i, out T b2r, out T b2i, out T b3r, out T b3i)
        where T : struct, IFloatVector<T>
    {
        T t0r = a0r + a2r, t0i = a0i + a2i;
        T t1r = a0r - a2r, t1i = a0i - a2i;
        T t2r = a1r + a3r, t2i = a1i + a3i;
        T t3r = a1i - a3i, t3i = a3r - a1r; // (a1 − a3)·(−i)
        b0r = t0r + t2r;
        b0i = t0i + t2i;
        b2r = t0r - t2r;
        b2i = t0i - t2i;
        b1r = t1r + t3r;
        b1i = t1i + t3i;
        b3r = t1r - t3r;
        b3i = t1i - t3i;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Dft3<T>(
        T a0r, T a0i, T a1r, T a1i, T a2r, T a2i,
        out T b0r, out T b0i, out T b1r, out T b1i, out T b2r, out T b2i)
        where T : struct, IFloatVector<T>
    {
        T sr = a1r + a2r, si = a1i + a2i;
        T dr = a1r - a2r, di = a1i - a2i;
        b0r = a0r + sr;
        b0i = a0i + si;
        T half = T.Broadcast(0.5f), k = T.Broadcast(Sin60);
        T tr = T.NegatedMultiplyAdd(sr, half, a0r), ti = T.NegatedMultiplyAdd(si, half, a0i);
        // u = −i·sin60·(a1 − a2) = sin60·(di, −dr)
        b1r = T.MultiplyAdd(di, k, tr);
        b1i = T.NegatedMultiplyAdd(dr, k, ti);
        b2r = T.NegatedMultiplyAdd(di, k, tr);
        b2i = T.MultiplyAdd(dr, k, ti);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Dft5<T>(
        T a0r, T a0i, T a1r, T a1i, T a2r, T a2i, T a3r, T a3i, T a4r, T a4i,
        out T b0r, out T b0i, out T b1r, out T b1i, out T b2r, out T b2i, out T b3r, out T b3i, out T b4r, out T b4i)
        where T : struct, IFloatVector<T>
    {
        T s1r = a1r + a4r, s1i = a1i + a4i, d1r = a1r - a4r, d1i = a1i - a4i;
        T s2r = a2r + a3r, s2i = a2i + a3i, d2r = a2r - a3r, d2i = a2i - a3i;
        b0r = a0r + s1r + s2r;
        b0i = a0i + s1i + s2i;
        T c1 = T.Broadcast(C51), c2 = T.Broadcast(C52), q1 = T.Broadcast(S51), q2 = T.Broadcast(S52);
        T tAr = T.MultiplyAdd(s2r, c2, T.MultiplyAdd(s1r, c1, a0r));
        T tAi = T.MultiplyAdd(s2i, c2, T.MultiplyAdd(s1i, c1, a0i));
        T tBr = T.MultiplyAdd(s2r, c1, T.MultiplyAdd(s1r, c2, a0r));
        T tBi = T.MultiplyAdd(s2i, c1, T.MultiplyAdd(s1i, c2, a0i));
        // vA = sin1·d1 + sin2·d2, vB = sin2·d1 − sin1·d2; uX = −i·vX = (vX.im, −vX.re)
        T vAr = T.MultiplyAdd(d2r, q2, d1r * q1), vAi = T.MultiplyAdd(d2i, q2, d1i * q1);
        T vBr = T.NegatedMultiplyAdd(d2r, q1, d1r * q2), vBi = T.NegatedMultiplyAdd(d2i, q1, d1i * q2);
        b1r = tAr + vAi;
        b1i = tAi - vAr;
        b4r = tAr - vAi;
        b4i = tAi + vAr;
        b2r = tBr + vBi;
        b2i = tBi - vBr;
        b3r = tBr - vBi;
        b3i = tBi + vBr;
    }

    /// <summary>Radix-8 DFT as a radix-2 step, the ω₈ rotations, and two radix-4 DFTs (even and odd outputs).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Dft8<T>(
        T a0r, T a0i, T a1r, T a1i, T a2r, T a2i, T a3r, T a3i,
        T a4r, T a4i, T a5r, T a5i, T a6r, T a6i, T a7r, T a7i,
        out T b0r, out T b0i, out T b1r, out T b1i, out T b2r, out T b2i, out T b3r, out T b3i,
        out T b4r, out T b4i, out T b5r, out T b5i, out T b6r, out T b6i, out T b7r, out T b7i)
        where T : struct, IFloatVector<T>
    {
        T u0r = a0r + a4r, u0i = a0i + a4i, v0r = a0r - a4r, v0i = a0i - a4i;
        T u1r = a1r + a5r, u1i = a1i + a5i, v1r = a1r - a5r, v1i = a1i - a5i;
        T u2r = a2r + a6r, u2i = a2i + a6i, v2r = a2r - a6r, v2i = a2i - a6i;
        T u3r = a3r + a7r, u3i = a3i + a7i, v3r = a3r - a7r, v3i = a3i - a7i;
        T h = T.Broadcast(Sqrt1_2);

        // v1·e^{−iπ/4} = ((x + y) + i(y − x))/√2; v2·(−i) = (y, −x); v3·e^{−3iπ/4} = ((y − x) − i(x + y))/√2.
        T w1r = (v1r + v1i) * h, w1i = (v1i - v1r) * h;
        T w2r = v2i, w2i = T.Broadcast(0f) - v2r;
        T w3r = (v3i - v3r) * h, w3i = (T.Broadcast(0f) - v3r - v3i) * h;
        Dft4(u0r, u0i, u1r, u1i, u2r, u2i, u3r, u3i, out b0r, out b0i, out b2r, out b2i, out b4r, out b4i, out b6r, out b6i);
        Dft4(v0r, v0i, w1r, w1i, w2r, w2i, w3r, w3i, out b1r, out b1i, out b3r, out b3i, out b5r, out b5i, out b7r, out b7i);
    }

    // ---------------------------------------------------------------- radix 2

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Radix2<T, TIn, TOut>(ref float xr, ref float xi, ref float yr, ref float yi, nint m, nint sb, ref float twr, ref float twi)
        where T : struct, IFloatVector<T>
        where TIn : struct, IStageInput
        where TOut : struct, IStageOutput
    {
        nint w = T.Count, js = m * sb;
        for (nint i = 0; i < sb; i += w)
        {
            nint o = Math.Min(i, sb - w);
            In<T, TIn>(ref xr, ref xi, o, out T a0r, out T a0i);
            In<T, TIn>(ref xr, ref xi, o + js, out T a1r, out T a1i);
            St<T, TOut>(ref yr, ref yi, o, a0r + a1r, a0i + a1i);
            St<T, TOut>(ref yr, ref yi, o + sb, a0r - a1r, a0i - a1i);
        }

        for (nint p = 1; p < m; p++)
        {
            T w1r = Bc<T>(ref twr, p), w1i = Bc<T>(ref twi, p);
            nint ib = p * sb, ob = 2 * p * sb;
            for (nint i = 0; i < sb; i += w)
            {
                nint o = Math.Min(i, sb - w);
                nint a = ib + o;
                In<T, TIn>(ref xr, ref xi, a, out T a0r, out T a0i);
                In<T, TIn>(ref xr, ref xi, a + js, out T a1r, out T a1i);
                St<T, TOut>(ref yr, ref yi, ob + o, a0r + a1r, a0i + a1i);
                StTw<T, TOut>(ref yr, ref yi, ob + o + sb, a0r - a1r, a0i - a1i, w1r, w1i);
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Radix2Final<T, TIn, TOut>(ref float xr, ref float xi, ref float yr, ref float yi, nint sb, ref float vr, ref float vi)
        where T : struct, IFloatVector<T>
        where TIn : struct, IStageInput
        where TOut : struct, IStageOutput
    {
        nint w = T.Count;
        for (nint i = 0; i < sb; i += w)
        {
            nint o = Math.Min(i, sb - w);
            In<T, TIn>(ref xr, ref xi, o, out T a0r, out T a0i);
            In<T, TIn>(ref xr, ref xi, o + sb, out T a1r, out T a1i);
            StVt<T, TOut>(ref yr, ref yi, ref vr, ref vi, o, a0r + a1r, a0i + a1i);
            StVt<T, TOut>(ref yr, ref yi, ref vr, ref vi, o + sb, a0r - a1r, a0i - a1i);
        }
    }

    // ---------------------------------------------------------------- radix 3

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Radix3<T, TIn, TOut>(ref float xr, ref float xi, ref float yr, ref float yi, nint m, nint sb, ref float twr, ref float twi)
        where T : struct, IFloatVector<T>
        where TIn : struct, IStageInput
        where TOut : struct, IStageOutput
    {
        nint w = T.Count, js = m * sb;
        for (nint p = 0; p < m; p++)
        {
            bool tw = p != 0;
            T w1r = Bc<T>(ref twr, 2 * p), w1i = Bc<T>(ref twi, 2 * p);
            T w2r = Bc<T>(ref twr, (2 * p) + 1), w2i = Bc<T>(ref twi, (2 * p) + 1);
            nint ib = p * sb, ob = 3 * p * sb;
            for (nint i = 0; i < sb; i += w)
            {
                nint o = Math.Min(i, sb - w);
                nint a = ib + o;
                In<T, TIn>(ref xr, ref xi, a, out T a0r, out T a0i);
                In<T, TIn>(ref xr, ref xi, a + js, out T a1r, out T a1i);
                In<T, TIn>(ref xr, ref xi, a + (2 * js), out T a2r, out T a2i);
                Dft3(
                    a0r, a0i, a1r, a1i, a2r, a2i,
                    out T b0r, out T b0i, out T b1r, out T b1i, out T b2r, out T b2i);
                nint b = ob + o;
                St<T, TOut>(ref yr, ref yi, b, b0r, b0i);
                if (tw)
                {
                    StTw<T, TOut>(ref yr, ref yi, b + sb, b1r, b1i, w1r, w1i);
                    StTw<T, TOut>(ref yr, ref yi, b + (2 * sb), b2r, b2i, w2r, w2i);
                }
                else
                {
                    St<T, TOut>(ref yr, ref yi, b + sb, b1r, b1i);
                    St<T, TOut>(ref yr, ref yi, b + (2 * sb), b2r, b2i);
                }
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Radix3Final<T, TIn, TOut>(ref float xr, ref float xi, ref float yr, ref float yi, nint sb, ref float vr, ref float vi)
        where T : struct, IFloatVector<T>
        where TIn : struct, IStageInput
        where TOut : struct, IStageOutput
    {
        nint w = T.Count;
        for (nint i = 0; i < sb; i += w)
        {
            nint o = Math.Min(i, sb - w);
            In<T, TIn>(ref xr, ref xi, o, out T a0r, out T a0i);
            In<T, TIn>(ref xr, ref xi, o + sb, out T a1r, out T a1i);
            In<T, TIn>(ref xr, ref xi, o + (2 * sb), out T a2r, out T a2i);
            Dft3(
                a0r, a0i, a1r, a1i, a2r, a2i,
                out T b0r, out T b0i, out T b1r, out T b1i, out T b2r, out T b2i);
            StVt<T, TOut>(ref yr, ref yi, ref vr, ref vi, o, b0r, b0i);
            StVt<T, TOut>(ref yr, ref yi, ref vr, ref vi, o + sb, b1r, b1i);
            StVt<T, TOut>(ref yr, ref yi, ref vr, ref vi, o + (2 * sb), b2r, b2i);
        }
    }

    // ---------------------------------------------------------------- radix 4

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Radix4<T, TIn, TOut>(ref float xr, ref float xi, ref float yr, ref float yi, nint m, nint sb, ref float twr, ref float twi)
        where T : struct, IFloatVector<T>
        where TIn : struct, IStageInput
        where TOut : struct, IStageOutput
    {
        nint w = T.Count, js = m * sb;
        for (nint i = 0; i < sb; i += w)
        {
            nint o = Math.Min(i, sb - w);
            In<T, TIn>(ref xr, ref xi, o, out T a0r, out T a0i);
            In<T, TIn>(ref xr, ref xi, o + js, out T a1r, out T a1i);
            In<T, TIn>(ref xr, ref xi, o + (2 * js), out T a2r, out T a2i);
            In<T, TIn>(ref xr, ref xi, o + (3 * js), out T a3r, out T a3i);
            Dft4(
                a0r, a0i, a1r, a1i, a2r, a2i, a3r, a3i,
                out T b0r, out T b0i, out T b1r, out T b1i, out T b2r, out T b2i, out T b3r, out T b3i);
            St<T, TOut>(ref yr, ref yi, o, b0r, b0i);
            St<T, TOut>(ref yr, ref yi, o + sb, b1r, b1i);
            St<T, TOut>(ref yr, ref yi, o + (2 * sb), b2r, b2i);
            St<T, TOut>(ref yr, ref yi, o + (3 * sb), b3r, b3i);
        }

        for (nint p = 1; p < m; p++)
        {
            nint t = 3 * p;
            T w1r = Bc<T>(ref twr, t), w1i = Bc<T>(ref twi, t);
            T w2r = Bc<T>(ref twr, t + 1), w2i = Bc<T>(ref twi, t + 1);
            T w3r = Bc<T>(ref twr, t + 2), w3i = Bc<T>(ref twi, t + 2);
            nint ib = p * sb, ob = 4 * p * sb;
            for (nint i = 0; i < sb; i += w)
            {
                nint o = Math.Min(i, sb - w);
                nint a = ib + o;
                In<T, TIn>(ref xr, ref xi, a, out T a0r, out T a0i);
                In<T, TIn>(ref xr, ref xi, a + js, out T a1r, out T a1i);
                In<T, TIn>(ref xr, ref xi, a + (2 * js), out T a2r, out T a2i);
                In<T, TIn>(ref xr, ref xi, a + (3 * js), out T a3r, out T a3i);
                Dft4(
                    a0r, a0i, a1r, a1i, a2r, a2i, a3r, a3i,
                    out T b0r, out T b0i, out T b1r, out T b1i, out T b2r, out T b2i, out T b3r, out T b3i);
                nint b = ob + o;
                St<T, TOut>(ref yr, ref yi, b, b0r, b0i);
                StTw<T, TOut>(ref yr, ref yi, b + sb, b1r, b1i, w1r, w1i);
                StTw<T, TOut>(ref yr, ref yi, b + (2 * sb), b2r, b2i, w2r, w2i);
                StTw<T, TOut>(ref yr, ref yi, b + (3 * sb), b3r, b3i, w3r, w3i);
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Radix4Final<T, TIn, TOut>(ref float xr, ref float xi, ref float yr, ref float yi, nint sb, ref float vr, ref float vi)
        where T : struct, IFloatVector<T>
        where TIn : struct, IStageInput
        where TOut : struct, IStageOutput
    {
        nint w = T.Count;
        for (nint i = 0; i < sb; i += w)
        {
            nint o = Math.Min(i, sb - w);
            In<T, TIn>(ref xr, ref xi, o, out T a0r, out T a0i);
            In<T, TIn>(ref xr, ref xi, o + sb, out T a1r, out T a1i);
            In<T, TIn>(ref xr, ref xi, o + (2 * sb), out T a2r, out T a2i);
            In<T, TIn>(ref xr, ref xi, o + (3 * sb), out T a3r, out T a3i);
            Dft4(
                a0r, a0i, a1r, a1i, a2r, a2i, a3r, a3i,
                out T b0r, out T b0i, out T b1r, out T b1i, out T b2r, out T b2i, out T b3r, out T b3i);
            StVt<T, TOut>(ref yr, ref yi, ref vr, ref vi, o, b0r, b0i);
            StVt<T, TOut>(ref yr, ref yi, ref vr, ref vi, o + sb, b1r, b1i);
            StVt<T, TOut>(ref yr, ref yi, ref vr, ref vi, o + (2 * sb), b2r, b2i);
            StVt<T, TOut>(ref yr, ref yi, ref vr, ref vi, o + (3 * sb), b3r, b3i);
        }
    }

    // ---------------------------------------------------------------- radix 5

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Radix5<T, TIn, TOut>(ref float xr, ref float xi, ref float yr, ref float yi, nint m, nint sb, ref float twr, ref float twi)
        where T : struct, IFloatVector<T>
        where TIn : struct, IStageInput
        where TOut : struct, IStageOutput
    {
        nint w = T.Count, js = m * sb;
        for (nint p = 0; p < m; p++)
        {
            bool tw = p != 0;
            nint t = 4 * p;
            T w1r = Bc<T>(ref twr, t), w1i = Bc<T>(ref twi, t);
            T w2r = Bc<T>(ref twr, t + 1), w2i = Bc<T>(ref twi, t + 1);
            T w3r = Bc<T>(ref twr, t + 2), w3i = Bc<T>(ref twi, t + 2);
            T w4r = Bc<T>(ref twr, t + 3), w4i = Bc<T>(ref twi, t + 3);
            nint ib = p * sb, ob = 5 * p * sb;
            for (nint i = 0; i < sb; i += w)
            {
                nint o = Math.Min(i, sb - w);
                nint a = ib + o;
                In<T, TIn>(ref xr, ref xi, a, out T a0r, out T a0i);
                In<T, TIn>(ref xr, ref xi, a + js, out T a1r, out T a1i);
                In<T, TIn>(ref xr, ref xi, a + (2 * js), out T a2r, out T a2i);
                In<T, TIn>(ref xr, ref xi, a + (3 * js), out T a3r, out T a3i);
                In<T, TIn>(ref xr, ref xi, a + (4 * js), out T a4r, out T a4i);
                Dft5(
                    a0r, a0i, a1r, a1i, a2r, a2i, a3r, a3i, a4r, a4i,
                    out T b0r, out T b0i, out T b1r, out T b1i, out T b2r, out T b2i, out T b3r, out T b3i, out T b4r, out T b4i);
                nint b = ob + o;
                St<T, TOut>(ref yr, ref yi, b, b0r, b0i);
                if (tw)
                {
                    StTw<T, TOut>(ref yr, ref yi, b + sb, b1r, b1i, w1r, w1i);
                    StTw<T, TOut>(ref yr, ref yi, b + (2 * sb), b2r, b2i, w2r, w2i);
                    StTw<T, TOut>(ref yr, ref yi, b + (3 * sb), b3r, b3i, w3r, w3i);
                    StTw<T, TOut>(ref yr, ref yi, b + (4 * sb), b4r, b4i, w4r, w4i);
                }
                else
                {
                    St<T, TOut>(ref yr, ref yi, b + sb, b1r, b1i);
                    St<T, TOut>(ref yr, ref yi, b + (2 * sb), b2r, b2i);
                    St<T, TOut>(ref yr, ref yi, b + (3 * sb), b3r, b3i);
                    St<T, TOut>(ref yr, ref yi, b + (4 * sb), b4r, b4i);
                }
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Radix5Final<T, TIn, TOut>(ref float xr, ref float xi, ref float yr, ref float yi, nint sb, ref float vr, ref float vi)
        where T : struct, IFloatVector<T>
        where TIn : struct, IStageInput
        where TOut : struct, IStageOutput
    {
        nint w = T.Count;
        for (nint i = 0; i < sb; i += w)
        {
            nint o = Math.Min(i, sb - w);
            In<T, TIn>(ref xr, ref xi, o, out T a0r, out T a0i);
            In<T, TIn>(ref xr, ref xi, o + sb, out T a1r, out T a1i);
            In<T, TIn>(ref xr, ref xi, o + (2 * sb), out T a2r, out T a2i);
            In<T, TIn>(ref xr, ref xi, o + (3 * sb), out T a3r, out T a3i);
            In<T, TIn>(ref xr, ref xi, o + (4 * sb), out T a4r, out T a4i);
            Dft5(
                a0r, a0i, a1r, a1i, a2r, a2i, a3r, a3i, a4r, a4i,
                out T b0r, out T b0i, out T b1r, out T b1i, out T b2r, out T b2i, out T b3r, out T b3i, out T b4r, out T b4i);
            StVt<T, TOut>(ref yr, ref yi, ref vr, ref vi, o, b0r, b0i);
            StVt<T, TOut>(ref yr, ref yi, ref vr, ref vi, o + sb, b1r, b1i);
            StVt<T, TOut>(ref yr, ref yi, ref vr, ref vi, o + (2 * sb), b2r, b2i);
            StVt<T, TOut>(ref yr, ref yi, ref vr, ref vi, o + (3 * sb), b3r, b3i);
            StVt<T, TOut>(ref yr, ref yi, ref vr, ref vi, o + (4 * sb), b4r, b4i);
        }
    }

    // ---------------------------------------------------------------- radix 8

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Radix8<T, TIn, TOut>(ref float xr, ref float xi, ref float yr, ref float yi, nint m, nint sb, ref float twr, ref float twi)
        where T : struct, IFloatVector<T>
        where TIn : struct, IStageInput
        where TOut : struct, IStageOutput
    {
        nint w = T.Count, js = m * sb;
        for (nint i = 0; i < sb; i += w)
        {
            nint o = Math.Min(i, sb - w);
            Butterfly8<T, TIn>(ref xr, ref xi, o, js,
                out T b0r, out T b0i, out T b1r, out T b1i, out T b2r, out T b2i, out T b3r, out T b3i,
                out T b4r, out T b4i, out T b5r, out T b5i, out T b6r, out T b6i, out T b7r, out T b7i);
            St<T, TOut>(ref yr, ref yi, o, b0r, b0i);
            St<T, TOut>(ref yr, ref yi, o + sb, b1r, b1i);
            St<T, TOut>(ref yr, ref yi, o + (2 * sb), b2r, b2i);
            St<T, TOut>(ref yr, ref yi, o + (3 * sb), b3r, b3i);
            St<T, TOut>(ref yr, ref yi, o + (4 * sb), b4r, b4i);
            St<T, TOut>(ref yr, ref yi, o + (5 * sb), b5r, b5i);
            St<T, TOut>(ref yr, ref yi, o + (6 * sb), b6r, b6i);
            St<T, TOut>(ref yr, ref yi, o + (7 * sb), b7r, b7i);
        }

        for (nint p = 1; p < m; p++)
        {
            ref float tr = ref Unsafe.Add(ref twr, 7 * p);
            ref float ti = ref Unsafe.Add(ref twi, 7 * p);
            nint ib = p * sb, ob = 8 * p * sb;
            for (nint i = 0; i < sb; i += w)
            {
                nint o = Math.Min(i, sb - w);
                Butterfly8<T, TIn>(ref xr, ref xi, ib + o, js,
                    out T b0r, out T b0i, out T b1r, out T b1i, out T b2r, out T b2i, out T b3r, out T b3i,
                    out T b4r, out T b4i, out T b5r, out T b5i, out T b6r, out T b6i, out T b7r, out T b7i);
                nint b = ob + o;

                // Twiddles are re-broadcast per vector (embedded-broadcast operands on AVX-512) to spare registers.
                St<T, TOut>(ref yr, ref yi, b, b0r, b0i);
                StTw<T, TOut>(ref yr, ref yi, b + sb, b1r, b1i, Bc<T>(ref tr, 0), Bc<T>(ref ti, 0));
                StTw<T, TOut>(ref yr, ref yi, b + (2 * sb), b2r, b2i, Bc<T>(ref tr, 1), Bc<T>(ref ti, 1));
                StTw<T, TOut>(ref yr, ref yi, b + (3 * sb), b3r, b3i, Bc<T>(ref tr, 2), Bc<T>(ref ti, 2));
                StTw<T, TOut>(ref yr, ref yi, b + (4 * sb), b4r, b4i, Bc<T>(ref tr, 3), Bc<T>(ref ti, 3));
                StTw<T, TOut>(ref yr, ref yi, b + (5 * sb), b5r, b5i, Bc<T>(ref tr, 4), Bc<T>(ref ti, 4));
                StTw<T, TOut>(ref yr, ref yi, b + (6 * sb), b6r, b6i, Bc<T>(ref tr, 5), Bc<T>(ref ti, 5));
                StTw<T, TOut>(ref yr, ref yi, b + (7 * sb), b7r, b7i, Bc<T>(ref tr, 6), Bc<T>(ref ti, 6));
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Radix8Final<T, TIn, TOut>(ref float xr, ref float xi, ref float yr, ref float yi, nint sb, ref float vr, ref float vi)
        where T : struct, IFloatVector<T>
        where TIn : struct, IStageInput
        where TOut : struct, IStageOutput
    {
        nint w = T.Count;
        for (nint i = 0; i < sb; i += w)
        {
            nint o = Math.Min(i, sb - w);
            Butterfly8<T, TIn>(ref xr, ref xi, o, sb,
                out T b0r, out T b0i, out T b1r, out T b1i, out T b2r, out T b2i, out T b3r, out T b3i,
                out T b4r, out T b4i, out T b5r, out T b5i, out T b6r, out T b6i, out T b7r, out T b7i);
            StVt<T, TOut>(ref yr, ref yi, ref vr, ref vi, o, b0r, b0i);
            StVt<T, TOut>(ref yr, ref yi, ref vr, ref vi, o + sb, b1r, b1i);
            StVt<T, TOut>(ref yr, ref yi, ref vr, ref vi, o + (2 * sb), b2r, b2i);
            StVt<T, TOut>(ref yr, ref yi, ref vr, ref vi, o + (3 * sb), b3r, b3i);
            StVt<T, TOut>(ref yr, ref yi, ref vr, ref vi, o + (4 * sb), b4r, b4i);
            StVt<T, TOut>(ref yr, ref yi, ref vr, ref vi, o + (5 * sb), b5r, b5i);
            StVt<T, TOut>(ref yr, ref yi, ref vr, ref vi, o + (6 * sb), b6r, b6i);
            StVt<T, TOut>(ref yr, ref yi, ref vr, ref vi, o + (7 * sb), b7r, b7i);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Butterfly8<T, TIn>(ref float xr, ref float xi, nint a, nint js,
        out T b0r, out T b0i, out T b1r, out T b1i, out T b2r, out T b2i, out T b3r, out T b3i,
        out T b4r, out T b4i, out T b5r, out T b5i, out T b6r, out T b6i, out T b7r, out T b7i)
        where T : struct, IFloatVector<T>
        where TIn : struct, IStageInput
    {
        In<T, TIn>(ref xr, ref xi, a, out T a0r, out T a0i);
        In<T, TIn>(ref xr, ref xi, a + js, out T a1r, out T a1i);
        In<T, TIn>(ref xr, ref xi, a + (2 * js), out T a2r, out T a2i);
        In<T, TIn>(ref xr, ref xi, a + (3 * js), out T a3r, out T a3i);
        In<T, TIn>(ref xr, ref xi, a + (4 * js), out T a4r, out T a4i);
        In<T, TIn>(ref xr, ref xi, a + (5 * js), out T a5r, out T a5i);
        In<T, TIn>(ref xr, ref xi, a + (6 * js), out T a6r, out T a6i);
        In<T, TIn>(ref xr, ref xi, a + (7 * js), out T a7r, out T a7i);
        Dft8(
            a0r, a0i, a1r, a1i, a2r, a2i, a3r, a3i, a4r, a4i, a5r, a5i, a6r, a6i, a7r, a7i,
            out b0r, out b0i, out b1r, out b1i, out b2r, out b2i, out b3r, out b3i,
            out b4r, out b4i, out b5r, out b5i, out b6r, out b6i, out b7r, out b7i);
    }
}
