using System.Globalization;
using System.Numerics;
using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using Phase.Solvers.Kernels;

namespace Phase.Solvers;

/// <summary>
/// Solves one long tridiagonal system with SIMD lanes: parallel cyclic reduction partitions it into S interleaved
/// subsystems, which are then solved side by side, one per lane, by the Thomas algorithm. A reusable workspace for one
/// system size; the solve allocates nothing.
/// </summary>
/// <remarks>
/// <para><b>Why.</b> The scalar Thomas algorithm (<see cref="TridiagonalSolver"/>) is bound by the latency of its pivot
/// recurrence — a division and a fused multiply–add per row, ≈ 15 cycles — however wide the machine's vectors are.
/// Splitting the system lets S recurrences of length K/S run in parallel lanes.</para>
/// <para><b>Algorithm.</b> Level s = 1, 2, 4, …, S/2 of parallel cyclic reduction replaces every row k by a
/// combination of rows k − s, k, k + s that no longer involves <c>x_{k±s}</c> but couples <c>x_{k±2s}</c> instead
/// (see docs/solvers.md for the formulas). After <c>log₂ S</c> levels row k couples only to rows k ± S: the system has
/// fallen apart into S independent tridiagonal systems, system j holding rows j, j + S, j + 2S, …. In memory that is
/// already the interleaved layout (element m of system j at m·S + j = its row number), so the S systems are solved by
/// the batched SIMD Thomas kernel with no transposition at all; the reduced "interface" problem of a block partition
/// (SPIKE) never arises, because the reduction acts on every row at once. Each level is vectorised over consecutive
/// rows with plain shifted loads. K is padded to a multiple of S with identity rows.</para>
/// <para><b>Stability and accuracy.</b> Every level is a Schur-complement step (each row is eliminated against the
/// equations of its neighbours), so a symmetric positive definite matrix stays symmetric positive definite and a
/// diagonally dominant one stays diagonally dominant (its dominance only grows); as for the Thomas algorithm no pivoting
/// is needed. Results agree with the scalar solver to rounding, not bit for bit.</para>
/// <para><b>Certificate and refinement.</b> After the sweeps the solver computes the residual <c>r = b − Ax̂</c> of the
/// original system (vectorised, about 8% of the solve) and accepts x̂ only if every row satisfies
/// <c>|r_k| ≤ (8(1 + log₂ S) − 4)·u·(|A||x̂|)_k</c>, a componentwise backward error of at most 8(1 + log₂ S)·u once the
/// residual's own rounding is allowed for (40u for S = 16; u = 2⁻²⁴ in float). Cyclic reduction is forward accurate
/// but not backward stable on ill-conditioned systems — each lane rounds the weak directions in its own way, so on a
/// regularised frame with silent runs the residual is 10²–10⁴ u although x̂ is as accurate as the scalar solver's.
/// So when the certificate rejects, the solver performs one step of fixed-precision iterative refinement (it applies
/// the stored level multipliers to r, sweeps the lanes again, adds the correction — about 60% of a solve) and
/// certifies again. Only if that fails too — a singular system, where the lanes' independent null-space components
/// no longer combine into a null vector of A, or any pivot or finiteness failure — does it solve again with the scalar
/// algorithm and return that result and status. So a success is always backward stable, and a failure is always
/// reported exactly as <see cref="TridiagonalSolver"/> reports it. Measured: diagonally dominant and least-squares
/// systems pass without refinement (backward error ≤ 12u); regularised 60 dB least-squares frames with silent runs
/// need the refinement and then pass (ε = 10⁻⁵ … 10⁻³, K = 257 … 2049).</para>
/// <para><b>Failures.</b> A pivot test as in <see cref="TridiagonalSolver"/> (relative to the reduced diagonal, and with the
/// σ/2 cap when regularised: every subsystem is a Schur complement of A + σI) and a finiteness check run in the lanes;
/// any failure leads to the scalar re-solve described above.</para>
/// <para><b>Complexity.</b> O(K·log₂ S) operations — each level costs one division and about 10 operations per row,
/// vectorised over Count rows — plus the S-lane Thomas sweep of K/S rows, whose latency chain is S times shorter.
/// For small K the scalar solver is faster; <see cref="Partitions"/> is 1 (plain Thomas) below
/// <see cref="MinimumPartitionedSize"/> unknowns, or when no SIMD width is hardware accelerated.</para>
/// <para><b>Memory and threads.</b> The constructor allocates one pinned, 64-byte aligned buffer of about
/// (19 + 2·log₂ S)·(K + 3S) elements; solves allocate nothing (on success or failure). An instance is not thread-safe (the workspace is shared between calls): use one
/// per thread. <c>solution</c> may be the very same span as <c>rhs</c>.</para>
/// </remarks>
/// <typeparam name="T">The element type: float or double are vectorised; other IEEE types run the scalar algorithm.</typeparam>
public sealed class PartitionedTridiagonalSolver<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>The smallest K for which the automatic choice partitions the system: below it the reduction costs more
    /// than it saves (measured crossover K ≈ 32 … 48 with AVX-512, AVX2 and SSE; see docs/solvers.md).</summary>
    public const int MinimumPartitionedSize = 48;

    /// <summary>The largest number of partitions accepted.</summary>
    public const int MaxPartitions = 1024;

    // Regions: the padded copy of the input (kept for the certificate), two ping-pong sets for the levels (a set is lower,
    // diagonal, upper, rhs), the level scratch 1/d, the Thomas multipliers, the solution, the residual, two right-hand
    // side buffers and the correction of the refinement step, then two multiplier arrays per level (g or α, h or γ).
    private const int Original = 0, Ping = 4, Pong = 8;
    private const int Lower = 0, Diagonal = 1, Upper = 2, Rhs = 3;
    private const int Reciprocal = 12, Multipliers = 13, Unknowns = 14, Residual = 15, RefineA = 16, RefineB = 17, Correction = 18;
    private const int LevelRegions = 19;

    private readonly T[] _buffer;
    private readonly int _start;
    private readonly int _regionLength;
    private readonly int _guard;
    private readonly int _rows;
    private readonly T _certificate;

    /// <summary>Creates a solver for systems of <paramref name="size"/> unknowns.</summary>
    /// <param name="size">Unknowns K, ≥ 1.</param>
    /// <param name="partitions">The number S of interleaved subsystems: 0 (default) chooses — the lane count of the widest
    /// accelerated vector (float: 16 with AVX-512, 8 with AVX2, 4 with SSE or AdvSimd; half that for double), so that each
    /// subsystem is one vector lane, when K ≥ <see cref="MinimumPartitionedSize"/>; otherwise 1. 1 runs the plain Thomas
    /// algorithm; a power of two 2 … <see cref="MaxPartitions"/> forces that partitioning (for tests and tuning; it also
    /// runs, correctly but slowly, without SIMD).</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="size"/> is less than 1, or
    /// <paramref name="partitions"/> is not 0 or a power of two ≤ <see cref="MaxPartitions"/>.</exception>
    public PartitionedTridiagonalSolver(int size, int partitions = 0)
    {
        Guard.Size(size, nameof(size));
        if (partitions < 0 || partitions > MaxPartitions || (partitions & (partitions - 1)) != 0)
        {
            throw new ArgumentOutOfRangeException(
                nameof(partitions), partitions, $"partitions must be 0 (automatic) or a power of two from 1 to {MaxPartitions}.");
        }

        int align = 64 / Unsafe.SizeOf<T>();
        if (partitions == 0)
        {
            int lanes = AcceleratedLanes();
            partitions = lanes > 1 && size >= MinimumPartitionedSize ? lanes : 1;
        }

        Size = size;
        Partitions = partitions;
        int block = Math.Max(partitions, align);
        _rows = (size + block - 1) / block * block;
        _guard = block;
        _regionLength = _rows + (2 * _guard);
        int levels = BitOperations.Log2((uint)partitions);
        _buffer = GC.AllocateArray<T>(((LevelRegions + (2 * levels)) * _regionLength) + align, pinned: true);
        _start = AlignedStart(_buffer, align);
        Region(Original + Diagonal).Fill(T.One);
        Region(Ping + Diagonal).Fill(T.One);
        Region(Pong + Diagonal).Fill(T.One);
        Region(Reciprocal).Fill(T.One);
        // The certificate accepts a componentwise backward error up to (8(1 + log₂ S) − 4)·u: the bound the tests assert,
        // less the ≈ 4u·(|A||x̂|)_k by which the residual's own rounding can understate it.
        _certificate = T.CreateChecked((8 * (1 + levels)) - 4) * Precision<T>.UnitRoundoff;
    }

    /// <summary>Unknowns K.</summary>
    public int Size { get; }

    /// <summary>The number S of interleaved subsystems (1: the plain scalar Thomas algorithm).</summary>
    public int Partitions { get; }

    /// <summary>True when the last solve fell back to the scalar algorithm (tests use it to know which path they checked).</summary>
    internal bool FellBack { get; private set; }

    /// <summary>True when the last partitioned solve needed its refinement step.</summary>
    internal bool Refined { get; private set; }

    /// <summary>Solves <c>a_k x_{k−1} + d_k x_k + c_k x_{k+1} = b_k</c>; throws when the system is singular or not
    /// finite.</summary>
    /// <param name="lower">Sub-diagonal <c>a</c>, K elements; <c>a_0</c> is not read.</param>
    /// <param name="diagonal">Diagonal <c>d</c>, K elements.</param>
    /// <param name="upper">Super-diagonal <c>c</c>, K elements; <c>c_{K−1}</c> is not read.</param>
    /// <param name="rhs">Right-hand side <c>b</c>, K elements.</param>
    /// <param name="solution">Receives <c>x</c>, K elements; may be <paramref name="rhs"/> itself.</param>
    /// <exception cref="ArgumentException">A span has the wrong length or overlaps another as described; an input is
    /// not finite; or the matrix is singular to working precision.</exception>
    public void Solve(ReadOnlySpan<T> lower, ReadOnlySpan<T> diagonal, ReadOnlySpan<T> upper, ReadOnlySpan<T> rhs, Span<T> solution)
    {
        TridiagonalStatus status = GeneralCore(lower, diagonal, upper, rhs, solution, out int row);
        if (status != TridiagonalStatus.Success)
        {
            Guard.ThrowFailure(status, row, symmetric: false, lower[1..], "lower", diagonal, upper[..^1], "upper", rhs);
        }
    }

    /// <summary>Solves <c>a_k x_{k−1} + d_k x_k + c_k x_{k+1} = b_k</c>, reporting a singular matrix or non-finite values
    /// as a status.</summary>
    /// <param name="lower">Sub-diagonal <c>a</c>, K elements; <c>a_0</c> is not read.</param>
    /// <param name="diagonal">Diagonal <c>d</c>, K elements.</param>
    /// <param name="upper">Super-diagonal <c>c</c>, K elements; <c>c_{K−1}</c> is not read.</param>
    /// <param name="rhs">Right-hand side <c>b</c>, K elements.</param>
    /// <param name="solution">Receives <c>x</c>, K elements; may be <paramref name="rhs"/> itself. Unspecified unless the
    /// status is <see cref="TridiagonalStatus.Success"/>.</param>
    /// <returns>The status, as <see cref="TridiagonalSolver.TrySolve{T}"/> would report it.</returns>
    /// <exception cref="ArgumentException">A span has the wrong length or overlaps another as described.</exception>
    public TridiagonalStatus TrySolve(ReadOnlySpan<T> lower, ReadOnlySpan<T> diagonal, ReadOnlySpan<T> upper, ReadOnlySpan<T> rhs, Span<T> solution)
    {
        TridiagonalStatus status = GeneralCore(lower, diagonal, upper, rhs, solution, out _);
        if (status == TridiagonalStatus.SingularPivot && Guard.AnyNonFinite(lower[1..], diagonal, upper[..^1], rhs))
        {
            status = TridiagonalStatus.NonFinite;
        }

        return status;
    }

    /// <summary>Solves the symmetric positive definite system <c>(A + σI)x = b</c>, <c>A[k,k] = d_k</c>,
    /// <c>A[k,k+1] = A[k+1,k] = e_k</c>; throws when it is not positive definite or not finite.</summary>
    /// <param name="diagonal">Diagonal <c>d</c>, K elements.</param>
    /// <param name="offDiagonal">Off-diagonal <c>e</c>, K − 1 elements.</param>
    /// <param name="rhs">Right-hand side <c>b</c>, K elements.</param>
    /// <param name="solution">Receives <c>x</c>, K elements; may be <paramref name="rhs"/> itself.</param>
    /// <param name="regularization">The shift <c>σ</c> (<see cref="TridiagonalRegularization"/>); none by default.</param>
    /// <exception cref="ArgumentException">A span has the wrong length or overlaps another as described; an input is
    /// not finite; or the matrix is not positive definite to working precision.</exception>
    public void SolveSymmetric(
        ReadOnlySpan<T> diagonal,
        ReadOnlySpan<T> offDiagonal,
        ReadOnlySpan<T> rhs,
        Span<T> solution,
        TridiagonalRegularization regularization = default)
    {
        TridiagonalStatus status = SymmetricCore(diagonal, offDiagonal, rhs, solution, regularization, out int row);
        if (status != TridiagonalStatus.Success)
        {
            Guard.ThrowFailure(status, row, symmetric: true, offDiagonal, "offDiagonal", diagonal, [], "offDiagonal", rhs);
        }
    }

    /// <summary>Solves the symmetric positive definite system <c>(A + σI)x = b</c>, reporting a matrix that is not
    /// positive definite, or non-finite values, as a status.</summary>
    /// <param name="diagonal">Diagonal <c>d</c>, K elements.</param>
    /// <param name="offDiagonal">Off-diagonal <c>e</c>, K − 1 elements.</param>
    /// <param name="rhs">Right-hand side <c>b</c>, K elements.</param>
    /// <param name="solution">Receives <c>x</c>, K elements; may be <paramref name="rhs"/> itself. Unspecified unless the
    /// status is <see cref="TridiagonalStatus.Success"/>.</param>
    /// <param name="regularization">The shift <c>σ</c> (<see cref="TridiagonalRegularization"/>); none by default.</param>
    /// <returns>The status, as <see cref="TridiagonalSolver.TrySolveSymmetric{T}"/> would report it.</returns>
    /// <exception cref="ArgumentException">A span has the wrong length or overlaps another as described.</exception>
    public TridiagonalStatus TrySolveSymmetric(
        ReadOnlySpan<T> diagonal,
        ReadOnlySpan<T> offDiagonal,
        ReadOnlySpan<T> rhs,
        Span<T> solution,
        TridiagonalRegularization regularization = default)
    {
        TridiagonalStatus status = SymmetricCore(diagonal, offDiagonal, rhs, solution, regularization, out _);
        if (status == TridiagonalStatus.SingularPivot && Guard.AnyNonFinite(offDiagonal, diagonal, [], rhs))
        {
            status = TridiagonalStatus.NonFinite;
        }

        return status;
    }

    /// <inheritdoc/>
    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"PartitionedTridiagonalSolver<{typeof(T).Name}>(K = {Size}, S = {Partitions})");

    /// <summary>Lanes of the widest hardware-accelerated vector of T (1 when none is, or T is not float or double).</summary>
    private static int AcceleratedLanes()
    {
        if (typeof(T) != typeof(float) && typeof(T) != typeof(double))
        {
            return 1;
        }

        return Vector512.IsHardwareAccelerated ? Vector512<T>.Count
            : Vector256.IsHardwareAccelerated ? Vector256<T>.Count
            : Vector128.IsHardwareAccelerated ? Vector128<T>.Count
            : 1;
    }

    private static unsafe int AlignedStart(T[] buffer, int align)
    {
        // The array is pinned (never moves), so aligning its address once holds for its lifetime.
        nint address = (nint)Unsafe.AsPointer(ref MemoryMarshal.GetArrayDataReference(buffer));
        int misalignment = (int)(address & 63) / Unsafe.SizeOf<T>();
        return misalignment == 0 ? 0 : align - misalignment;
    }

    /// <summary>Region r including its guard rows.</summary>
    private Span<T> Region(int r) => _buffer.AsSpan(_start + (r * _regionLength), _regionLength);

    /// <summary>Row 0 of region r (guard rows lie before and after).</summary>
    private ref T Row0(int r) => ref _buffer[_start + (r * _regionLength) + _guard];

    /// <summary>Rows [0, N) of region r.</summary>
    private Span<T> Rows(int r) => _buffer.AsSpan(_start + (r * _regionLength) + _guard, _rows);

    private TridiagonalStatus SymmetricCore(
        ReadOnlySpan<T> diagonal,
        ReadOnlySpan<T> offDiagonal,
        ReadOnlySpan<T> rhs,
        Span<T> solution,
        TridiagonalRegularization regularization,
        out int row)
    {
        int k = Size;
        Guard.Length(diagonal.Length, k, k, nameof(diagonal));
        TridiagonalSolver.ValidateSymmetric(diagonal, offDiagonal, rhs, Region(Multipliers), solution);
        T shift = regularization.GetShift(diagonal);
        if (Partitions > 1)
        {
            Span<T> d = Rows(Original + Diagonal);
            Span<T> c = Rows(Original + Upper);
            Span<T> b = Rows(Original + Rhs);
            TensorPrimitives.Add(diagonal, shift, d);
            d[k..].Fill(T.One);
            offDiagonal.CopyTo(c);
            c[(k - 1)..].Clear();
            rhs.CopyTo(b);
            b[k..].Clear();
            FellBack = true;
            if (Partitioned(symmetric: true, shift))
            {
                FellBack = false;
                Rows(Unknowns)[..k].CopyTo(solution);
                row = -1;
                return TridiagonalStatus.Success;
            }
        }

        return ScalarThomas.Symmetric(
            ref MemoryMarshal.GetReference(diagonal),
            ref MemoryMarshal.GetReference(offDiagonal),
            ref MemoryMarshal.GetReference(rhs),
            shift,
            ref Row0(Multipliers),
            ref MemoryMarshal.GetReference(solution),
            k,
            out row);
    }

    private TridiagonalStatus GeneralCore(
        ReadOnlySpan<T> lower, ReadOnlySpan<T> diagonal, ReadOnlySpan<T> upper, ReadOnlySpan<T> rhs, Span<T> solution, out int row)
    {
        int k = Size;
        Guard.Length(diagonal.Length, k, k, nameof(diagonal));
        Guard.Length(lower.Length, k, k, nameof(lower));
        Guard.Length(upper.Length, k, k, nameof(upper));
        Guard.Length(rhs.Length, k, k, nameof(rhs));
        Guard.Length(solution.Length, k, k, nameof(solution));
        Guard.Output<T>(solution, rhs, nameof(solution));
        Guard.NoOverlap<T>(solution, nameof(solution), lower, nameof(lower));
        Guard.NoOverlap<T>(solution, nameof(solution), diagonal, nameof(diagonal));
        Guard.NoOverlap<T>(solution, nameof(solution), upper, nameof(upper));
        if (Partitions > 1)
        {
            Span<T> a = Rows(Original + Lower);
            Span<T> c = Rows(Original + Upper);
            lower.CopyTo(a);
            a[0] = T.Zero;
            a[k..].Clear();
            diagonal.CopyTo(Rows(Original + Diagonal));
            Rows(Original + Diagonal)[k..].Fill(T.One);
            upper.CopyTo(c);
            c[(k - 1)..].Clear();
            rhs.CopyTo(Rows(Original + Rhs));
            Rows(Original + Rhs)[k..].Clear();
            FellBack = true;
            if (Partitioned(symmetric: false, T.Zero))
            {
                FellBack = false;
                Rows(Unknowns)[..k].CopyTo(solution);
                row = -1;
                return TridiagonalStatus.Success;
            }
        }

        return ScalarThomas.General(
            ref MemoryMarshal.GetReference(lower),
            ref MemoryMarshal.GetReference(diagonal),
            ref MemoryMarshal.GetReference(upper),
            ref MemoryMarshal.GetReference(rhs),
            ref Row0(Multipliers),
            ref MemoryMarshal.GetReference(solution),
            k,
            out row);
    }

    private bool Partitioned(bool symmetric, T shift)
    {
        if (typeof(T) == typeof(float) || typeof(T) == typeof(double))
        {
            if (Vector512.IsHardwareAccelerated && Vector512<T>.IsSupported)
            {
                return Partitioned<Vector512Ops<T>, Vector512<T>>(symmetric, shift);
            }

            if (Vector256.IsHardwareAccelerated && Vector256<T>.IsSupported)
            {
                return Partitioned<Vector256Ops<T>, Vector256<T>>(symmetric, shift);
            }

            if (Vector128.IsHardwareAccelerated && Vector128<T>.IsSupported)
            {
                return Partitioned<Vector128Ops<T>, Vector128<T>>(symmetric, shift);
            }
        }

        return Partitioned<ScalarOps<T>, T>(symmetric, shift);
    }

    /// <summary>PCR levels (rows vectorised by TOps), the S-lane Thomas sweeps and the certificate; if the certificate
    /// rejects, one step of iterative refinement and the certificate again. True when the solution in
    /// <see cref="Unknowns"/> passed.</summary>
    private bool Partitioned<TOps, TV>(bool symmetric, T shift)
        where TOps : ISimdOps<TV, T>
        where TV : struct
    {
        Refined = false;
        int source = Original, target = Ping, level = 0;
        for (int s = 1; s < Partitions; s *= 2, level++)
        {
            int backward = LevelRegions + (2 * level), forward = backward + 1;
            if (symmetric)
            {
                CyclicReduction.SymmetricLevel<TOps, TV, T>(
                    ref Row0(source + Diagonal), ref Row0(source + Upper), ref Row0(source + Rhs), ref Row0(Reciprocal),
                    ref Row0(backward), ref Row0(forward), ref Row0(target + Diagonal), ref Row0(target + Upper),
                    ref Row0(target + Rhs), s, _rows);
            }
            else
            {
                CyclicReduction.GeneralLevel<TOps, TV, T>(
                    ref Row0(source + Lower), ref Row0(source + Diagonal), ref Row0(source + Upper), ref Row0(source + Rhs),
                    ref Row0(Reciprocal), ref Row0(backward), ref Row0(forward), ref Row0(target + Lower),
                    ref Row0(target + Diagonal), ref Row0(target + Upper), ref Row0(target + Rhs), s, _rows);
            }

            source = target;
            target = target == Ping ? Pong : Ping;
        }

        // Every lane's system is a Schur complement of A + σI, so its pivots are ≥ σ as well: the cap is σ/2 here too.
        T cap = shift > T.Zero ? shift / (T.One + T.One) : T.PositiveInfinity;
        if (!SolveLanes(symmetric, source, source + Rhs, Unknowns, cap))
        {
            return false;
        }

        if (Certify<TOps, TV>(symmetric))
        {
            return true;
        }

        // Cyclic reduction is forward accurate but not backward stable on ill-conditioned systems (e.g. regularised
        // silent runs): each lane's rounding in the weak directions is its own, so the residual can exceed the
        // certificate although x̂ is as accurate as the scalar solver's. One step of fixed-precision iterative
        // refinement — solve A·δ = r with the stored transformation, x̂ += δ — restores a backward-stable answer.
        Refined = true;
        int rhs = Residual, next = RefineA;
        level = 0;
        for (int s = 1; s < Partitions; s *= 2, level++)
        {
            int backward = LevelRegions + (2 * level), forward = backward + 1;
            if (symmetric)
            {
                CyclicReduction.SymmetricRhs<TOps, TV, T>(ref Row0(rhs), ref Row0(backward), ref Row0(forward), ref Row0(next), s, _rows);
            }
            else
            {
                CyclicReduction.GeneralRhs<TOps, TV, T>(ref Row0(rhs), ref Row0(backward), ref Row0(forward), ref Row0(next), s, _rows);
            }

            rhs = next;
            next = next == RefineA ? RefineB : RefineA;
        }

        if (!SolveLanes(symmetric, source, rhs, Correction, cap))
        {
            return false;
        }

        TensorPrimitives.Add(Rows(Unknowns), Rows(Correction), Rows(Unknowns));
        return Certify<TOps, TV>(symmetric);
    }

    /// <summary>The S-lane Thomas sweeps on the reduced system in set <paramref name="set"/> with right-hand side region
    /// <paramref name="rhs"/>; the solution goes to region <paramref name="solution"/>. False when a lane failed.</summary>
    private bool SolveLanes(bool symmetric, int set, int rhs, int solution, T cap) =>
        InterleavedDriver.Run(
            symmetric, ref Row0(set + (symmetric ? Upper : Lower)), ref Row0(set + Diagonal), ref Row0(set + Upper), ref Row0(rhs),
            ref Row0(Multipliers), ref Row0(solution), 1, _rows / Partitions, Partitions, Partitions, T.Zero, cap, []) == 0;

    private bool Certify<TOps, TV>(bool symmetric)
        where TOps : ISimdOps<TV, T>
        where TV : struct =>
        CyclicReduction.Certify<TOps, TV, T>(
            ref Row0(Original + Lower), ref Row0(Original + Diagonal), ref Row0(Original + Upper), ref Row0(Original + Rhs),
            ref Row0(Unknowns), ref Row0(Residual), _rows, _certificate, symmetric);
}
