using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Numerics;
using System.Numerics.Tensors;

namespace Phase.Solvers.Kernels;

/// <summary>Argument validation shared by the solvers; throw sites live here so the solve methods stay small.</summary>
internal static class Guard
{
    public static void Size(int size, string paramName)
    {
        if (size < 1)
        {
            ThrowSize(size, paramName);
        }
    }

    public static void NotEmpty(int length, string paramName)
    {
        if (length < 1)
        {
            throw new ArgumentException(
                $"{paramName} is empty: a tridiagonal system needs at least one unknown (K ≥ 1).", paramName);
        }
    }

    public static void Length(int actual, int expected, int size, string paramName)
    {
        if (actual != expected)
        {
            ThrowLength(actual, expected, size, paramName);
        }
    }

    public static void MinLength(int actual, int expected, int size, string paramName)
    {
        if (actual < expected)
        {
            throw new ArgumentException(
                string.Create(CultureInfo.InvariantCulture, $"{paramName} has {actual} elements; K = {size} unknowns need at least {expected}."),
                paramName);
        }
    }

    /// <summary>The solution may be exactly <paramref name="rhs"/> (in place) but must not partly overlap it, nor overlap
    /// anything else.</summary>
    public static void Output<T>(ReadOnlySpan<T> solution, ReadOnlySpan<T> rhs, string solutionName)
    {
        if (solution.Overlaps(rhs, out int offset) && offset != 0)
        {
            throw new ArgumentException(
                $"{solutionName} partly overlaps rhs; it may be the very same span (an in-place solve) but not a shifted one.",
                solutionName);
        }
    }

    public static bool Overlapping<T>(ReadOnlySpan<T> a, ReadOnlySpan<T> b) => a.Overlaps(b);

    public static void NoOverlap<T>(ReadOnlySpan<T> output, string outputName, ReadOnlySpan<T> input, string inputName)
    {
        if (output.Overlaps(input))
        {
            throw new ArgumentException($"{outputName} overlaps {inputName}; it must be separate memory.", outputName);
        }
    }

    /// <summary>Throws the exception that matches a failed status, naming the offending input where there is one.</summary>
    [DoesNotReturn]
    public static void ThrowFailure<T>(
        TridiagonalStatus status, int row, bool symmetric, ReadOnlySpan<T> a, string aName, ReadOnlySpan<T> d, ReadOnlySpan<T> c,
        string cName, ReadOnlySpan<T> b)
        where T : IFloatingPointIeee754<T>
    {
        ThrowIfNonFinite(a, aName);
        ThrowIfNonFinite(d, "diagonal");
        ThrowIfNonFinite(c, cName);
        ThrowIfNonFinite(b, "rhs");
        string where = row >= 0 ? string.Create(CultureInfo.InvariantCulture, $" at row {row}") : string.Empty;
        string message = status == TridiagonalStatus.SingularPivot
            ? symmetric
                ? $"The matrix is not positive definite to working precision: the LDLᵀ pivot{where} is not above ρ·d_k " +
                  $"(ρ = {TridiagonalSolver.GetPivotTolerance<T>()}). A positive semidefinite system (e.g. bins with zero weight) " +
                  "needs TridiagonalRegularization; TrySolveSymmetric reports this without throwing."
                : $"The matrix is singular to working precision: the pivot{where} is not above ρ·|d_k| " +
                  $"(ρ = {TridiagonalSolver.GetPivotTolerance<T>()}). The Thomas algorithm does not pivot; it is stable for " +
                  "diagonally dominant or symmetric positive definite matrices. TrySolve reports this without throwing."
            : "The solution overflowed: the matrix is too ill-conditioned for this precision. Regularise it, or use double.";
        throw new ArgumentException(message, "diagonal");
    }

    /// <summary>True when any of the spans holds NaN or ±∞.</summary>
    public static bool AnyNonFinite<T>(ReadOnlySpan<T> a, ReadOnlySpan<T> d, ReadOnlySpan<T> c, ReadOnlySpan<T> b)
        where T : IFloatingPointIeee754<T> =>
        !AllFinite(a) || !AllFinite(d) || !AllFinite(c) || !AllFinite(b);

    // TensorPrimitives.IsFiniteAll answers false for an empty span; an empty span has no non-finite element.
    private static bool AllFinite<T>(ReadOnlySpan<T> values)
        where T : IFloatingPointIeee754<T> => values.IsEmpty || TensorPrimitives.IsFiniteAll(values);

    private static void ThrowIfNonFinite<T>(ReadOnlySpan<T> values, string paramName)
        where T : IFloatingPointIeee754<T>
    {
        for (int i = 0; i < values.Length; i++)
        {
            if (!T.IsFinite(values[i]))
            {
                throw new ArgumentException(
                    string.Create(CultureInfo.InvariantCulture, $"{paramName}[{i}] is {values[i]}; every coefficient and right-hand side must be finite."),
                    paramName);
            }
        }
    }

    [DoesNotReturn]
    private static void ThrowSize(int size, string paramName) =>
        throw new ArgumentOutOfRangeException(paramName, size, "The number of unknowns K must be at least 1.");

    [DoesNotReturn]
    private static void ThrowLength(int actual, int expected, int size, string paramName) =>
        throw new ArgumentException(
            string.Create(CultureInfo.InvariantCulture, $"{paramName} has {actual} elements; with K = {size} unknowns it must have exactly {expected}."),
            paramName);
}
