using System.Runtime.InteropServices;

namespace Phase.Benchmarks.Fourier;

/// <summary>
/// FFTW 3 single precision (libfftw3f), called through function pointers resolved at run time, for speed comparisons
/// only: Phase itself never uses FFTW. When the library is missing (<see cref="IsAvailable"/> is false) the FFTW
/// benchmarks are filtered out by <see cref="FftwConfig"/> instead of failing. On Debian/Ubuntu: <c>apt-get install
/// libfftw3-dev</c> (the benchmark loads <c>libfftw3f.so.3</c>). Setting <c>PHASE_BENCHMARKS_NO_FFTW=1</c> makes it
/// behave as if the library were missing.
/// </summary>
internal static unsafe class Fftw
{
    /// <summary>FFTW_MEASURE: time several algorithms when planning and keep the fastest.</summary>
    public const uint Measure = 0;

    /// <summary>FFTW_DESTROY_INPUT: the transform may overwrite its input (the default, and fastest, for c2r).</summary>
    public const uint DestroyInput = 1;

    private static readonly nint Library = Load();
    private static readonly delegate* unmanaged<nuint, void*> MallocFn = (delegate* unmanaged<nuint, void*>)Export("fftwf_malloc");
    private static readonly delegate* unmanaged<void*, void> FreeFn = (delegate* unmanaged<void*, void>)Export("fftwf_free");
    private static readonly delegate* unmanaged<nint, void> ExecuteFn = (delegate* unmanaged<nint, void>)Export("fftwf_execute");
    private static readonly delegate* unmanaged<nint, void> DestroyPlanFn = (delegate* unmanaged<nint, void>)Export("fftwf_destroy_plan");
    private static readonly delegate* unmanaged<int, float*, float*, uint, nint> PlanR2CFn =
        (delegate* unmanaged<int, float*, float*, uint, nint>)Export("fftwf_plan_dft_r2c_1d");
    private static readonly delegate* unmanaged<int, float*, float*, uint, nint> PlanC2RFn =
        (delegate* unmanaged<int, float*, float*, uint, nint>)Export("fftwf_plan_dft_c2r_1d");
    private static readonly delegate* unmanaged<int, int*, int, float*, int*, int, int, float*, int*, int, int, uint, nint> PlanManyR2CFn =
        (delegate* unmanaged<int, int*, int, float*, int*, int, int, float*, int*, int, int, uint, nint>)Export("fftwf_plan_many_dft_r2c");

    /// <summary>Whether libfftw3f could be loaded.</summary>
    public static bool IsAvailable => Library != 0;

    /// <summary>SIMD-aligned memory for <paramref name="count"/> floats (fftwf_malloc).</summary>
    public static float* Malloc(int count) => (float*)MallocFn((nuint)count * sizeof(float));

    public static void Free(float* p)
    {
        if (p != null)
        {
            FreeFn(p);
        }
    }

    /// <summary>Real-to-complex plan of size n: <paramref name="output"/> holds n/2+1 interleaved complex values.</summary>
    public static nint PlanR2C(int n, float* input, float* output, uint flags) => PlanR2CFn(n, input, output, flags);

    /// <summary>Complex-to-real plan of size n (unnormalised inverse).</summary>
    public static nint PlanC2R(int n, float* input, float* output, uint flags) => PlanC2RFn(n, input, output, flags);

    /// <summary><paramref name="howMany"/> real-to-complex transforms of size n, frames n floats apart, spectra n/2+1
    /// complex values apart (the "advanced" interface FFTW offers for batches).</summary>
    public static nint PlanManyR2C(int n, int howMany, float* input, float* output, uint flags)
    {
        int bins = (n / 2) + 1;
        return PlanManyR2CFn(1, &n, howMany, input, null, 1, n, output, null, 1, bins, flags);
    }

    public static void Execute(nint plan) => ExecuteFn(plan);

    public static void DestroyPlan(nint plan)
    {
        if (plan != 0)
        {
            DestroyPlanFn(plan);
        }
    }

    private static nint Load()
    {
        // PHASE_BENCHMARKS_NO_FFTW=1 behaves as if the library were missing (to check the skip path).
        if (Environment.GetEnvironmentVariable("PHASE_BENCHMARKS_NO_FFTW") == "1")
        {
            return 0;
        }

        foreach (string name in new[] { "libfftw3f.so.3", "libfftw3f.so", "libfftw3f.3.dylib", "libfftw3f-3.dll" })
        {
            if (NativeLibrary.TryLoad(name, out nint handle))
            {
                return handle;
            }
        }

        return 0;
    }

    private static void* Export(string name) =>
        Library != 0 && NativeLibrary.TryGetExport(Library, name, out nint address) ? (void*)address : null;
}
