using BenchmarkDotNet.Attributes;
using Phase.Solvers;
using Phase.Solvers.Kernels;

namespace Phase.Benchmarks.Solvers;

/// <summary>
/// Many least-squares systems of K unknowns (channels, utterances, batched frames): the batched SIMD solver on the
/// interleaved layout against the scalar solver called once per system. "ns/unknown" is the time per unknown per
/// system. Packing into the interleaved layout is not timed (producers can write that layout directly).
/// <c>FourChainKernels</c> is the batched solve without the twisted path for small batches (the kernels every batch used
/// before it), so that the two are compared in one run; for 64 and 512 systems both run the same kernels.
/// </summary>
[NanosecondsPerUnknownColumn]
public class TridiagonalBatchedBenchmarks
{
    private InterleavedLayout<float> _layout;
    private float[] _d = [], _e = [], _b = [], _x = [], _scratch = [];
    private float[][] _systemsD = [], _systemsE = [], _systemsB = [];
    private float[] _xs = [], _scalarScratch = [];

    [Params(257, 513, 1025)]
    public int Size { get; set; }

    [Params(8, 64, 512)]
    public int Systems { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _layout = new InterleavedLayout<float>(Size, Systems);
        _d = new float[_layout.Length];
        _e = new float[_layout.Length];
        _b = new float[_layout.Length];
        _x = new float[_layout.Length];
        _scratch = new float[_layout.Length];
        _systemsD = new float[Systems][];
        _systemsE = new float[Systems][];
        _systemsB = new float[Systems][];
        for (int s = 0; s < Systems; s++)
        {
            (_systemsD[s], _systemsE[s], _systemsB[s]) = SolverBenchData.LeastSquares(Size, seed: 1000 + s);
            _layout.PackSystem(s, _systemsD[s], _d);
            _layout.PackSystem(s, _systemsE[s], _e);
            _layout.PackSystem(s, _systemsB[s], _b);
        }

        _layout.FillTail(_d, 1f);
        _xs = new float[Size];
        _scalarScratch = new float[Size];
    }

    [Benchmark(Baseline = true)]
    public void ScalarLoop()
    {
        for (int s = 0; s < Systems; s++)
        {
            TridiagonalSolver.SolveSymmetric<float>(_systemsD[s], _systemsE[s], _systemsB[s], _scalarScratch, _xs);
        }
    }

    [Benchmark]
    public void Batched() => BatchedTridiagonalSolver.SolveSymmetric(_layout, _d, _e, _b, _scratch, _x);

    [Benchmark]
    public int FourChainKernels() => InterleavedDriver.Run(
        symmetric: true, ref _e[0], ref _d[0], ref _e[0], ref _b[0], ref _scratch[0], ref _x[0], _layout.GroupCount, Size,
        _layout.GroupWidth, Systems, 0f, float.PositiveInfinity, [], twisted: false);
}
