using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics.Arm;
using System.Runtime.Intrinsics.X86;

namespace Phase.Solvers.Kernels;

/// <summary>
/// <see cref="ISimdOps{TVector, T}"/> with one lane: the fallback when no vector width is hardware accelerated
/// (e.g. <c>DOTNET_EnableHWIntrinsic=0</c>), and the path for element types without vector support. Masks are one
/// (true) and zero (false).
/// </summary>
/// <typeparam name="T">Any IEEE 754 binary floating-point type.</typeparam>
internal readonly struct ScalarOps<T> : ISimdOps<T, T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    public static int Count => 1;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T Create(T value) => value;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T Load(ref T source, nuint index) => Unsafe.Add(ref source, index);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Store(T value, ref T destination, nuint index) => Unsafe.Add(ref destination, index) = value;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T Add(T a, T b) => a + b;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T Multiply(T a, T b) => a * b;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T Divide(T a, T b) => a / b;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T MultiplyAdd(T a, T b, T c) => Scalar.MultiplyAdd(a, b, c);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T NegatedMultiplyAdd(T a, T b, T c) => Scalar.MultiplyAdd(-a, b, c);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T Abs(T a) => T.Abs(a);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T Max(T a, T b) => a > b ? a : b;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T Min(T a, T b) => a < b ? a : b;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T GreaterThanOrEqual(T a, T b) => a >= b ? T.One : T.Zero;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T GreaterThan(T a, T b) => a > b ? T.One : T.Zero;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T EqualsMask(T a, T b) => a == b ? T.One : T.Zero;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T And(T a, T b) => a != T.Zero && b != T.Zero ? T.One : T.Zero;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T Select(T mask, T a, T b) => mask != T.Zero ? a : b;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool AllSet(T mask) => mask != T.Zero;

    public static void CopyTo(T value, Span<T> destination) => destination[0] = value;
}

/// <summary>Scalar arithmetic helpers shared by the scalar kernels.</summary>
internal static class Scalar
{
    /// <summary><c>a·b + c</c>: fused where the hardware has FMA; two roundings otherwise, because the software
    /// emulation of a fused multiply–add would be far slower than the solve itself.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T MultiplyAdd<T>(T a, T b, T c)
        where T : IFloatingPointIeee754<T>
    {
        if ((typeof(T) == typeof(float) || typeof(T) == typeof(double)) && (Fma.IsSupported || AdvSimd.IsSupported))
        {
            return T.FusedMultiplyAdd(a, b, c);
        }

        return (a * b) + c;
    }
}

/// <summary>Reads mask lanes produced by any <see cref="ISimdOps{TVector, T}"/>.</summary>
internal static class SimdLanes
{
    /// <summary>True when the lane is set: all bits set (vectors) or one (scalar). A NaN compares not equal to zero.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool IsSet<T>(T lane)
        where T : IFloatingPointIeee754<T> => lane != T.Zero;
}
