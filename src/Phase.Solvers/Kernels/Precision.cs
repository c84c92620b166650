using System.Numerics;

namespace Phase.Solvers.Kernels;

/// <summary>Precision constants of an IEEE 754 binary type, computed once per type.</summary>
/// <typeparam name="T">The element type.</typeparam>
internal static class Precision<T>
    where T : IFloatingPointIeee754<T>
{
    /// <summary>Unit roundoff <c>u = 2^−p</c> (p = significand bits): 2⁻²⁴ for float, 2⁻⁵³ for double.</summary>
    public static readonly T UnitRoundoff = T.One - T.BitDecrement(T.One);

    /// <summary>Pivot tolerance <c>ρ = 2¹⁰·u</c>: a pivot <c>m_k</c> is accepted only when <c>|m_k| &gt; ρ·|d_k|</c>
    /// (general) or <c>m_k &gt; ρ·d_k</c> (symmetric). See <see cref="TridiagonalSolver.GetPivotTolerance{T}"/>.</summary>
    public static readonly T PivotTolerance = T.CreateChecked(1024) * UnitRoundoff;
}
