using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Filters;

namespace Phase.Benchmarks.Fourier;

/// <summary>Drops the benchmarks whose name starts with "Fftw" when libfftw3f is not installed, and says so.</summary>
public sealed class FftwConfig : ManualConfig
{
    public FftwConfig()
    {
        if (!Fftw.IsAvailable)
        {
            Console.WriteLine("// libfftw3f (FFTW 3, single precision) not found: FFTW benchmarks skipped. Install libfftw3-dev to compare.");
            AddFilter(new SimpleFilter(b => !b.Descriptor.WorkloadMethod.Name.StartsWith("Fftw", StringComparison.Ordinal)));
        }
    }
}
