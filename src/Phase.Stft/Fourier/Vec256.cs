using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Phase.Fourier;

/// <summary>8 float lanes in one AVX register. Usable where <see cref="Vector256.IsHardwareAccelerated"/> (x86 AVX2).</summary>
internal readonly struct Vec256 : IFloatVector<Vec256>
{
    private readonly Vector256<float> _v;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private Vec256(Vector256<float> v) => _v = v;

    public static int Count => 8;

    public static bool IsSupported => Vector256.IsHardwareAccelerated && Avx2.IsSupported;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vec256 Load(ref float source) => new(Vector256.LoadUnsafe(ref source));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Store(Vec256 value, ref float destination) => value._v.StoreUnsafe(ref destination);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vec256 Broadcast(float value) => new(Vector256.Create(value));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vec256 operator +(Vec256 left, Vec256 right) => new(left._v + right._v);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vec256 operator -(Vec256 left, Vec256 right) => new(left._v - right._v);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vec256 operator *(Vec256 left, Vec256 right) => new(left._v * right._v);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vec256 MultiplyAdd(Vec256 a, Vec256 b, Vec256 c) => new(Vector256.MultiplyAddEstimate(a._v, b._v, c._v));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vec256 NegatedMultiplyAdd(Vec256 a, Vec256 b, Vec256 c) =>
        Fma.IsSupported ? new(Fma.MultiplyAddNegated(a._v, b._v, c._v)) : new(c._v - a._v * b._v);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vec256 Reverse(Vec256 value) => new(Vector256.Shuffle(value._v, Vector256.Create(7, 6, 5, 4, 3, 2, 1, 0)));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void LoadDeinterleaved(ref float source, out Vec256 even, out Vec256 odd)
    {
        // shufps gathers (a0 a2 b0 b2 | a4 a6 b4 b6); vpermpd 0xD8 swaps the middle 64-bit pairs into order.
        var a = Vector256.LoadUnsafe(ref source);
        var b = Vector256.LoadUnsafe(ref source, 8);
        even = new(Avx2.Permute4x64(Avx.Shuffle(a, b, 0x88).AsDouble(), 0xD8).AsSingle());
        odd = new(Avx2.Permute4x64(Avx.Shuffle(a, b, 0xDD).AsDouble(), 0xD8).AsSingle());
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void StoreInterleaved(Vec256 even, Vec256 odd, ref float destination)
    {
        // unpck gives (e0 o0 e1 o1 | e4 o4 e5 o5) and (e2 o2 e3 o3 | e6 o6 e7 o7); vperm2f128 puts the halves in order.
        var lo = Avx.UnpackLow(even._v, odd._v);
        var hi = Avx.UnpackHigh(even._v, odd._v);
        Avx.Permute2x128(lo, hi, 0x20).StoreUnsafe(ref destination);
        Avx.Permute2x128(lo, hi, 0x31).StoreUnsafe(ref destination, 8);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void TransposeBlock(ref float source, nint sourceStride, ref float destination, nint destinationStride)
    {
        // 32-bit unpacks, 64-bit unpacks (inside 128-bit lanes), then a 128-bit lane exchange: 24 shuffles for 64 floats.
        ref float s = ref source;
        nint st = sourceStride;
        var r0 = Vector256.LoadUnsafe(ref s);
        var r1 = Vector256.LoadUnsafe(ref s, (nuint)(st * 1));
        var r2 = Vector256.LoadUnsafe(ref s, (nuint)(st * 2));
        var r3 = Vector256.LoadUnsafe(ref s, (nuint)(st * 3));
        var r4 = Vector256.LoadUnsafe(ref s, (nuint)(st * 4));
        var r5 = Vector256.LoadUnsafe(ref s, (nuint)(st * 5));
        var r6 = Vector256.LoadUnsafe(ref s, (nuint)(st * 6));
        var r7 = Vector256.LoadUnsafe(ref s, (nuint)(st * 7));

        var t0 = Avx.UnpackLow(r0, r1);
        var t1 = Avx.UnpackHigh(r0, r1);
        var t2 = Avx.UnpackLow(r2, r3);
        var t3 = Avx.UnpackHigh(r2, r3);
        var t4 = Avx.UnpackLow(r4, r5);
        var t5 = Avx.UnpackHigh(r4, r5);
        var t6 = Avx.UnpackLow(r6, r7);
        var t7 = Avx.UnpackHigh(r6, r7);

        r0 = Avx.UnpackLow(t0.AsDouble(), t2.AsDouble()).AsSingle();
        r1 = Avx.UnpackHigh(t0.AsDouble(), t2.AsDouble()).AsSingle();
        r2 = Avx.UnpackLow(t1.AsDouble(), t3.AsDouble()).AsSingle();
        r3 = Avx.UnpackHigh(t1.AsDouble(), t3.AsDouble()).AsSingle();
        r4 = Avx.UnpackLow(t4.AsDouble(), t6.AsDouble()).AsSingle();
        r5 = Avx.UnpackHigh(t4.AsDouble(), t6.AsDouble()).AsSingle();
        r6 = Avx.UnpackLow(t5.AsDouble(), t7.AsDouble()).AsSingle();
        r7 = Avx.UnpackHigh(t5.AsDouble(), t7.AsDouble()).AsSingle();

        ref float d = ref destination;
        nint dt = destinationStride;
        Avx.Permute2x128(r0, r4, 0x20).StoreUnsafe(ref d);
        Avx.Permute2x128(r1, r5, 0x20).StoreUnsafe(ref d, (nuint)(dt * 1));
        Avx.Permute2x128(r2, r6, 0x20).StoreUnsafe(ref d, (nuint)(dt * 2));
        Avx.Permute2x128(r3, r7, 0x20).StoreUnsafe(ref d, (nuint)(dt * 3));
        Avx.Permute2x128(r0, r4, 0x31).StoreUnsafe(ref d, (nuint)(dt * 4));
        Avx.Permute2x128(r1, r5, 0x31).StoreUnsafe(ref d, (nuint)(dt * 5));
        Avx.Permute2x128(r2, r6, 0x31).StoreUnsafe(ref d, (nuint)(dt * 6));
        Avx.Permute2x128(r3, r7, 0x31).StoreUnsafe(ref d, (nuint)(dt * 7));
    }
}
