using System.Numerics;
using System.Runtime.CompilerServices;

namespace Phase.Solvers.Kernels;

/// <summary>
/// The Thomas algorithm on one system, scalar. The forward sweep is bound by the latency of the pivot recurrence
/// <c>m_k = d_k − (a_k c_{k−1})·(1/m_{k−1})</c>: one division and one fused multiply–add per row. Forming the product
/// <c>a_k c_{k−1}</c> (or <c>e_{k−1}²</c>) off that chain, instead of <c>d_k − a_k·c'_{k−1}</c>, removes a multiply
/// from it. Callers have validated lengths; these methods trust them.
/// </summary>
internal static class ScalarThomas
{
    /// <summary>General tridiagonal <c>a_k x_{k−1} + d_k x_k + c_k x_{k+1} = b_k</c>; <c>a_0</c> and <c>c_{n−1}</c> are
    /// never read. <paramref name="w"/> receives <c>c'_k = c_k/m_k</c> (n elements); <paramref name="x"/> may be
    /// <paramref name="b"/>.</summary>
    /// <returns>The status; <paramref name="row"/> is the failing pivot's row, or −1.</returns>
    public static TridiagonalStatus General<T>(
        ref T a, ref T d, ref T c, ref T b, ref T w, ref T x, int n, out int row)
        where T : IFloatingPointIeee754<T>
    {
        T rho = Precision<T>.PivotTolerance;
        T dk = d;
        T m = dk;
        if (!(T.Abs(m) > rho * T.Abs(dk)))
        {
            row = 0;
            return TridiagonalStatus.SingularPivot;
        }

        T r = T.One / m;
        T cPrev = c;
        w = cPrev * r;
        T y = b * r;
        x = y;
        for (nint k = 1; k < n; k++)
        {
            T ak = Unsafe.Add(ref a, k);
            dk = Unsafe.Add(ref d, k);
            m = Scalar.MultiplyAdd(-(ak * cPrev), r, dk);
            if (!(T.Abs(m) > rho * T.Abs(dk)))
            {
                row = (int)k;
                return TridiagonalStatus.SingularPivot;
            }

            T t = Scalar.MultiplyAdd(-ak, y, Unsafe.Add(ref b, k));
            r = T.One / m;
            y = t * r;
            Unsafe.Add(ref x, k) = y;
            cPrev = Unsafe.Add(ref c, k);
            Unsafe.Add(ref w, k) = cPrev * r;
        }

        row = -1;
        return BackSubstitute(ref w, ref x, n);
    }

    /// <summary>Symmetric <c>LDLᵀ</c>: diagonal <c>d_k + shift</c>, off-diagonal <c>e_k = A[k, k+1]</c> (n − 1 elements).
    /// <paramref name="l"/> receives <c>l_k = e_k/m_k</c> (n − 1 elements); <paramref name="x"/> may be
    /// <paramref name="b"/>. A pivot must pass <c>m_k &gt; min(ρ·(d_k + shift), shift/2)</c> (just
    /// <c>ρ·d_k</c> without a shift): every pivot of a positive semidefinite A plus σI is at least σ.</summary>
    /// <returns>The status; <paramref name="row"/> is the failing pivot's row, or −1.</returns>
    public static TridiagonalStatus Symmetric<T>(
        ref T d, ref T e, ref T b, T shift, ref T l, ref T x, int n, out int row)
        where T : IFloatingPointIeee754<T>
    {
        T rho = Precision<T>.PivotTolerance;
        T cap = shift > T.Zero ? shift / (T.One + T.One) : T.PositiveInfinity;
        T dk = d + shift;
        T m = dk;
        if (!(m > Min(rho * dk, cap)))
        {
            row = 0;
            return TridiagonalStatus.SingularPivot;
        }

        T r = T.One / m;
        T z = b;
        x = z * r;
        for (nint k = 1; k < n; k++)
        {
            T ePrev = Unsafe.Add(ref e, k - 1);
            T lPrev = ePrev * r;
            Unsafe.Add(ref l, k - 1) = lPrev;
            dk = Unsafe.Add(ref d, k) + shift;
            m = Scalar.MultiplyAdd(-(ePrev * ePrev), r, dk);
            if (!(m > Min(rho * dk, cap)))
            {
                row = (int)k;
                return TridiagonalStatus.SingularPivot;
            }

            z = Scalar.MultiplyAdd(-lPrev, z, Unsafe.Add(ref b, k));
            r = T.One / m;
            Unsafe.Add(ref x, k) = z * r;
        }

        row = -1;
        return BackSubstitute(ref l, ref x, n);
    }

    /// <summary>The smaller of two values; <paramref name="b"/> when <paramref name="a"/> is NaN (as the vector kernels).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static T Min<T>(T a, T b)
        where T : IFloatingPointIeee754<T> => a < b ? a : b;

    /// <summary><c>x_k ← x_k − u_k x_{k+1}</c> for k = n−2 … 0, then the finiteness check of the solution.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static TridiagonalStatus BackSubstitute<T>(ref T u, ref T x, int n)
        where T : IFloatingPointIeee754<T>
    {
        T next = Unsafe.Add(ref x, n - 1);

        // x·0 is 0 for finite x and NaN for ±∞ or NaN: one multiply–add per row, off the recurrence's chain.
        T finite = next * T.Zero;
        for (nint k = n - 2; k >= 0; k--)
        {
            next = Scalar.MultiplyAdd(-Unsafe.Add(ref u, k), next, Unsafe.Add(ref x, k));
            Unsafe.Add(ref x, k) = next;
            finite = Scalar.MultiplyAdd(next, T.Zero, finite);
        }

        return finite == T.Zero ? TridiagonalStatus.Success : TridiagonalStatus.NonFinite;
    }
}
