using System.Runtime.CompilerServices;

namespace Phase.Fourier;

/// <summary>How a Stockham stage reads its input: the kernels are generic over this so the first stage of a real FFT
/// can read interleaved sample pairs directly, without a separate deinterleave pass.</summary>
internal interface IStageInput
{
    /// <summary>Loads the complex values at float offset <paramref name="offset"/> of the input.</summary>
    static abstract void Load<T>(ref float xr, ref float xi, nint offset, out T re, out T im)
        where T : struct, IFloatVector<T>;
}

/// <summary>How a Stockham stage writes its output: the last stage of an inverse real FFT writes interleaved samples
/// directly, without a separate interleave pass.</summary>
internal interface IStageOutput
{
    /// <summary>Stores the complex values for float offset <paramref name="offset"/> of the output.</summary>
    static abstract void Store<T>(ref float yr, ref float yi, nint offset, T re, T im)
        where T : struct, IFloatVector<T>;
}

/// <summary>Split planes: real part at <c>xr[o]</c>, imaginary part at <c>xi[o]</c>.</summary>
internal readonly struct PlanarInput : IStageInput
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Load<T>(ref float xr, ref float xi, nint offset, out T re, out T im)
        where T : struct, IFloatVector<T>
    {
        re = T.Load(ref Unsafe.Add(ref xr, offset));
        im = T.Load(ref Unsafe.Add(ref xi, offset));
    }
}

/// <summary>Interleaved pairs <c>x[2o], x[2o+1]</c> as real and imaginary parts (<c>xi</c> is not read): the real
/// FFT's <c>z[m] = x[2m] + i·x[2m+1]</c>.</summary>
internal readonly struct InterleavedInput : IStageInput
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Load<T>(ref float xr, ref float xi, nint offset, out T re, out T im)
        where T : struct, IFloatVector<T> =>
        T.LoadDeinterleaved(ref Unsafe.Add(ref xr, 2 * offset), out re, out im);
}

/// <summary>Split planes.</summary>
internal readonly struct PlanarOutput : IStageOutput
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Store<T>(ref float yr, ref float yi, nint offset, T re, T im)
        where T : struct, IFloatVector<T>
    {
        T.Store(re, ref Unsafe.Add(ref yr, offset));
        T.Store(im, ref Unsafe.Add(ref yi, offset));
    }
}

/// <summary>Interleaved pairs with real and imaginary parts exchanged, <c>y[2o] = im</c>, <c>y[2o+1] = re</c>
/// (<c>yi</c> is not written): the output of an inverse DFT computed as <c>swap(DFT(swap(Z)))</c>.</summary>
internal readonly struct SwappedInterleavedOutput : IStageOutput
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Store<T>(ref float yr, ref float yi, nint offset, T re, T im)
        where T : struct, IFloatVector<T> =>
        T.StoreInterleaved(im, re, ref Unsafe.Add(ref yr, 2 * offset));
}

/// <summary>Split planes with real and imaginary parts exchanged, <c>yr[o] = im</c>, <c>yi[o] = re</c>: the inverse DFT
/// by the plane swap, written to two separate real outputs.</summary>
internal readonly struct SwappedPlanarOutput : IStageOutput
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Store<T>(ref float yr, ref float yi, nint offset, T re, T im)
        where T : struct, IFloatVector<T>
    {
        T.Store(im, ref Unsafe.Add(ref yr, offset));
        T.Store(re, ref Unsafe.Add(ref yi, offset));
    }
}
