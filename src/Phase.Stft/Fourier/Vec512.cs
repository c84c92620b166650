using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Phase.Fourier;

/// <summary>16 float lanes in one AVX-512 register. Usable only where <see cref="Vector512.IsHardwareAccelerated"/> and
/// AVX-512F (for the two-source permutes) are both available.</summary>
internal readonly struct Vec512 : IFloatVector<Vec512>
{
    private readonly Vector512<float> _v;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private Vec512(Vector512<float> v) => _v = v;

    public static int Count => 16;

    public static bool IsSupported => Vector512.IsHardwareAccelerated && Avx512F.IsSupported;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vec512 Load(ref float source) => new(Vector512.LoadUnsafe(ref source));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Store(Vec512 value, ref float destination) => value._v.StoreUnsafe(ref destination);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vec512 Broadcast(float value) => new(Vector512.Create(value));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vec512 operator +(Vec512 left, Vec512 right) => new(left._v + right._v);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vec512 operator -(Vec512 left, Vec512 right) => new(left._v - right._v);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vec512 operator *(Vec512 left, Vec512 right) => new(left._v * right._v);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vec512 MultiplyAdd(Vec512 a, Vec512 b, Vec512 c) => new(Vector512.MultiplyAddEstimate(a._v, b._v, c._v));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vec512 NegatedMultiplyAdd(Vec512 a, Vec512 b, Vec512 c) =>
        new(Avx512F.FusedMultiplyAddNegated(a._v, b._v, c._v));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vec512 Reverse(Vec512 value) =>
        new(Vector512.Shuffle(value._v, Vector512.Create(15, 14, 13, 12, 11, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1, 0)));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void LoadDeinterleaved(ref float source, out Vec512 even, out Vec512 odd)
    {
        // vpermt2ps picks lanes from the 32-float concatenation (lo, hi).
        var lo = Vector512.LoadUnsafe(ref source);
        var hi = Vector512.LoadUnsafe(ref source, 16);
        even = new(Avx512F.PermuteVar16x32x2(lo, Vector512.Create(0, 2, 4, 6, 8, 10, 12, 14, 16, 18, 20, 22, 24, 26, 28, 30), hi));
        odd = new(Avx512F.PermuteVar16x32x2(lo, Vector512.Create(1, 3, 5, 7, 9, 11, 13, 15, 17, 19, 21, 23, 25, 27, 29, 31), hi));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void StoreInterleaved(Vec512 even, Vec512 odd, ref float destination)
    {
        // Lane i < 16 of the index selects even[i], lane i ≥ 16 selects odd[i − 16].
        var lo = Avx512F.PermuteVar16x32x2(even._v, Vector512.Create(0, 16, 1, 17, 2, 18, 3, 19, 4, 20, 5, 21, 6, 22, 7, 23), odd._v);
        var hi = Avx512F.PermuteVar16x32x2(even._v, Vector512.Create(8, 24, 9, 25, 10, 26, 11, 27, 12, 28, 13, 29, 14, 30, 15, 31), odd._v);
        lo.StoreUnsafe(ref destination);
        hi.StoreUnsafe(ref destination, 16);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void TransposeBlock(ref float source, nint sourceStride, ref float destination, nint destinationStride)
    {
        // Four rounds of two-source shuffles: 32-bit unpacks and 64-bit unpacks inside each 128-bit lane, then two
        // rounds of 128-bit lane shuffles (vshuff32x4). 64 shuffles for 256 floats.
        ref float s = ref source;
        nint st = sourceStride;
        var r0 = Vector512.LoadUnsafe(ref s);
        var r1 = Vector512.LoadUnsafe(ref s, (nuint)(st * 1));
        var r2 = Vector512.LoadUnsafe(ref s, (nuint)(st * 2));
        var r3 = Vector512.LoadUnsafe(ref s, (nuint)(st * 3));
        var r4 = Vector512.LoadUnsafe(ref s, (nuint)(st * 4));
        var r5 = Vector512.LoadUnsafe(ref s, (nuint)(st * 5));
        var r6 = Vector512.LoadUnsafe(ref s, (nuint)(st * 6));
        var r7 = Vector512.LoadUnsafe(ref s, (nuint)(st * 7));
        var r8 = Vector512.LoadUnsafe(ref s, (nuint)(st * 8));
        var r9 = Vector512.LoadUnsafe(ref s, (nuint)(st * 9));
        var r10 = Vector512.LoadUnsafe(ref s, (nuint)(st * 10));
        var r11 = Vector512.LoadUnsafe(ref s, (nuint)(st * 11));
        var r12 = Vector512.LoadUnsafe(ref s, (nuint)(st * 12));
        var r13 = Vector512.LoadUnsafe(ref s, (nuint)(st * 13));
        var r14 = Vector512.LoadUnsafe(ref s, (nuint)(st * 14));
        var r15 = Vector512.LoadUnsafe(ref s, (nuint)(st * 15));

        var t0 = Avx512F.UnpackLow(r0, r1);
        var t1 = Avx512F.UnpackHigh(r0, r1);
        var t2 = Avx512F.UnpackLow(r2, r3);
        var t3 = Avx512F.UnpackHigh(r2, r3);
        var t4 = Avx512F.UnpackLow(r4, r5);
        var t5 = Avx512F.UnpackHigh(r4, r5);
        var t6 = Avx512F.UnpackLow(r6, r7);
        var t7 = Avx512F.UnpackHigh(r6, r7);
        var t8 = Avx512F.UnpackLow(r8, r9);
        var t9 = Avx512F.UnpackHigh(r8, r9);
        var t10 = Avx512F.UnpackLow(r10, r11);
        var t11 = Avx512F.UnpackHigh(r10, r11);
        var t12 = Avx512F.UnpackLow(r12, r13);
        var t13 = Avx512F.UnpackHigh(r12, r13);
        var t14 = Avx512F.UnpackLow(r14, r15);
        var t15 = Avx512F.UnpackHigh(r14, r15);

        r0 = UnpackLow64(t0, t2);
        r1 = UnpackHigh64(t0, t2);
        r2 = UnpackLow64(t1, t3);
        r3 = UnpackHigh64(t1, t3);
        r4 = UnpackLow64(t4, t6);
        r5 = UnpackHigh64(t4, t6);
        r6 = UnpackLow64(t5, t7);
        r7 = UnpackHigh64(t5, t7);
        r8 = UnpackLow64(t8, t10);
        r9 = UnpackHigh64(t8, t10);
        r10 = UnpackLow64(t9, t11);
        r11 = UnpackHigh64(t9, t11);
        r12 = UnpackLow64(t12, t14);
        r13 = UnpackHigh64(t12, t14);
        r14 = UnpackLow64(t13, t15);
        r15 = UnpackHigh64(t13, t15);

        // 0x88 takes 128-bit lanes (0, 2) of each source, 0xDD lanes (1, 3).
        t0 = Avx512F.Shuffle4x128(r0, r4, 0x88);
        t1 = Avx512F.Shuffle4x128(r1, r5, 0x88);
        t2 = Avx512F.Shuffle4x128(r2, r6, 0x88);
        t3 = Avx512F.Shuffle4x128(r3, r7, 0x88);
        t4 = Avx512F.Shuffle4x128(r0, r4, 0xDD);
        t5 = Avx512F.Shuffle4x128(r1, r5, 0xDD);
        t6 = Avx512F.Shuffle4x128(r2, r6, 0xDD);
        t7 = Avx512F.Shuffle4x128(r3, r7, 0xDD);
        t8 = Avx512F.Shuffle4x128(r8, r12, 0x88);
        t9 = Avx512F.Shuffle4x128(r9, r13, 0x88);
        t10 = Avx512F.Shuffle4x128(r10, r14, 0x88);
        t11 = Avx512F.Shuffle4x128(r11, r15, 0x88);
        t12 = Avx512F.Shuffle4x128(r8, r12, 0xDD);
        t13 = Avx512F.Shuffle4x128(r9, r13, 0xDD);
        t14 = Avx512F.Shuffle4x128(r10, r14, 0xDD);
        t15 = Avx512F.Shuffle4x128(r11, r15, 0xDD);

        ref float d = ref destination;
        nint dt = destinationStride;
        Avx512F.Shuffle4x128(t0, t8, 0x88).StoreUnsafe(ref d);
        Avx512F.Shuffle4x128(t1, t9, 0x88).StoreUnsafe(ref d, (nuint)(dt * 1));
        Avx512F.Shuffle4x128(t2, t10, 0x88).StoreUnsafe(ref d, (nuint)(dt * 2));
        Avx512F.Shuffle4x128(t3, t11, 0x88).StoreUnsafe(ref d, (nuint)(dt * 3));
        Avx512F.Shuffle4x128(t4, t12, 0x88).StoreUnsafe(ref d, (nuint)(dt * 4));
        Avx512F.Shuffle4x128(t5, t13, 0x88).StoreUnsafe(ref d, (nuint)(dt * 5));
        Avx512F.Shuffle4x128(t6, t14, 0x88).StoreUnsafe(ref d, (nuint)(dt * 6));
        Avx512F.Shuffle4x128(t7, t15, 0x88).StoreUnsafe(ref d, (nuint)(dt * 7));
        Avx512F.Shuffle4x128(t0, t8, 0xDD).StoreUnsafe(ref d, (nuint)(dt * 8));
        Avx512F.Shuffle4x128(t1, t9, 0xDD).StoreUnsafe(ref d, (nuint)(dt * 9));
        Avx512F.Shuffle4x128(t2, t10, 0xDD).StoreUnsafe(ref d, (nuint)(dt * 10));
        Avx512F.Shuffle4x128(t3, t11, 0xDD).StoreUnsafe(ref d, (nuint)(dt * 11));
        Avx512F.Shuffle4x128(t4, t12, 0xDD).StoreUnsafe(ref d, (nuint)(dt * 12));
        Avx512F.Shuffle4x128(t5, t13, 0xDD).StoreUnsafe(ref d, (nuint)(dt * 13));
        Avx512F.Shuffle4x128(t6, t14, 0xDD).StoreUnsafe(ref d, (nuint)(dt * 14));
        Avx512F.Shuffle4x128(t7, t15, 0xDD).StoreUnsafe(ref d, (nuint)(dt * 15));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<float> UnpackLow64(Vector512<float> a, Vector512<float> b) =>
        Avx512F.UnpackLow(a.AsDouble(), b.AsDouble()).AsSingle();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<float> UnpackHigh64(Vector512<float> a, Vector512<float> b) =>
        Avx512F.UnpackHigh(a.AsDouble(), b.AsDouble()).AsSingle();
}
