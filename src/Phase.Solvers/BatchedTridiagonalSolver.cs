using System.Globalization;
using System.Numerics;
using System.Runtime.InteropServices;
using Phase.Solvers.Kernels;

namespace Phase.Solvers;

/// <summary>
/// Solves many independent tridiagonal systems of the same size at once, one system per SIMD lane, on the
/// <see cref="InterleavedLayout{T}"/> storage: channels, utterances, or batches of STFT frames.
/// </summary>
/// <remarks>
/// <para><b>Algorithm.</b> Lane i of a vector runs the Thomas algorithm (<see cref="TridiagonalSolver"/>) on system i;
/// row k of a group of W systems is one 64-byte vector, so every load and store is a whole aligned vector. Four
/// chains (vectors) are advanced in lockstep, so the division + FMA latency of one chain's pivot recurrence hides
/// behind the others' work and the solve becomes throughput-bound. A batch too small for that (its systems fit in at
/// most two chains: up to 32 float systems with AVX-512, 16 with AVX2, 8 with SSE; K ≥ 3) is solved instead by a
/// twisted factorization: each chain is eliminated from the top and from the bottom at once, meeting at row K/2, so two
/// independent recurrences are in flight (about twice as fast); a batch within one group runs on the narrowest vector
/// that holds it. Any number of systems is accepted: the last group
/// is padded to W lanes (use <see cref="InterleavedLayout{T}.Pack"/> or <see cref="InterleavedLayout{T}.FillTail"/> to
/// fill the padding with harmless identity rows). Vector512, Vector256 and Vector128 are used where accelerated;
/// otherwise a scalar loop runs the same arithmetic.</para>
/// <para><b>Results.</b> On the four-chain path each system's solution is bit for bit the one
/// <see cref="TridiagonalSolver"/> computes (the same operations in the same order). On the twisted path (small
/// batches) it differs from that by rounding only: the same componentwise backward error bounds hold (elimination
/// without pivoting in another order, no fill-in; docs/solvers.md) and every pivot passes the same test. Every vector
/// width gives the same bits. Systems are independent: a singular or non-finite system does not affect its
/// neighbours.</para>
/// <para><b>Complexity.</b> O(count·K) time: per row and system 1 division and about 8 multiplications or FMAs, plus a
/// pass over the diagonal per system when regularising. Nothing is allocated; the caller provides
/// <c>scratch</c> (at least <see cref="InterleavedLayout{T}.Length"/> elements). <c>solution</c> may be the very same
/// span as <c>rhs</c>. Thread-safe: static, no state; concurrent calls on disjoint buffers are fine.</para>
/// </remarks>
public static class BatchedTridiagonalSolver
{
    /// <summary>Solves every general system <c>a_k x_{k−1} + d_k x_k + c_k x_{k+1} = b_k</c> of the batch; throws when
    /// any fails.</summary>
    /// <typeparam name="T">The element type (float or double).</typeparam>
    /// <param name="layout">The batch shape.</param>
    /// <param name="lower">Sub-diagonals (row 0 not read), interleaved.</param>
    /// <param name="diagonal">Diagonals, interleaved.</param>
    /// <param name="upper">Super-diagonals (row K − 1 not read), interleaved.</param>
    /// <param name="rhs">Right-hand sides, interleaved.</param>
    /// <param name="scratch">Work space, at least <see cref="InterleavedLayout{T}.Length"/> elements; overwritten.</param>
    /// <param name="solution">Receives the solutions, interleaved; may be <paramref name="rhs"/> itself.</param>
    /// <exception cref="ArgumentException">The layout is the default value, a span has the wrong length or overlaps
    /// another as described, or a system is singular or not finite (the message names the first such system).</exception>
    public static void Solve<T>(
        InterleavedLayout<T> layout,
        ReadOnlySpan<T> lower,
        ReadOnlySpan<T> diagonal,
        ReadOnlySpan<T> upper,
        ReadOnlySpan<T> rhs,
        Span<T> scratch,
        Span<T> solution)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (Core(false, layout, lower, diagonal, upper, rhs, scratch, solution, T.Zero, []) != 0)
        {
            ThrowFirstFailure(false, layout, lower, diagonal, upper, rhs, scratch, solution, T.Zero);
        }
    }

    /// <summary>Solves every general system of the batch, reporting failures per system instead of throwing.</summary>
    /// <typeparam name="T">The element type (float or double).</typeparam>
    /// <param name="layout">The batch shape.</param>
    /// <param name="lower">Sub-diagonals (row 0 not read), interleaved.</param>
    /// <param name="diagonal">Diagonals, interleaved.</param>
    /// <param name="upper">Super-diagonals (row K − 1 not read), interleaved.</param>
    /// <param name="rhs">Right-hand sides, interleaved.</param>
    /// <param name="scratch">Work space, at least <see cref="InterleavedLayout{T}.Length"/> elements; overwritten.</param>
    /// <param name="solution">Receives the solutions, interleaved; may be <paramref name="rhs"/> itself. A failed
    /// system's solution is unspecified.</param>
    /// <param name="statuses">Receives each system's status (at least count elements), or empty to skip.</param>
    /// <returns>The number of systems whose status is not <see cref="TridiagonalStatus.Success"/>.</returns>
    /// <exception cref="ArgumentException">The layout is the default value, or a span has the wrong length or overlaps
    /// another as described.</exception>
    public static int TrySolve<T>(
        InterleavedLayout<T> layout,
        ReadOnlySpan<T> lower,
        ReadOnlySpan<T> diagonal,
        ReadOnlySpan<T> upper,
        ReadOnlySpan<T> rhs,
        Span<T> scratch,
        Span<T> solution,
        Span<TridiagonalStatus> statuses)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        CheckStatuses(layout, statuses);
        int failures = Core(false, layout, lower, diagonal, upper, rhs, scratch, solution, T.Zero, statuses);
        if (failures != 0 && !statuses.IsEmpty)
        {
            Refine(false, layout, lower, diagonal, upper, rhs, statuses);
        }

        return failures;
    }

    /// <summary>Solves every symmetric positive definite system <c>(A + σI)x = b</c>, <c>A[k,k] = d_k</c>,
    /// <c>A[k,k+1] = A[k+1,k] = e_k</c>, of the batch by <c>LDLᵀ</c>; throws when any fails.</summary>
    /// <typeparam name="T">The element type (float or double).</typeparam>
    /// <param name="layout">The batch shape.</param>
    /// <param name="diagonal">Diagonals, interleaved.</param>
    /// <param name="offDiagonal">Off-diagonals <c>e_k</c> at row k (row K − 1 not read), interleaved.</param>
    /// <param name="rhs">Right-hand sides, interleaved.</param>
    /// <param name="scratch">Work space, at least <see cref="InterleavedLayout{T}.Length"/> elements; overwritten.</param>
    /// <param name="solution">Receives the solutions, interleaved; may be <paramref name="rhs"/> itself.</param>
    /// <param name="regularization">The shift, computed per system from its own diagonal
    /// (<c>σ_i = ε·max_k |d_{i,k}|</c>).</param>
    /// <exception cref="ArgumentException">The layout is the default value, a span has the wrong length or overlaps
    /// another as described, or a system is not positive definite or not finite (the message names the first).</exception>
    public static void SolveSymmetric<T>(
        InterleavedLayout<T> layout,
        ReadOnlySpan<T> diagonal,
        ReadOnlySpan<T> offDiagonal,
        ReadOnlySpan<T> rhs,
        Span<T> scratch,
        Span<T> solution,
        TridiagonalRegularization regularization = default)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        T epsilon = T.CreateChecked(regularization.Epsilon);
        if (Core(true, layout, offDiagonal, diagonal, offDiagonal, rhs, scratch, solution, epsilon, []) != 0)
        {
            ThrowFirstFailure(true, layout, offDiagonal, diagonal, offDiagonal, rhs, scratch, solution, epsilon);
        }
    }

    /// <summary>Solves every symmetric positive definite system <c>(A + σI)x = b</c> of the batch, reporting failures per
    /// system instead of throwing.</summary>
    /// <typeparam name="T">The element type (float or double).</typeparam>
    /// <param name="layout">The batch shape.</param>
    /// <param name="diagonal">Diagonals, interleaved.</param>
    /// <param name="offDiagonal">Off-diagonals <c>e_k</c> at row k (row K − 1 not read), interleaved.</param>
    /// <param name="rhs">Right-hand sides, interleaved.</param>
    /// <param name="scratch">Work space, at least <see cref="InterleavedLayout{T}.Length"/> elements; overwritten.</param>
    /// <param name="solution">Receives the solutions, interleaved; may be <paramref name="rhs"/> itself. A failed
    /// system's solution is unspecified.</param>
    /// <param name="statuses">Receives each system's status (at least count elements), or empty to skip.</param>
    /// <param name="regularization">The shift, computed per system from its own diagonal.</param>
    /// <returns>The number of systems whose status is not <see cref="TridiagonalStatus.Success"/>.</returns>
    /// <exception cref="ArgumentException">The layout is the default value, or a span has the wrong length or overlaps
    /// another as described.</exception>
    public static int TrySolveSymmetric<T>(
        InterleavedLayout<T> layout,
        ReadOnlySpan<T> diagonal,
        ReadOnlySpan<T> offDiagonal,
        ReadOnlySpan<T> rhs,
        Span<T> scratch,
        Span<T> solution,
        Span<TridiagonalStatus> statuses,
        TridiagonalRegularization regularization = default)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        CheckStatuses(layout, statuses);
        T epsilon = T.CreateChecked(regularization.Epsilon);
        int failures = Core(true, layout, offDiagonal, diagonal, offDiagonal, rhs, scratch, solution, epsilon, statuses);
        if (failures != 0 && !statuses.IsEmpty)
        {
            Refine(true, layout, offDiagonal, diagonal, offDiagonal, rhs, statuses);
        }

        return failures;
    }

    private static int Core<T>(
        bool symmetric,
        InterleavedLayout<T> layout,
        ReadOnlySpan<T> lower,
        ReadOnlySpan<T> diagonal,
        ReadOnlySpan<T> upper,
        ReadOnlySpan<T> rhs,
        Span<T> scratch,
        Span<T> solution,
        T epsilon,
        Span<TridiagonalStatus> statuses)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        Validate(symmetric, layout, lower, diagonal, upper, rhs, scratch, solution);
        if (layout.SystemCount == 0)
        {
            return 0;
        }

        return InterleavedDriver.Run(
            symmetric,
            ref MemoryMarshal.GetReference(lower),
            ref MemoryMarshal.GetReference(diagonal),
            ref MemoryMarshal.GetReference(upper),
            ref MemoryMarshal.GetReference(rhs),
            ref MemoryMarshal.GetReference(scratch),
            ref MemoryMarshal.GetReference(solution),
            layout.GroupCount,
            layout.Size,
            layout.GroupWidth,
            layout.SystemCount,
            epsilon,
            T.PositiveInfinity,
            statuses,
            twisted: true);
    }

    private static void Validate<T>(
        bool symmetric,
        InterleavedLayout<T> layout,
        ReadOnlySpan<T> lower,
        ReadOnlySpan<T> diagonal,
        ReadOnlySpan<T> upper,
        ReadOnlySpan<T> rhs,
        ReadOnlySpan<T> scratch,
        ReadOnlySpan<T> solution)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (layout.Size < 1)
        {
            throw new ArgumentException("The layout is the default value; create it with new InterleavedLayout<T>(size, systemCount).", nameof(layout));
        }

        int n = layout.Length;
        string upperName = symmetric ? "offDiagonal" : nameof(upper);
        if (!symmetric)
        {
            CheckLength(lower.Length, n, layout, nameof(lower));
        }

        CheckLength(diagonal.Length, n, layout, nameof(diagonal));
        CheckLength(upper.Length, n, layout, upperName);
        CheckLength(rhs.Length, n, layout, nameof(rhs));
        CheckLength(solution.Length, n, layout, nameof(solution));
        Guard.MinLength(scratch.Length, n, layout.Size, nameof(scratch));
        Guard.Output(solution, rhs, nameof(solution));
        Guard.NoOverlap(solution, nameof(solution), lower, symmetric ? upperName : nameof(lower));
        Guard.NoOverlap(solution, nameof(solution), diagonal, nameof(diagonal));
        Guard.NoOverlap(solution, nameof(solution), upper, upperName);
        Guard.NoOverlap(solution, nameof(solution), scratch, nameof(scratch));
        Guard.NoOverlap(scratch, nameof(scratch), lower, symmetric ? upperName : nameof(lower));
        Guard.NoOverlap(scratch, nameof(scratch), diagonal, nameof(diagonal));
        Guard.NoOverlap(scratch, nameof(scratch), upper, upperName);
        Guard.NoOverlap(scratch, nameof(scratch), rhs, nameof(rhs));
    }

    private static void CheckLength<T>(int actual, int expected, InterleavedLayout<T> layout, string paramName)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (actual != expected)
        {
            throw new ArgumentException(
                string.Create(CultureInfo.InvariantCulture, $"{paramName} has {actual} elements; the layout ({layout}) needs exactly {expected}."),
                paramName);
        }
    }

    private static void CheckStatuses<T>(InterleavedLayout<T> layout, Span<TridiagonalStatus> statuses)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (!statuses.IsEmpty && statuses.Length < layout.SystemCount)
        {
            throw new ArgumentException(
                string.Create(CultureInfo.InvariantCulture, $"statuses has {statuses.Length} elements; it must be empty or hold one per system ({layout.SystemCount})."),
                nameof(statuses));
        }
    }

    /// <summary>Turns <see cref="TridiagonalStatus.SingularPivot"/> into <see cref="TridiagonalStatus.NonFinite"/> for
    /// systems whose inputs hold NaN or ±∞ (the failure path only).</summary>
    private static void Refine<T>(
        bool symmetric,
        InterleavedLayout<T> layout,
        ReadOnlySpan<T> lower,
        ReadOnlySpan<T> diagonal,
        ReadOnlySpan<T> upper,
        ReadOnlySpan<T> rhs,
        Span<TridiagonalStatus> statuses)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        for (int s = 0; s < layout.SystemCount; s++)
        {
            if (statuses[s] == TridiagonalStatus.SingularPivot &&
                FirstNonFinite(symmetric, layout, s, lower, diagonal, upper, rhs, out _, out _))
            {
                statuses[s] = TridiagonalStatus.NonFinite;
            }
        }
    }

    private static bool FirstNonFinite<T>(
        bool symmetric,
        InterleavedLayout<T> layout,
        int system,
        ReadOnlySpan<T> lower,
        ReadOnlySpan<T> diagonal,
        ReadOnlySpan<T> upper,
        ReadOnlySpan<T> rhs,
        out string name,
        out int row)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int k = layout.Size;
        for (row = 0; row < k; row++)
        {
            int i = layout.IndexOf(system, row);
            if (!symmetric && row > 0 && !T.IsFinite(lower[i]))
            {
                name = "lower";
                return true;
            }

            if (!T.IsFinite(diagonal[i]))
            {
                name = "diagonal";
                return true;
            }

            if (row < k - 1 && !T.IsFinite(upper[i]))
            {
                name = symmetric ? "offDiagonal" : "upper";
                return true;
            }

            if (!T.IsFinite(rhs[i]))
            {
                name = "rhs";
                return true;
            }
        }

        name = string.Empty;
        return false;
    }

    /// <summary>The failure path of the throwing methods: re-solves with statuses (allocating is fine here) and throws
    /// for the first failed system.</summary>
    private static void ThrowFirstFailure<T>(
        bool symmetric,
        InterleavedLayout<T> layout,
        ReadOnlySpan<T> lower,
        ReadOnlySpan<T> diagonal,
        ReadOnlySpan<T> upper,
        ReadOnlySpan<T> rhs,
        Span<T> scratch,
        Span<T> solution,
        T epsilon)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var statuses = new TridiagonalStatus[layout.SystemCount];
        if (Guard.Overlapping(solution, rhs))
        {
            // In place: the right-hand sides are gone; report without re-solving.
            throw new ArgumentException(
                "A system of the batch is singular, not positive definite or not finite (the in-place solve overwrote the " +
                "right-hand sides, so the system cannot be named). Use TrySolve… to get per-system statuses without an exception.",
                nameof(diagonal));
        }

        Core(symmetric, layout, lower, diagonal, upper, rhs, scratch, solution, epsilon, statuses);
        int s = Array.FindIndex(statuses, st => st != TridiagonalStatus.Success);
        if (FirstNonFinite(symmetric, layout, s, lower, diagonal, upper, rhs, out string name, out int row))
        {
            throw new ArgumentException(
                string.Create(CultureInfo.InvariantCulture, $"{name} of system {s} is not finite at row {row}; every coefficient and right-hand side must be finite."),
                name);
        }

        string what = statuses[s] == TridiagonalStatus.SingularPivot
            ? symmetric
                ? "is not positive definite to working precision (e.g. zero-weight bins without TridiagonalRegularization)"
                : "is singular to working precision (the Thomas algorithm does not pivot)"
            : "has a solution that overflowed (too ill-conditioned for this precision)";
        throw new ArgumentException(
            string.Create(CultureInfo.InvariantCulture, $"System {s} of the batch {what}. Use TrySolve… to get per-system statuses without an exception."),
            nameof(diagonal));
    }
}
