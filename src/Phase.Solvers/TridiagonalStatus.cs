namespace Phase.Solvers;

/// <summary>The outcome of a non-throwing tridiagonal solve (the <c>TrySolve…</c> methods).</summary>
/// <remarks>
/// Real-time callers use the non-throwing methods so that a silent frame (an all-zero, singular system) is a status to
/// handle, not an exception. When the status is not <see cref="Success"/> the contents of the solution are unspecified
/// (they may hold NaN or infinities); the inputs are never modified.
/// </remarks>
public enum TridiagonalStatus
{
    /// <summary>Every pivot passed the test and every element of the solution is finite.</summary>
    Success = 0,

    /// <summary>
    /// A pivot <c>m_k</c> failed the test: <c>|m_k| ≤ ρ·|d_k|</c> for a general system, <c>m_k ≤ min(ρ·(d_k + σ), σ/2)</c>
    /// for a symmetric one with regularisation shift σ (zero, negative, or so small that cancellation has left it at
    /// rounding level;
    /// <c>ρ = 2¹⁰·u</c>, see <see cref="TridiagonalSolver.GetPivotTolerance{T}"/>), or it was NaN. The matrix is
    /// singular — or, for the symmetric solvers, not positive definite — to working precision. A symmetric positive
    /// semidefinite system (e.g. least-squares normal equations over silent bins) becomes solvable with
    /// <see cref="TridiagonalRegularization"/>.
    /// </summary>
    SingularPivot = 1,

    /// <summary>An input holds NaN or ±∞, or the solution overflowed.</summary>
    NonFinite = 2,
}
