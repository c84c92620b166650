using System.Numerics;
using System.Runtime.InteropServices;
using Phase.Solvers.Kernels;

namespace Phase.Solvers;

/// <summary>
/// Solves one tridiagonal system with the Thomas algorithm (Gaussian elimination without pivoting; <c>LDLᵀ</c> for the
/// symmetric form), scalar: <c>a_k x_{k−1} + d_k x_k + c_k x_{k+1} = b_k</c>, <c>k = 0 … K−1</c>.
/// </summary>
/// <remarks>
/// <para><b>Algorithm.</b> Forward sweep <c>m_0 = d_0</c>, <c>m_k = d_k − a_k c_{k−1}/m_{k−1}</c>,
/// <c>c'_k = c_k/m_k</c>, <c>y_k = (b_k − a_k y_{k−1})/m_k</c>; back substitution <c>x_{K−1} = y_{K−1}</c>,
/// <c>x_k = y_k − c'_k x_{k+1}</c>. The symmetric form (<c>a_{k+1} = c_k = e_k</c>) is the <c>LDLᵀ</c> factorisation
/// <c>L = I + subdiag(e_k/m_k)</c>, <c>D = diag(m_k)</c>.</para>
/// <para><b>Stability and accuracy.</b> Without pivoting, the algorithm is stable for row- or column-diagonally
/// dominant matrices and for symmetric positive definite ones. For those, the computed solution is the exact solution
/// of <c>(A + ΔA)x̂ = b</c> with <c>|ΔA| ≤ f·u·|L̂||Û|</c> componentwise (u = unit roundoff, 2⁻²⁴ for float; f ≈ 6 for
/// this implementation, which multiplies by reciprocal pivots and fuses multiply–adds; Higham, <i>Accuracy and
/// Stability of Numerical Algorithms</i>, §9.5), where <c>|L̂||Û| = |A|</c> for a symmetric positive definite A and
/// <c>≤ 3|A|</c> for a diagonally dominant one. The tests assert a componentwise backward error
/// <c>max_k |b − Ax̂|_k / (|A||x̂|)_k</c> of at most 8u (symmetric positive definite) and 24u (general diagonally
/// dominant) — measured ≤ 3.2u — and the forward error <c>‖x̂ − x‖∞/‖x‖∞ ≤ ω·‖|A⁻¹||A||x̂|‖∞/‖x̂‖∞</c> against a
/// double-precision dense solve. Backward stability holds however ill-conditioned A is, as long as the pivots pass.</para>
/// <para><b>Pivot test.</b> A pivot is accepted only when <c>|m_k| &gt; ρ·|d_k|</c> (general) or
/// <c>m_k &gt; min(ρ·(d_k + σ), σ/2)</c> (symmetric, σ the regularisation shift; just <c>ρ·d_k</c> without one; this
/// also rejects negative pivots, i.e. an indefinite matrix), with <c>ρ = 2¹⁰·u</c> (<see cref="GetPivotTolerance{T}"/>):
/// a smaller pivot has lost at least 14 of float's 24 bits to cancellation and is indistinguishable from the rounding
/// noise of a singular matrix. The σ/2 cap exists because every pivot of a positive semidefinite A plus σI is at least
/// σ, so a regularised system passes however small ε is, as long as σ stays above the pivots' rounding noise. Exactly
/// singular positive semidefinite systems — zero rows, an all-zero matrix, an exactly singular run — always fail the
/// test; a longer singular run with arbitrary weights produces a rounding-level final pivot that usually, but not
/// always, fails it (then the returned solution is still backward stable, but meaningless in the null-space
/// direction). Use <see cref="TridiagonalRegularization"/> whenever the system may be singular.</para>
/// <para><b>Complexity.</b> O(K): 3 multiplications or FMAs, 1 division per row in the forward sweep and 1 FMA per row
/// back. The forward sweep is bound by the latency of the pivot recurrence (one division plus one FMA per row), not by
/// throughput; <see cref="PartitionedTridiagonalSolver{T}"/> breaks that chain with SIMD lanes, and
/// <see cref="BatchedTridiagonalSolver"/> solves many systems in parallel lanes.</para>
/// <para><b>Memory.</b> Nothing is allocated. The caller passes <c>scratch</c> of at least K elements (it may be
/// longer, so one buffer serves every size up to its length). <c>solution</c> may be the very same span as
/// <c>rhs</c> (an in-place solve) but must not overlap the coefficients or the scratch.</para>
/// <para><b>Types.</b> Any IEEE 754 binary type; float and double are the ones that matter (double costs the same
/// here, being latency bound). Thread-safe: the methods are static and keep no state.</para>
/// </remarks>
public static class TridiagonalSolver
{
    /// <summary>The pivot tolerance <c>ρ = 2¹⁰·u</c> of the pivot test: 2⁻¹⁴ ≈ 6.1·10⁻⁵ for float, 2⁻⁴³ ≈ 1.1·10⁻¹³
    /// for double.</summary>
    /// <typeparam name="T">The element type.</typeparam>
    /// <returns><c>ρ</c>.</returns>
    public static T GetPivotTolerance<T>()
        where T : IFloatingPointIeee754<T> => Precision<T>.PivotTolerance;

    /// <summary>Solves the general tridiagonal system <c>a_k x_{k−1} + d_k x_k + c_k x_{k+1} = b_k</c>; throws when it
    /// cannot.</summary>
    /// <typeparam name="T">The element type (float or double).</typeparam>
    /// <param name="lower">Sub-diagonal <c>a</c>, K elements; <c>a_0</c> is not read.</param>
    /// <param name="diagonal">Diagonal <c>d</c>, K ≥ 1 elements; its length defines K.</param>
    /// <param name="upper">Super-diagonal <c>c</c>, K elements; <c>c_{K−1}</c> is not read.</param>
    /// <param name="rhs">Right-hand side <c>b</c>, K elements.</param>
    /// <param name="scratch">Work space, at least K elements; overwritten.</param>
    /// <param name="solution">Receives <c>x</c>, K elements; may be <paramref name="rhs"/> itself.</param>
    /// <exception cref="ArgumentException">A span is empty or has the wrong length; <paramref name="solution"/>
    /// overlaps an input other than being <paramref name="rhs"/> itself; an input is not finite (the message names it
    /// and the index); or the matrix is singular to working precision (the message gives the row).</exception>
    public static void Solve<T>(
        ReadOnlySpan<T> lower, ReadOnlySpan<T> diagonal, ReadOnlySpan<T> upper, ReadOnlySpan<T> rhs, Span<T> scratch, Span<T> solution)
        where T : IFloatingPointIeee754<T>
    {
        TridiagonalStatus status = SolveCore(lower, diagonal, upper, rhs, scratch, solution, out int row);
        if (status != TridiagonalStatus.Success)
        {
            Guard.ThrowFailure(status, row, symmetric: false, lower[1..], "lower", diagonal, upper[..^1], "upper", rhs);
        }
    }

    /// <summary>Solves the general tridiagonal system <c>a_k x_{k−1} + d_k x_k + c_k x_{k+1} = b_k</c>, reporting a
    /// singular matrix or non-finite values as a status instead of throwing.</summary>
    /// <typeparam name="T">The element type (float or double).</typeparam>
    /// <param name="lower">Sub-diagonal <c>a</c>, K elements; <c>a_0</c> is not read.</param>
    /// <param name="diagonal">Diagonal <c>d</c>, K ≥ 1 elements; its length defines K.</param>
    /// <param name="upper">Super-diagonal <c>c</c>, K elements; <c>c_{K−1}</c> is not read.</param>
    /// <param name="rhs">Right-hand side <c>b</c>, K elements.</param>
    /// <param name="scratch">Work space, at least K elements; overwritten.</param>
    /// <param name="solution">Receives <c>x</c>, K elements; may be <paramref name="rhs"/> itself. Unspecified unless
    /// the status is <see cref="TridiagonalStatus.Success"/>.</param>
    /// <returns><see cref="TridiagonalStatus.Success"/>, <see cref="TridiagonalStatus.SingularPivot"/> or
    /// <see cref="TridiagonalStatus.NonFinite"/> (an input holds NaN or ±∞, or the solution overflowed).</returns>
    /// <exception cref="ArgumentException">A span is empty or has the wrong length, or <paramref name="solution"/>
    /// overlaps an input other than being <paramref name="rhs"/> itself. (Programming errors still throw; only the
    /// data-dependent outcomes are statuses.)</exception>
    public static TridiagonalStatus TrySolve<T>(
        ReadOnlySpan<T> lower, ReadOnlySpan<T> diagonal, ReadOnlySpan<T> upper, ReadOnlySpan<T> rhs, Span<T> scratch, Span<T> solution)
        where T : IFloatingPointIeee754<T>
    {
        TridiagonalStatus status = SolveCore(lower, diagonal, upper, rhs, scratch, solution, out _);
        if (status == TridiagonalStatus.SingularPivot && Guard.AnyNonFinite(lower[1..], diagonal, upper[..^1], rhs))
        {
            status = TridiagonalStatus.NonFinite;
        }

        return status;
    }

    /// <summary>Solves the symmetric positive definite tridiagonal system <c>(A + σI)x = b</c>,
    /// <c>A[k,k] = d_k</c>, <c>A[k,k+1] = A[k+1,k] = e_k</c>, by <c>LDLᵀ</c>; throws when it cannot.</summary>
    /// <typeparam name="T">The element type (float or double).</typeparam>
    /// <param name="diagonal">Diagonal <c>d</c>, K ≥ 1 elements; its length defines K.</param>
    /// <param name="offDiagonal">Off-diagonal <c>e</c>, K − 1 elements.</param>
    /// <param name="rhs">Right-hand side <c>b</c>, K elements.</param>
    /// <param name="scratch">Work space, at least K elements; overwritten.</param>
    /// <param name="solution">Receives <c>x</c>, K elements; may be <paramref name="rhs"/> itself.</param>
    /// <param name="regularization">The shift <c>σ</c> added to the diagonal; <see cref="TridiagonalRegularization.None"/>
    /// by default.</param>
    /// <exception cref="ArgumentException">A span is empty or has the wrong length; <paramref name="solution"/>
    /// overlaps an input other than being <paramref name="rhs"/> itself; an input is not finite; or the matrix is not
    /// positive definite to working precision (singular, e.g. zero-weight bins without regularisation).</exception>
    public static void SolveSymmetric<T>(
        ReadOnlySpan<T> diagonal,
        ReadOnlySpan<T> offDiagonal,
        ReadOnlySpan<T> rhs,
        Span<T> scratch,
        Span<T> solution,
        TridiagonalRegularization regularization = default)
        where T : IFloatingPointIeee754<T>
    {
        TridiagonalStatus status = SolveSymmetricCore(diagonal, offDiagonal, rhs, scratch, solution, regularization, out int row);
        if (status != TridiagonalStatus.Success)
        {
            Guard.ThrowFailure(status, row, symmetric: true, offDiagonal, "offDiagonal", diagonal, [], "offDiagonal", rhs);
        }
    }

    /// <summary>Solves the symmetric positive definite tridiagonal system <c>(A + σI)x = b</c> by <c>LDLᵀ</c>, reporting
    /// a matrix that is not positive definite, or non-finite values, as a status instead of throwing.</summary>
    /// <typeparam name="T">The element type (float or double).</typeparam>
    /// <param name="diagonal">Diagonal <c>d</c>, K ≥ 1 elements; its length defines K.</param>
    /// <param name="offDiagonal">Off-diagonal <c>e</c>, K − 1 elements.</param>
    /// <param name="rhs">Right-hand side <c>b</c>, K elements.</param>
    /// <param name="scratch">Work space, at least K elements; overwritten.</param>
    /// <param name="solution">Receives <c>x</c>, K elements; may be <paramref name="rhs"/> itself. Unspecified unless
    /// the status is <see cref="TridiagonalStatus.Success"/>.</param>
    /// <param name="regularization">The shift <c>σ</c> added to the diagonal; <see cref="TridiagonalRegularization.None"/>
    /// by default.</param>
    /// <returns><see cref="TridiagonalStatus.Success"/>, <see cref="TridiagonalStatus.SingularPivot"/> (not positive
    /// definite to working precision) or <see cref="TridiagonalStatus.NonFinite"/>.</returns>
    /// <exception cref="ArgumentException">A span is empty or has the wrong length, or <paramref name="solution"/>
    /// overlaps an input other than being <paramref name="rhs"/> itself.</exception>
    public static TridiagonalStatus TrySolveSymmetric<T>(
        ReadOnlySpan<T> diagonal,
        ReadOnlySpan<T> offDiagonal,
        ReadOnlySpan<T> rhs,
        Span<T> scratch,
        Span<T> solution,
        TridiagonalRegularization regularization = default)
        where T : IFloatingPointIeee754<T>
    {
        TridiagonalStatus status = SolveSymmetricCore(diagonal, offDiagonal, rhs, scratch, solution, regularization, out _);
        if (status == TridiagonalStatus.SingularPivot && Guard.AnyNonFinite(offDiagonal, diagonal, [], rhs))
        {
            status = TridiagonalStatus.NonFinite;
        }

        return status;
    }

    private static TridiagonalStatus SolveCore<T>(
        ReadOnlySpan<T> lower, ReadOnlySpan<T> diagonal, ReadOnlySpan<T> upper, ReadOnlySpan<T> rhs, Span<T> scratch, Span<T> solution, out int row)
        where T : IFloatingPointIeee754<T>
    {
        int n = diagonal.Length;
        Guard.NotEmpty(n, nameof(diagonal));
        Guard.Length(lower.Length, n, n, nameof(lower));
        Guard.Length(upper.Length, n, n, nameof(upper));
        Guard.Length(rhs.Length, n, n, nameof(rhs));
        Guard.Length(solution.Length, n, n, nameof(solution));
        Guard.MinLength(scratch.Length, n, n, nameof(scratch));
        Guard.Output<T>(solution, rhs, nameof(solution));
        Guard.NoOverlap<T>(solution, nameof(solution), lower, nameof(lower));
        Guard.NoOverlap<T>(solution, nameof(solution), diagonal, nameof(diagonal));
        Guard.NoOverlap<T>(solution, nameof(solution), upper, nameof(upper));
        Guard.NoOverlap<T>(solution, nameof(solution), scratch, nameof(scratch));
        Guard.NoOverlap<T>(scratch, nameof(scratch), lower, nameof(lower));
        Guard.NoOverlap<T>(scratch, nameof(scratch), diagonal, nameof(diagonal));
        Guard.NoOverlap<T>(scratch, nameof(scratch), upper, nameof(upper));
        Guard.NoOverlap<T>(scratch, nameof(scratch), rhs, nameof(rhs));
        return ScalarThomas.General(
            ref MemoryMarshal.GetReference(lower),
            ref MemoryMarshal.GetReference(diagonal),
            ref MemoryMarshal.GetReference(upper),
            ref MemoryMarshal.GetReference(rhs),
            ref MemoryMarshal.GetReference(scratch),
            ref MemoryMarshal.GetReference(solution),
            n,
            out row);
    }

    private static TridiagonalStatus SolveSymmetricCore<T>(
        ReadOnlySpan<T> diagonal,
        ReadOnlySpan<T> offDiagonal,
        ReadOnlySpan<T> rhs,
        Span<T> scratch,
        Span<T> solution,
        TridiagonalRegularization regularization,
        out int row)
        where T : IFloatingPointIeee754<T>
    {
        int n = diagonal.Length;
        ValidateSymmetric(diagonal, offDiagonal, rhs, scratch, solution);
        return ScalarThomas.Symmetric(
            ref MemoryMarshal.GetReference(diagonal),
            ref MemoryMarshal.GetReference(offDiagonal),
            ref MemoryMarshal.GetReference(rhs),
            regularization.GetShift(diagonal),
            ref MemoryMarshal.GetReference(scratch),
            ref MemoryMarshal.GetReference(solution),
            n,
            out row);
    }

    /// <summary>Validates the spans of a symmetric solve (shared with <see cref="PartitionedTridiagonalSolver{T}"/>).</summary>
    internal static void ValidateSymmetric<T>(
        ReadOnlySpan<T> diagonal, ReadOnlySpan<T> offDiagonal, ReadOnlySpan<T> rhs, ReadOnlySpan<T> scratch, ReadOnlySpan<T> solution)
    {
        int n = diagonal.Length;
        Guard.NotEmpty(n, nameof(diagonal));
        Guard.Length(offDiagonal.Length, n - 1, n, nameof(offDiagonal));
        Guard.Length(rhs.Length, n, n, nameof(rhs));
        Guard.Length(solution.Length, n, n, nameof(solution));
        Guard.MinLength(scratch.Length, n, n, nameof(scratch));
        Guard.Output(solution, rhs, nameof(solution));
        Guard.NoOverlap(solution, nameof(solution), diagonal, nameof(diagonal));
        Guard.NoOverlap(solution, nameof(solution), offDiagonal, nameof(offDiagonal));
        Guard.NoOverlap(solution, nameof(solution), scratch, nameof(scratch));
        Guard.NoOverlap(scratch, nameof(scratch), diagonal, nameof(diagonal));
        Guard.NoOverlap(scratch, nameof(scratch), offDiagonal, nameof(offDiagonal));
        Guard.NoOverlap(scratch, nameof(scratch), rhs, nameof(rhs));
    }
}
