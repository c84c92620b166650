using System.Runtime.CompilerServices;

namespace Phase.Fourier;

/// <summary>One float: the scalar fallback, so the same kernels run when hardware intrinsics are unavailable.</summary>
internal readonly struct VecScalar : IFloatVector<VecScalar>
{
    private readonly float _v;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private VecScalar(float v) => _v = v;

    public static int Count => 1;

    public static bool IsSupported => true;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static VecScalar Load(ref float source) => new(source);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Store(VecScalar value, ref float destination) => destination = value._v;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static VecScalar Broadcast(float value) => new(value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static VecScalar operator +(VecScalar left, VecScalar right) => new(left._v + right._v);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static VecScalar operator -(VecScalar left, VecScalar right) => new(left._v - right._v);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static VecScalar operator *(VecScalar left, VecScalar right) => new(left._v * right._v);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static VecScalar MultiplyAdd(VecScalar a, VecScalar b, VecScalar c) => new((a._v * b._v) + c._v);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static VecScalar NegatedMultiplyAdd(VecScalar a, VecScalar b, VecScalar c) => new(c._v - (a._v * b._v));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static VecScalar Reverse(VecScalar value) => value;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void LoadDeinterleaved(ref float source, out VecScalar even, out VecScalar odd)
    {
        even = new(source);
        odd = new(Unsafe.Add(ref source, 1));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void StoreInterleaved(VecScalar even, VecScalar odd, ref float destination)
    {
        destination = even._v;
        Unsafe.Add(ref destination, 1) = odd._v;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void TransposeBlock(ref float source, nint sourceStride, ref float destination, nint destinationStride) =>
        destination = source;
}
