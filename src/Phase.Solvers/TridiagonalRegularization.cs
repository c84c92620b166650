using System.Globalization;
using System.Numerics;
using System.Numerics.Tensors;

namespace Phase.Solvers;

/// <summary>
/// Tikhonov regularisation for symmetric positive semidefinite tridiagonal systems: the solvers solve
/// <c>(A + σI)·x = b</c> with the shift <c>σ = ε·s</c>, where <c>ε</c> is <see cref="Epsilon"/> and
/// <c>s = max_k |d_k|</c> is the scale of the diagonal (taken as 1 when the diagonal is all zero).
/// </summary>
/// <remarks>
/// <para><b>Why relative.</b> The normal equations of a weighted least-squares problem scale with their weights; a
/// shift proportional to the largest diagonal entry has the same effect whatever the units of the weights, and an
/// all-zero system (a silent frame, <c>A = 0</c>, <c>b = 0</c>) still solves, to <c>x = 0</c>.</para>
/// <para><b>Effect.</b> Every eigenvalue of <c>A</c> rises by <c>σ</c>, so the smallest pivot is at least <c>σ</c>
/// and the condition number at most <c>(λ_max + σ)/σ ≤ (2 + ε)/ε</c> for the least-squares matrices
/// (<c>λ_max ≤ 2·max d_k</c> for a diagonally dominant A). The solution is that of the regularised problem: it
/// minimises <c>xᵀAx − 2bᵀx + σ‖x‖²</c>, so a component of x along an eigenvector of A with eigenvalue λ shrinks by
/// the factor <c>λ/(λ + σ)</c>. Well-determined components (λ ≫ σ) change by a relative <c>σ/λ</c>; the null space of
/// a singular A (a run of bins joined by frequency weights β but with no time weight α: its constant offset)
/// is pulled to zero. In the gradient-theorem correction formulation (solve for <c>δ = φ − φ_predicted</c>) zero
/// means "keep the time-direction prediction" — the natural default for bins with no information.</para>
/// <para><b>Choosing ε.</b> The pivot test accepts any pivot above σ/2 (see <see cref="TridiagonalSolver"/>), so a
/// regularised positive semidefinite system passes as long as σ exceeds the rounding noise of its pivots (measured: a
/// single singular run of up to 4097 bins with random weights passes for every ε ≥ 10⁻⁶ in float). What ε then buys is
/// accuracy in the weakest direction: cond(A + σI) ≤ (λ_max + σ)/σ ≤ (2 + ε)/ε, so the forward error there is
/// about (2/ε)·u — 1.2% for ε = 10⁻⁵, 0.12% for 10⁻⁴ (u = 2⁻²⁴). Larger ε also damps more: the smallest nonzero eigenvalue
/// of a path Laplacian with weight β over n bins is <c>≈ β·π²/n²</c> (3.7·10⁻⁵β for n = 513), so ε = 10⁻⁴ visibly
/// shrinks the slowest modes of long runs without α, while bins anchored by <c>α ≫ σ</c> barely change. 10⁻⁵ … 10⁻⁴ is
/// a good range in float; 10⁻¹² … 10⁻⁸ in double.</para>
/// <para>Immutable and thread-safe.</para>
/// </remarks>
public readonly struct TridiagonalRegularization : IEquatable<TridiagonalRegularization>
{
    private TridiagonalRegularization(double epsilon) => Epsilon = epsilon;

    /// <summary>No regularisation (the default value): <c>σ = 0</c>.</summary>
    public static TridiagonalRegularization None => default;

    /// <summary>The relative shift <c>ε</c>: <c>σ = ε·max_k |d_k|</c>. Zero for <see cref="None"/>.</summary>
    public double Epsilon { get; }

    /// <summary>True when no shift is applied.</summary>
    public bool IsNone => Epsilon == 0;

    /// <summary>Regularisation with <c>σ = ε·max_k |d_k|</c> (or <c>σ = ε</c> for an all-zero diagonal).</summary>
    /// <param name="epsilon">The relative shift <c>ε</c>, finite and ≥ 0 (0 is <see cref="None"/>); 10⁻⁵ … 10⁻⁴
    /// suits float32 least-squares phase integration (see the remarks).</param>
    /// <returns>The regularisation.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="epsilon"/> is negative, NaN or infinite.</exception>
    public static TridiagonalRegularization Relative(double epsilon)
    {
        if (!(epsilon >= 0) || double.IsPositiveInfinity(epsilon))
        {
            throw new ArgumentOutOfRangeException(
                nameof(epsilon), epsilon, "The relative regularisation must be finite and ≥ 0 (typically 1e-5 … 1e-4 in float32).");
        }

        return new TridiagonalRegularization(epsilon);
    }

    /// <summary>The shift <c>σ = ε·max_k |d_k|</c> for one system (NaN when the diagonal holds a NaN).</summary>
    /// <typeparam name="T">The element type.</typeparam>
    /// <param name="diagonal">The diagonal <c>d</c>.</param>
    /// <returns><c>σ</c>; zero for <see cref="None"/>.</returns>
    public T GetShift<T>(ReadOnlySpan<T> diagonal)
        where T : IFloatingPointIeee754<T>
    {
        if (IsNone || diagonal.IsEmpty)
        {
            return T.Zero;
        }

        T scale = T.Abs(TensorPrimitives.MaxMagnitude(diagonal));
        return T.CreateChecked(Epsilon) * (scale == T.Zero ? T.One : scale);
    }

    /// <inheritdoc/>
    public bool Equals(TridiagonalRegularization other) => Epsilon.Equals(other.Epsilon);

    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is TridiagonalRegularization other && Equals(other);

    /// <inheritdoc/>
    public override int GetHashCode() => Epsilon.GetHashCode();

    /// <inheritdoc/>
    public override string ToString() =>
        IsNone ? "None" : string.Create(CultureInfo.InvariantCulture, $"Relative({Epsilon:R})");

    /// <summary>Equality.</summary>
    /// <param name="left">The first value.</param>
    /// <param name="right">The second value.</param>
    /// <returns>True when both have the same <see cref="Epsilon"/>.</returns>
    public static bool operator ==(TridiagonalRegularization left, TridiagonalRegularization right) => left.Equals(right);

    /// <summary>Inequality.</summary>
    /// <param name="left">The first value.</param>
    /// <param name="right">The second value.</param>
    /// <returns>True when the values differ.</returns>
    public static bool operator !=(TridiagonalRegularization left, TridiagonalRegularization right) => !left.Equals(right);
}
