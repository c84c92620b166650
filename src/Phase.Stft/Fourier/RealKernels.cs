using System.Runtime.CompilerServices;

namespace Phase.Fourier;

/// <summary>
/// The passes that turn a complex FFT of size <c>n = N/2</c> into a real FFT of size <c>N</c>, generic over the vector
/// width. Loops whose length is not a multiple of the width finish with one vector overlapping the previous one; this
/// is safe because every pass here reads one buffer and writes another.
/// </summary>
internal static class RealKernels
{
    /// <summary><c>re[m] = x[2m]</c>, <c>im[m] = x[2m+1]</c> for <c>m &lt; n</c> (needs <c>n ≥ T.Count</c>).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Deinterleave<T>(ref float x, ref float re, ref float im, int n)
        where T : struct, IFloatVector<T>
    {
        nint w = T.Count;
        for (nint i = 0; i < n; i += w)
        {
            nint o = Math.Min(i, n - w);
            T.LoadDeinterleaved(ref Unsafe.Add(ref x, 2 * o), out T even, out T odd);
            T.Store(even, ref Unsafe.Add(ref re, o));
            T.Store(odd, ref Unsafe.Add(ref im, o));
        }
    }

    /// <summary><c>y[2m] = scale·re[m]</c>, <c>y[2m+1] = scale·im[m]</c> for <c>m &lt; n</c> (needs <c>n ≥ T.Count</c>).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Interleave<T>(ref float re, ref float im, ref float y, int n, float scale)
        where T : struct, IFloatVector<T>
    {
        nint w = T.Count;
        T s = T.Broadcast(scale);
        for (nint i = 0; i < n; i += w)
        {
            nint o = Math.Min(i, n - w);
            T.StoreInterleaved(T.Load(ref Unsafe.Add(ref re, o)) * s, T.Load(ref Unsafe.Add(ref im, o)) * s, ref Unsafe.Add(ref y, 2 * o));
        }
    }

    /// <summary>
    /// Real spectrum from the complex one: with <c>Z = DFT_n(x[2m] + i·x[2m+1])</c>, <c>A = Z[k]</c>,
    /// <c>B = conj Z[n−k]</c>, <c>E = (A + B)/2</c> (even samples' DFT), <c>O = (A − B)/(2i)</c> (odd samples' DFT):
    /// <c>X[k] = E + ω_N^k·O</c> and <c>X[n−k] = conj(E − ω_N^k·O)</c>, for <c>k = 1 … ⌊n/2⌋</c>;
    /// <c>X[0] = Re Z[0] + Im Z[0]</c>, <c>X[n] = Re Z[0] − Im Z[0]</c>. <c>(hr, hi)</c> hold <c>ω_N^k/2</c>.
    /// </summary>
    /// <remarks>Lane layout: a vector holds bins <c>k₀ … k₀+W−1</c>; their partners <c>n−k</c> are the vector loaded at
    /// <c>n−k₀−W+1</c> with its lanes reversed, and the <c>X[n−k]</c> results are reversed back before the store.</remarks>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void SplitSpectrum<T>(ref float zr, ref float zi, ref float hr, ref float hi, ref float xr, ref float xi, int n)
        where T : struct, IFloatVector<T>
    {
        float z0r = zr, z0i = zi;
        xr = z0r + z0i;
        xi = 0f;
        Unsafe.Add(ref xr, n) = z0r - z0i;
        Unsafe.Add(ref xi, n) = 0f;
        nint w = T.Count, half = n / 2;
        if (half < w)
        {
            return; // n = 1: no pairs (the caller picks a width with W ≤ ⌊n/2⌋ otherwise).
        }

        T h = T.Broadcast(0.5f);
        for (nint i = 1; i <= half; i += w)
        {
            nint k = Math.Min(i, half - w + 1);
            nint q = n - k - w + 1;
            T ar = T.Load(ref Unsafe.Add(ref zr, k)), ai = T.Load(ref Unsafe.Add(ref zi, k));
            T pr = T.Reverse(T.Load(ref Unsafe.Add(ref zr, q))), pi = T.Reverse(T.Load(ref Unsafe.Add(ref zi, q)));
            T wr = T.Load(ref Unsafe.Add(ref hr, k)), wi = T.Load(ref Unsafe.Add(ref hi, k));
            T er = (ar + pr) * h, ei = (ai - pi) * h;
            T dr = ar - pr, di = ai + pi;

            // F = ω·O = ω·(−i)·D/2 = (hr·Di + hi·Dr) + i(hi·Di − hr·Dr), with (hr, hi) = ω/2.
            T fr = T.MultiplyAdd(wi, dr, wr * di);
            T fi = T.NegatedMultiplyAdd(wr, dr, wi * di);
            T.Store(er + fr, ref Unsafe.Add(ref xr, k));
            T.Store(ei + fi, ref Unsafe.Add(ref xi, k));
            T.Store(T.Reverse(er - fr), ref Unsafe.Add(ref xr, q));
            T.Store(T.Reverse(fi - ei), ref Unsafe.Add(ref xi, q));
        }
    }

    /// <summary>
    /// The inverse of <see cref="SplitSpectrum{T}"/>, up to a factor: from <c>X[0 … n]</c> builds
    /// <c>V[k] = (S + i·G)/2</c> with <c>S = X[k] + conj X[n−k]</c>, <c>G = ω_N^{−k}·(X[k] − conj X[n−k])</c>, so that
    /// <c>IDFT_n(V)/n = x[2m] + i·x[2m+1]</c>. Pairs are done together: <c>V[n−k] = conj(S − i·G)/2</c>. The imaginary
    /// parts of <c>X[0]</c> and <c>X[n]</c> are not read. Everything is multiplied by <paramref name="scale"/> (the
    /// inverse passes <c>1/n</c>, so that no pass after the inverse DFT is needed).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void JoinSpectrum<T>(ref float xr, ref float xi, ref float hr, ref float hi, ref float vr, ref float vi, int n, float scale)
        where T : struct, IFloatVector<T>
    {
        float x0 = xr, xn = Unsafe.Add(ref xr, n);
        vr = 0.5f * scale * (x0 + xn);
        vi = 0.5f * scale * (x0 - xn);
        nint w = T.Count, half = n / 2;
        if (half < w)
        {
            return;
        }

        T h = T.Broadcast(0.5f * scale), c = T.Broadcast(scale);
        for (nint i = 1; i <= half; i += w)
        {
            nint k = Math.Min(i, half - w + 1);
            nint q = n - k - w + 1;
            T ar = T.Load(ref Unsafe.Add(ref xr, k)), ai = T.Load(ref Unsafe.Add(ref xi, k));
            T pr = T.Reverse(T.Load(ref Unsafe.Add(ref xr, q))), pi = T.Reverse(T.Load(ref Unsafe.Add(ref xi, q)));
            T wr = T.Load(ref Unsafe.Add(ref hr, k)) * c, wi = T.Load(ref Unsafe.Add(ref hi, k)) * c;
            T sr = (ar + pr) * h, si = (ai - pi) * h;
            T dr = ar - pr, di = ai + pi;

            // G/2 = conj(ω)/2 · D = (hr·Dr + hi·Di) + i(hr·Di − hi·Dr).
            T gr = T.MultiplyAdd(wi, di, wr * dr);
            T gi = T.NegatedMultiplyAdd(wi, dr, wr * di);
            T.Store(sr - gi, ref Unsafe.Add(ref vr, k));
            T.Store(si + gr, ref Unsafe.Add(ref vi, k));
            T.Store(T.Reverse(sr + gi), ref Unsafe.Add(ref vr, q));
            T.Store(T.Reverse(gr - si), ref Unsafe.Add(ref vi, q));
        }
    }
}
