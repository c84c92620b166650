using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Phase.Fourier;

/// <summary>4 float lanes in one SSE/NEON register. Usable where <see cref="Vector128.IsHardwareAccelerated"/>; the
/// shuffles use SSE on x86 and portable element moves elsewhere.</summary>
internal readonly struct Vec128 : IFloatVector<Vec128>
{
    private readonly Vector128<float> _v;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private Vec128(Vector128<float> v) => _v = v;

    public static int Count => 4;

    public static bool IsSupported => Vector128.IsHardwareAccelerated;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vec128 Load(ref float source) => new(Vector128.LoadUnsafe(ref source));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Store(Vec128 value, ref float destination) => value._v.StoreUnsafe(ref destination);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vec128 Broadcast(float value) => new(Vector128.Create(value));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vec128 operator +(Vec128 left, Vec128 right) => new(left._v + right._v);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vec128 operator -(Vec128 left, Vec128 right) => new(left._v - right._v);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vec128 operator *(Vec128 left, Vec128 right) => new(left._v * right._v);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vec128 MultiplyAdd(Vec128 a, Vec128 b, Vec128 c) => new(Vector128.MultiplyAddEstimate(a._v, b._v, c._v));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vec128 NegatedMultiplyAdd(Vec128 a, Vec128 b, Vec128 c) =>
        new(Vector128.MultiplyAddEstimate(-a._v, b._v, c._v));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vec128 Reverse(Vec128 value) => new(Vector128.Shuffle(value._v, Vector128.Create(3, 2, 1, 0)));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void LoadDeinterleaved(ref float source, out Vec128 even, out Vec128 odd)
    {
        var a = Vector128.LoadUnsafe(ref source);
        var b = Vector128.LoadUnsafe(ref source, 4);
        if (Sse.IsSupported)
        {
            even = new(Sse.Shuffle(a, b, 0x88));
            odd = new(Sse.Shuffle(a, b, 0xDD));
        }
        else
        {
            even = new(Vector128.Create(a[0], a[2], b[0], b[2]));
            odd = new(Vector128.Create(a[1], a[3], b[1], b[3]));
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void StoreInterleaved(Vec128 even, Vec128 odd, ref float destination)
    {
        if (Sse.IsSupported)
        {
            Sse.UnpackLow(even._v, odd._v).StoreUnsafe(ref destination);
            Sse.UnpackHigh(even._v, odd._v).StoreUnsafe(ref destination, 4);
        }
        else
        {
            Vector128.Create(even._v[0], odd._v[0], even._v[1], odd._v[1]).StoreUnsafe(ref destination);
            Vector128.Create(even._v[2], odd._v[2], even._v[3], odd._v[3]).StoreUnsafe(ref destination, 4);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void TransposeBlock(ref float source, nint sourceStride, ref float destination, nint destinationStride)
    {
        var r0 = Vector128.LoadUnsafe(ref source);
        var r1 = Vector128.LoadUnsafe(ref source, (nuint)sourceStride);
        var r2 = Vector128.LoadUnsafe(ref source, (nuint)(2 * sourceStride));
        var r3 = Vector128.LoadUnsafe(ref source, (nuint)(3 * sourceStride));
        Vector128<float> c0, c1, c2, c3;
        if (Sse.IsSupported)
        {
            // _MM_TRANSPOSE4_PS: unpack pairs of rows, then movlhps/movhlps the 64-bit halves.
            var t0 = Sse.UnpackLow(r0, r1);
            var t1 = Sse.UnpackLow(r2, r3);
            var t2 = Sse.UnpackHigh(r0, r1);
            var t3 = Sse.UnpackHigh(r2, r3);
            c0 = Sse.MoveLowToHigh(t0, t1);
            c1 = Sse.MoveHighToLow(t1, t0);
            c2 = Sse.MoveLowToHigh(t2, t3);
            c3 = Sse.MoveHighToLow(t3, t2);
        }
        else
        {
            c0 = Vector128.Create(r0[0], r1[0], r2[0], r3[0]);
            c1 = Vector128.Create(r0[1], r1[1], r2[1], r3[1]);
            c2 = Vector128.Create(r0[2], r1[2], r2[2], r3[2]);
            c3 = Vector128.Create(r0[3], r1[3], r2[3], r3[3]);
        }

        c0.StoreUnsafe(ref destination);
        c1.StoreUnsafe(ref destination, (nuint)destinationStride);
        c2.StoreUnsafe(ref destination, (nuint)(2 * destinationStride));
        c3.StoreUnsafe(ref destination, (nuint)(3 * destinationStride));
    }
}
