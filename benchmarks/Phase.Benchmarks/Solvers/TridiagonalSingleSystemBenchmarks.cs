using BenchmarkDotNet.Attributes;
using MathNet.Numerics.LinearAlgebra;
using MathNet.Numerics.LinearAlgebra.Double;
using Phase.Solvers;

namespace Phase.Benchmarks.Solvers;

/// <summary>
/// One least-squares system of K unknowns (one STFT frame): scalar Thomas (LDLᵀ), the partitioned SIMD solver (cyclic
/// reduction into 16 lanes), and MathNet's dense LU solve of the same system in double (factorisation of a prebuilt
/// dense matrix plus the triangular solves) — the O(K³) approach the gradient-theorem paper replaces. The
/// "SilentRuns" pair solves a regularised frame with silent runs, where the partitioned solver needs its refinement step.
/// </summary>
[NanosecondsPerUnknownColumn]
public class TridiagonalSingleSystemBenchmarks
{
    private static readonly TridiagonalRegularization Regularization = TridiagonalRegularization.Relative(1e-4);
    private float[] _d = [], _e = [], _b = [], _x = [], _scratch = [];
    private float[] _frameD = [], _frameE = [], _frameB = [];
    private PartitionedTridiagonalSolver<float> _partitioned = null!;
    private Matrix<double> _dense = null!;
    private Vector<double> _denseRhs = null!;

    [Params(257, 513, 1025)]
    public int Size { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        (_d, _e, _b) = SolverBenchData.LeastSquares(Size, seed: 42);
        _x = new float[Size];
        _scratch = new float[Size];
        _partitioned = new PartitionedTridiagonalSolver<float>(Size, 16);
        _dense = DenseMatrix.Create(Size, Size, 0);
        for (int k = 0; k < Size; k++)
        {
            _dense[k, k] = _d[k];
            if (k < Size - 1)
            {
                _dense[k, k + 1] = _dense[k + 1, k] = _e[k];
            }
        }

        _denseRhs = DenseVector.OfEnumerable(_b.Select(v => (double)v));
        (_frameD, _frameE, _frameB) = SolverBenchData.SilentRunFrame(Size, seed: 7);
    }

    [Benchmark(Baseline = true)]
    public void Scalar() => TridiagonalSolver.SolveSymmetric<float>(_d, _e, _b, _scratch, _x);

    [Benchmark]
    public void Partitioned() => _partitioned.SolveSymmetric(_d, _e, _b, _x);

    [Benchmark]
    public Vector<double> MathNetDenseLu() => _dense.LU().Solve(_denseRhs);

    /// <summary>A regularised (ε = 10⁻⁴) frame with silent runs, scalar.</summary>
    [Benchmark]
    public void ScalarSilentRuns() => TridiagonalSolver.SolveSymmetric<float>(_frameD, _frameE, _frameB, _scratch, _x, Regularization);

    /// <summary>The same frame, partitioned: its certificate rejects the first answer, so this includes the refinement.</summary>
    [Benchmark]
    public void PartitionedSilentRuns() => _partitioned.SolveSymmetric(_frameD, _frameE, _frameB, _x, Regularization);
}
