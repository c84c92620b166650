using System.Numerics;
using System.Numerics.Tensors;
using Phase.Solvers.Kernels;

namespace Phase.Solvers;

/// <summary>
/// Normal equations of the weighted least-squares problem on a chain of K unknowns that the gradient-theorem phase
/// integration solves per STFT frame:
/// <c>J(x) = Σ_{k=0}^{K−1} α_k (x_k − t_k)² + Σ_{k=0}^{K−2} β_k (x_{k+1} − x_k − v_k)²</c>,
/// with weights <c>α, β ≥ 0</c>, per-unknown targets t (e.g. the time-direction prediction, or zero in the correction
/// formulation) and step targets v (e.g. the frequency-direction phase steps, or their wrapped residuals).
/// </summary>
/// <remarks>
/// <para><c>∇J = 0</c> gives the symmetric tridiagonal system <c>A x = b</c> with
/// <c>A[k,k] = α_k + β_{k−1} + β_k</c>, <c>A[k,k+1] = A[k+1,k] = −β_k</c> (<c>β_{−1} = β_{K−1} = 0</c>) and
/// <c>b_k = α_k t_k + β_{k−1} v_{k−1} − β_k v_k</c>. A is a weighted path Laplacian plus <c>diag(α)</c>: positive
/// semidefinite, an M-matrix, and singular exactly when some run of unknowns joined by positive β has α = 0 throughout
/// (then solve with <see cref="TridiagonalRegularization"/>). Feed the result to
/// <see cref="TridiagonalSolver.SolveSymmetric{T}"/>, <see cref="PartitionedTridiagonalSolver{T}.SolveSymmetric"/> or, per
/// system, the batched solver.</para>
/// <para>O(K), vectorised (TensorPrimitives), allocation-free, thread-safe. Weights are not checked for sign; negative
/// weights make A indefinite and the symmetric solvers report it.</para>
/// </remarks>
public static class ChainLeastSquares
{
    /// <summary>Writes the matrix: <c>d_k = α_k + β_{k−1} + β_k</c>, <c>e_k = −β_k</c>.</summary>
    /// <typeparam name="T">The element type (float or double).</typeparam>
    /// <param name="alpha">Weights α, K ≥ 1 elements.</param>
    /// <param name="beta">Weights β, K − 1 elements.</param>
    /// <param name="diagonal">Receives d, K elements.</param>
    /// <param name="offDiagonal">Receives e, K − 1 elements.</param>
    /// <exception cref="ArgumentException">A span is empty, has the wrong length, or an output overlaps an input.</exception>
    public static void AssembleMatrix<T>(ReadOnlySpan<T> alpha, ReadOnlySpan<T> beta, Span<T> diagonal, Span<T> offDiagonal)
        where T : IFloatingPointIeee754<T>
    {
        int k = alpha.Length;
        Guard.NotEmpty(k, nameof(alpha));
        Guard.Length(beta.Length, k - 1, k, nameof(beta));
        Guard.Length(diagonal.Length, k, k, nameof(diagonal));
        Guard.Length(offDiagonal.Length, k - 1, k, nameof(offDiagonal));
        Guard.NoOverlap<T>(diagonal, nameof(diagonal), alpha, nameof(alpha));
        Guard.NoOverlap<T>(diagonal, nameof(diagonal), beta, nameof(beta));
        Guard.NoOverlap<T>(diagonal, nameof(diagonal), offDiagonal, nameof(offDiagonal));
        Guard.NoOverlap<T>(offDiagonal, nameof(offDiagonal), alpha, nameof(alpha));
        Guard.NoOverlap<T>(offDiagonal, nameof(offDiagonal), beta, nameof(beta));
        Matrix(alpha, beta, diagonal, offDiagonal);
    }

    /// <summary>Writes the matrix and the right-hand side <c>b_k = α_k t_k + β_{k−1} v_{k−1} − β_k v_k</c>.</summary>
    /// <typeparam name="T">The element type (float or double).</typeparam>
    /// <param name="alpha">Weights α, K ≥ 1 elements.</param>
    /// <param name="beta">Weights β, K − 1 elements.</param>
    /// <param name="target">Targets t, K elements.</param>
    /// <param name="steps">Step targets v, K − 1 elements.</param>
    /// <param name="diagonal">Receives d, K elements.</param>
    /// <param name="offDiagonal">Receives e, K − 1 elements.</param>
    /// <param name="rhs">Receives b, K elements.</param>
    /// <exception cref="ArgumentException">A span is empty, has the wrong length, or an output overlaps an input.</exception>
    public static void Assemble<T>(
        ReadOnlySpan<T> alpha,
        ReadOnlySpan<T> beta,
        ReadOnlySpan<T> target,
        ReadOnlySpan<T> steps,
        Span<T> diagonal,
        Span<T> offDiagonal,
        Span<T> rhs)
        where T : IFloatingPointIeee754<T>
    {
        AssembleMatrix(alpha, beta, diagonal, offDiagonal);
        int k = alpha.Length;
        Guard.Length(target.Length, k, k, nameof(target));
        Guard.Length(steps.Length, k - 1, k, nameof(steps));
        Guard.Length(rhs.Length, k, k, nameof(rhs));
        Guard.NoOverlap<T>(rhs, nameof(rhs), alpha, nameof(alpha));
        Guard.NoOverlap<T>(rhs, nameof(rhs), beta, nameof(beta));
        Guard.NoOverlap<T>(rhs, nameof(rhs), steps, nameof(steps));
        Guard.NoOverlap<T>(rhs, nameof(rhs), diagonal, nameof(diagonal));
        Guard.NoOverlap<T>(rhs, nameof(rhs), offDiagonal, nameof(offDiagonal));
        Guard.Output<T>(rhs, target, nameof(rhs));
        Guard.NoOverlap<T>(offDiagonal, nameof(offDiagonal), steps, nameof(steps));

        // b = α⊙t; b[1..] += β⊙v; b[..K−1] += e⊙v (e = −β, already written).
        TensorPrimitives.Multiply(alpha, target, rhs);
        if (k > 1)
        {
            TensorPrimitives.FusedMultiplyAdd(beta, steps, rhs[1..], rhs[1..]);
            TensorPrimitives.FusedMultiplyAdd(offDiagonal, steps, rhs[..^1], rhs[..^1]);
        }
    }

    private static void Matrix<T>(ReadOnlySpan<T> alpha, ReadOnlySpan<T> beta, Span<T> diagonal, Span<T> offDiagonal)
        where T : IFloatingPointIeee754<T>
    {
        alpha.CopyTo(diagonal);
        if (alpha.Length > 1)
        {
            TensorPrimitives.Add(diagonal[..^1], beta, diagonal[..^1]);
            TensorPrimitives.Add(diagonal[1..], beta, diagonal[1..]);
            TensorPrimitives.Negate(beta, offDiagonal);
        }
    }
}
