using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Phase.Solvers.Kernels;

/// <summary>
/// Runs the interleaved Thomas kernels over every chain of a batch with the widest accelerated vector type, and turns
/// the per-lane masks into statuses. A group of W lanes is W/C chains of C lanes (C = vector lanes: 16, 8, 4 floats or
/// 1 on the scalar fallback); chains are taken four at a time, the last one to three with repeated offsets. When the
/// caller allows it and the systems occupy at most two chains (a batch too small to keep four recurrences in flight),
/// each chain is instead solved by the twisted kernels (<see cref="TwistedThomas"/>: two recurrences per chain, from
/// both ends), chains holding only padding lanes are skipped, and a batch within one group uses the narrowest vector
/// that holds all its systems.
/// </summary>
internal static class InterleavedDriver
{
    /// <summary>Solves every chain; returns the number of failed systems among the first <paramref name="count"/>.</summary>
    /// <remarks>symmetric: <c>LDLᵀ</c> on (d, e = c); otherwise general (a, d, c). Arrays are interleaved with
    /// <c>groups</c> groups of <c>size</c> rows of <c>width</c> lanes. epsilon: relative shift applied per lane; fixedCap:
    /// the pivot bar's cap when epsilon is zero (∞ normally; σ/2 when the caller has already added a shift σ).
    /// twisted: allow the twisted kernels for batches of at most two chains (results then differ from the Thomas
    /// algorithm's by rounding; see <see cref="TwistedThomas"/>).</remarks>
    public static int Run<T>(
        bool symmetric, ref T a, ref T d, ref T c, ref T b, ref T scratch, ref T x, int groups, int size, int width, int count,
        T epsilon, T fixedCap, Span<TridiagonalStatus> statuses, bool twisted = false)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (typeof(T) == typeof(float) || typeof(T) == typeof(double))
        {
            // A batch within one group on the twisted path: the narrowest vector that holds every system in one chain,
            // so no instruction is spent on padding lanes (8 float systems: Vector256, not half of a Vector512).
            if (twisted && count <= width && size >= TwistedThomas.MinimumSize)
            {
                if (Vector128.IsHardwareAccelerated && Vector128<T>.IsSupported && count <= Vector128<T>.Count)
                {
                    return Run<Vector128Ops<T>, Vector128<T>, T>(symmetric, ref a, ref d, ref c, ref b, ref scratch, ref x, groups, size, width, count, epsilon, fixedCap, statuses, twisted);
                }

                if (Vector256.IsHardwareAccelerated && Vector256<T>.IsSupported && count <= Vector256<T>.Count)
                {
                    return Run<Vector256Ops<T>, Vector256<T>, T>(symmetric, ref a, ref d, ref c, ref b, ref scratch, ref x, groups, size, width, count, epsilon, fixedCap, statuses, twisted);
                }
            }

            if (Vector512.IsHardwareAccelerated && Vector512<T>.IsSupported && Vector512<T>.Count <= width)
            {
                return Run<Vector512Ops<T>, Vector512<T>, T>(symmetric, ref a, ref d, ref c, ref b, ref scratch, ref x, groups, size, width, count, epsilon, fixedCap, statuses, twisted);
            }

            if (Vector256.IsHardwareAccelerated && Vector256<T>.IsSupported && Vector256<T>.Count <= width)
            {
                return Run<Vector256Ops<T>, Vector256<T>, T>(symmetric, ref a, ref d, ref c, ref b, ref scratch, ref x, groups, size, width, count, epsilon, fixedCap, statuses, twisted);
            }

            if (Vector128.IsHardwareAccelerated && Vector128<T>.IsSupported && Vector128<T>.Count <= width)
            {
                return Run<Vector128Ops<T>, Vector128<T>, T>(symmetric, ref a, ref d, ref c, ref b, ref scratch, ref x, groups, size, width, count, epsilon, fixedCap, statuses, twisted);
            }
        }

        return Run<ScalarOps<T>, T, T>(symmetric, ref a, ref d, ref c, ref b, ref scratch, ref x, groups, size, width, count, epsilon, fixedCap, statuses, twisted);
    }

    /// <summary>The same with an explicit vector type (tests use it to reach every width).</summary>
    [SkipLocalsInit]
    public static int Run<TOps, TV, T>(
        bool symmetric, ref T a, ref T d, ref T c, ref T b, ref T scratch, ref T x, int groups, int size, int width, int count,
        T epsilon, T fixedCap, Span<TridiagonalStatus> statuses, bool twisted = false)
        where TOps : ISimdOps<TV, T>
        where TV : struct
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int lanes = TOps.Count;
        int chainsPerGroup = width / lanes;
        int chains = groups * chainsPerGroup;
        nuint stride = (nuint)width;
        Span<T> pivot = stackalloc T[4 * lanes];
        Span<T> finite = stackalloc T[4 * lanes];
        Span<nuint> offsets = stackalloc nuint[4];
        int failures = 0;
        int usedChains = count == 0 ? 0 : ((count - 1) / width * chainsPerGroup) + ((count - 1) % width / lanes) + 1;
        if (twisted && size >= TwistedThomas.MinimumSize && usedChains <= 2)
        {
            for (int chain = 0; chain < usedChains; chain++)
            {
                nuint offset = (nuint)((chain / chainsPerGroup * size * width) + (chain % chainsPerGroup * lanes));
                if (symmetric)
                {
                    TwistedThomas.Symmetric<TOps, TV, T>(
                        ref d, ref c, ref b, ref scratch, ref x, offset, stride, size, epsilon, fixedCap, ref pivot[0], ref finite[0]);
                }
                else
                {
                    TwistedThomas.General<TOps, TV, T>(
                        ref a, ref d, ref c, ref b, ref scratch, ref x, offset, stride, size, ref pivot[0], ref finite[0]);
                }

                failures += Collect(pivot, finite, 0, chain, chainsPerGroup, width, lanes, count, statuses);
            }

            return failures;
        }

        for (int q = 0; q < chains; q += 4)
        {
            int n = Math.Min(4, chains - q);
            for (int j = 0; j < 4; j++)
            {
                int chain = q + Math.Min(j, n - 1);
                offsets[j] = (nuint)((chain / chainsPerGroup * size * width) + (chain % chainsPerGroup * lanes));
            }

            if (n == 1)
            {
                if (symmetric)
                {
                    InterleavedThomas.Symmetric1<TOps, TV, T>(
                        ref d, ref c, ref b, ref scratch, ref x, offsets[0], stride, size, epsilon, fixedCap, ref pivot[0], ref finite[0]);
                }
                else
                {
                    InterleavedThomas.General1<TOps, TV, T>(
                        ref a, ref d, ref c, ref b, ref scratch, ref x, offsets[0], stride, size, ref pivot[0], ref finite[0]);
                }
            }
            else if (symmetric)
            {
                InterleavedThomas.Symmetric4<TOps, TV, T>(
                    ref d, ref c, ref b, ref scratch, ref x, offsets[0], offsets[1], offsets[2], offsets[3], stride, size, epsilon,
                    fixedCap, ref pivot[0], ref finite[0]);
            }
            else
            {
                InterleavedThomas.General4<TOps, TV, T>(
                    ref a, ref d, ref c, ref b, ref scratch, ref x, offsets[0], offsets[1], offsets[2], offsets[3], stride, size,
                    ref pivot[0], ref finite[0]);
            }

            for (int j = 0; j < n; j++)
            {
                failures += Collect(pivot, finite, j, q + j, chainsPerGroup, width, lanes, count, statuses);
            }
        }

        return failures;
    }

    /// <summary>Turns the masks of kernel slot <paramref name="slot"/> (chain <paramref name="chain"/>) into statuses;
    /// returns the number of failed systems among the first <paramref name="count"/>.</summary>
    private static int Collect<T>(
        Span<T> pivot, Span<T> finite, int slot, int chain, int chainsPerGroup, int width, int lanes, int count, Span<TridiagonalStatus> statuses)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int failures = 0;
        int firstSystem = (chain / chainsPerGroup * width) + (chain % chainsPerGroup * lanes);
        for (int lane = 0; lane < lanes; lane++)
        {
            int system = firstSystem + lane;
            if (system >= count)
            {
                break;
            }

            TridiagonalStatus status = !SimdLanes.IsSet(pivot[(slot * lanes) + lane])
                ? TridiagonalStatus.SingularPivot
                : !SimdLanes.IsSet(finite[(slot * lanes) + lane]) ? TridiagonalStatus.NonFinite : TridiagonalStatus.Success;
            if (status != TridiagonalStatus.Success)
            {
                failures++;
            }

            if (!statuses.IsEmpty)
            {
                statuses[system] = status;
            }
        }

        return failures;
    }
}
