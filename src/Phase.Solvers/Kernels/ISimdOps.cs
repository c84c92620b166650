namespace Phase.Solvers.Kernels;

/// <summary>
/// The vector operations the solver kernels need, as static abstract members so that one generic kernel is compiled
/// (and fully inlined) once per vector type: <see cref="Vector512Ops{T}"/>, <see cref="Vector256Ops{T}"/>,
/// <see cref="Vector128Ops{T}"/> and <see cref="ScalarOps{T}"/> (one lane, the fallback when no SIMD is accelerated).
/// </summary>
/// <remarks>
/// Masks: comparisons return a lane value whose bits are all set (true) or all zero (false) for the vector types; the
/// scalar type uses one and zero. Either way a lane is "set" exactly when it compares not equal to zero
/// (<see cref="SimdLanes.IsSet{T}"/>), because an all-bits-set float is a NaN.
/// </remarks>
/// <typeparam name="TVector">The vector type.</typeparam>
/// <typeparam name="T">The element type: <see cref="float"/> or <see cref="double"/> for the vector types.</typeparam>
internal interface ISimdOps<TVector, T>
    where TVector : struct
    where T : unmanaged
{
    /// <summary>Lanes per vector.</summary>
    static abstract int Count { get; }

    static abstract TVector Create(T value);

    static abstract TVector Load(ref T source, nuint index);

    static abstract void Store(TVector value, ref T destination, nuint index);

    static abstract TVector Add(TVector a, TVector b);

    static abstract TVector Multiply(TVector a, TVector b);

    static abstract TVector Divide(TVector a, TVector b);

    /// <summary><c>a·b + c</c>, fused (one rounding) where the hardware has FMA, otherwise two roundings.</summary>
    static abstract TVector MultiplyAdd(TVector a, TVector b, TVector c);

    /// <summary><c>c − a·b</c>, fused where the hardware has FMA.</summary>
    static abstract TVector NegatedMultiplyAdd(TVector a, TVector b, TVector c);

    static abstract TVector Abs(TVector a);

    /// <summary>Lane-wise maximum of two non-NaN values (the NaN behaviour is the hardware's).</summary>
    static abstract TVector Max(TVector a, TVector b);

    /// <summary>Lane-wise minimum of two non-NaN values (the NaN behaviour is the hardware's).</summary>
    static abstract TVector Min(TVector a, TVector b);

    /// <summary>Mask of lanes with <c>a ≥ b</c>; false when either is NaN.</summary>
    static abstract TVector GreaterThanOrEqual(TVector a, TVector b);

    /// <summary>Mask of lanes with <c>a &gt; b</c>; false when either is NaN.</summary>
    static abstract TVector GreaterThan(TVector a, TVector b);

    /// <summary>Mask of lanes with <c>a == b</c>.</summary>
    static abstract TVector EqualsMask(TVector a, TVector b);

    /// <summary>Lane-wise AND of two masks.</summary>
    static abstract TVector And(TVector a, TVector b);

    /// <summary><c>mask ? a : b</c> lane-wise.</summary>
    static abstract TVector Select(TVector mask, TVector a, TVector b);

    /// <summary>True when every lane of the mask is set.</summary>
    static abstract bool AllSet(TVector mask);

    /// <summary>Writes the lanes to <paramref name="destination"/> (at least <see cref="Count"/> elements).</summary>
    static abstract void CopyTo(TVector value, Span<T> destination);
}
