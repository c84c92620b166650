namespace Phase.Fourier;

/// <summary>
/// The handful of SIMD operations the FFT kernels need, over a vector of <see cref="Count"/> floats. The kernels are
/// generic over this interface and the JIT specialises them per implementation (<see cref="Vec512"/>,
/// <see cref="Vec256"/>, <see cref="Vec128"/>, <see cref="VecScalar"/>), so one kernel source serves every width,
/// including the scalar fallback used when hardware intrinsics are switched off.
/// </summary>
/// <typeparam name="TSelf">The implementing vector type.</typeparam>
internal interface IFloatVector<TSelf>
    where TSelf : struct, IFloatVector<TSelf>
{
    /// <summary>Lanes per vector.</summary>
    static abstract int Count { get; }

    /// <summary>Whether this width may be used on this machine (hardware acceleration and the ISA its shuffles need).</summary>
    static abstract bool IsSupported { get; }

    /// <summary>Loads <see cref="Count"/> floats (no alignment required).</summary>
    static abstract TSelf Load(ref float source);

    /// <summary>Stores <see cref="Count"/> floats (no alignment required).</summary>
    static abstract void Store(TSelf value, ref float destination);

    /// <summary>Every lane set to <paramref name="value"/>.</summary>
    static abstract TSelf Broadcast(float value);

    /// <summary>Lane-wise sum.</summary>
    static abstract TSelf operator +(TSelf left, TSelf right);

    /// <summary>Lane-wise difference.</summary>
    static abstract TSelf operator -(TSelf left, TSelf right);

    /// <summary>Lane-wise product.</summary>
    static abstract TSelf operator *(TSelf left, TSelf right);

    /// <summary><c>a·b + c</c>, fused where the hardware has FMA.</summary>
    static abstract TSelf MultiplyAdd(TSelf a, TSelf b, TSelf c);

    /// <summary><c>c − a·b</c>, fused where the hardware has FMA.</summary>
    static abstract TSelf NegatedMultiplyAdd(TSelf a, TSelf b, TSelf c);

    /// <summary>Lanes in reverse order.</summary>
    static abstract TSelf Reverse(TSelf value);

    /// <summary>Loads <c>2·Count</c> floats and splits them into the even-indexed and odd-indexed ones.</summary>
    static abstract void LoadDeinterleaved(ref float source, out TSelf even, out TSelf odd);

    /// <summary>Stores <c>even[0], odd[0], even[1], odd[1], …</c> (<c>2·Count</c> floats).</summary>
    static abstract void StoreInterleaved(TSelf even, TSelf odd, ref float destination);

    /// <summary>
    /// Transposes a <c>Count × Count</c> block: row <c>r</c> of the source starts at <c>source + r·sourceStride</c>,
    /// row <c>c</c> of the destination at <c>destination + c·destinationStride</c>; <c>dst[c][r] = src[r][c]</c>.
    /// </summary>
    static abstract void TransposeBlock(ref float source, nint sourceStride, ref float destination, nint destinationStride);
}
