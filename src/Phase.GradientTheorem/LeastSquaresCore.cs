using System.Numerics.Tensors;
using Phase.Solvers;

namespace Phase.GradientTheorem;

/// <summary>The per-frame step of least-squares integration (see <see cref="LeastSquaresIntegrationStreamingReconstructor"/>).</summary>
internal sealed class LeastSquaresCore : ColumnStream
{
    /// <summary>Normalised magnitudes are kept at or above 2⁻⁶⁰ so that products of two stay normal floats.</summary>
    private const float MagnitudeFloor = 8.6736174e-19f;

    private readonly ColumnIntegrator _integrator;
    private readonly PartitionedTridiagonalSolver<float> _solver;
    private readonly TridiagonalRegularization _regularization;
    private readonly float _tolerance;
    private readonly float _exponent;       // q = p/2, applied to products of two normalised magnitudes
    private readonly float _productFloor;   // 2^(−120/q): keeps product^q a normal float
    private readonly float _frequencyWeight;
    private readonly float[] _predicted;
    private readonly float[] _current;      // normalised magnitudes of frame n
    private readonly float[] _previous;     // normalised magnitudes of frame n − 1
    private readonly float[] _alpha;
    private readonly float[] _beta;
    private readonly float[] _timeResidual;
    private readonly float[] _frequencyResidual;
    private readonly float[] _diagonal;
    private readonly float[] _offDiagonal;
    private readonly float[] _rhs;
    private readonly float[] _correction;

    public LeastSquaresCore(StftSettings settings, IPhaseGradientSource source, double tolerance, double weightExponent, double frequencyWeight, double regularization)
        : base(settings, source)
    {
        int bins = settings.BinCount;
        _integrator = new ColumnIntegrator(bins, settings.FftSize % 2 == 0);
        _solver = new PartitionedTridiagonalSolver<float>(bins);
        _regularization = TridiagonalRegularization.Relative(regularization);
        _tolerance = (float)tolerance;
        _exponent = (float)(weightExponent / 2);
        _productFloor = _exponent > 0 ? MathF.Max(MagnitudeFloor * MagnitudeFloor, MathF.Pow(2f, -120f / _exponent)) : 1f;
        _frequencyWeight = (float)frequencyWeight;
        _predicted = new float[bins];
        _current = new float[bins];
        _previous = new float[bins];
        _alpha = new float[bins];
        _beta = new float[bins - 1];
        _timeResidual = new float[bins];
        _frequencyResidual = new float[bins - 1];
        _diagonal = new float[bins];
        _offDiagonal = new float[bins - 1];
        _rhs = new float[bins];
        _correction = new float[bins];
    }

    /// <summary>The solver status of the last frame (tests).</summary>
    internal TridiagonalStatus LastStatus { get; private set; }

    protected internal override void IntegrateFrame(long frame, ReadOnlySpan<float> magnitudes, ReadOnlySpan<float> previousMagnitudes,
        ReadOnlySpan<float> previousPhase, ReadOnlySpan<float> advance, ReadOnlySpan<float> step, Span<float> phase)
    {
        bool hasPrevious = frame > 0;
        float max = TensorPrimitives.Max(magnitudes);
        if (hasPrevious)
        {
            max = MathF.Max(max, TensorPrimitives.Max(previousMagnitudes));
        }

        // 1. Prediction: two-column heap integration (RTPGHI's phase), the time prediction below the tolerance.
        Span<float> p = _predicted;
        _integrator.Integrate(previousPhase, previousMagnitudes, hasPrevious, magnitudes, advance, step, _tolerance * max, p);
        if (!(max > 0))
        {
            p.CopyTo(phase);
            LastStatus = TridiagonalStatus.Success;
            return;
        }

        // 2. Weights α = (ŝ_{n−1}ŝ_n)^q, β = c·(ŝ_k ŝ_{k+1})^q on magnitudes normalised by the larger frame maximum.
        Span<float> sc = _current, alpha = _alpha, beta = _beta;
        float inverse = 1 / max;
        TensorPrimitives.Multiply(magnitudes, inverse, sc);
        TensorPrimitives.Max(sc, MagnitudeFloor, sc);
        TensorPrimitives.Multiply(sc[..^1], sc[1..], beta);
        Power(beta);
        if (_frequencyWeight != 1)
        {
            TensorPrimitives.Multiply(beta, _frequencyWeight, beta);
        }

        Span<float> rt = _timeResidual;
        if (hasPrevious)
        {
            Span<float> sp = _previous;
            TensorPrimitives.Multiply(previousMagnitudes, inverse, sp);
            TensorPrimitives.Max(sp, MagnitudeFloor, sp);
            TensorPrimitives.Multiply(sp, sc, alpha);
            Power(alpha);

            // 3a. Wrapped time residual: (φ_{n−1} + u) − p, zero wherever the prediction is the time prediction.
            TensorPrimitives.Add(previousPhase, advance, rt);
            TensorPrimitives.Subtract(rt, p, rt);
            PhaseMath.Wrap(rt, rt);
        }
        else
        {
            alpha.Clear();
            rt.Clear();
        }

        // 3b. Wrapped frequency residual: v_k − (p_{k+1} − p_k).
        Span<float> rf = _frequencyResidual;
        TensorPrimitives.Subtract(p[1..], p[..^1], rf);
        TensorPrimitives.Subtract(step[..^1], rf, rf);
        PhaseMath.Wrap(rf, rf);

        // 4. min Σα(δ − rt)² + Σβ(δ_{k+1} − δ_k − rf)² + σ‖δ‖²: tridiagonal, PSD, O(K).
        ChainLeastSquares.Assemble<float>(alpha, beta, rt, rf, _diagonal, _offDiagonal, _rhs);
        TridiagonalStatus status = _solver.TrySolveSymmetric(_diagonal, _offDiagonal, _rhs, _correction, _regularization);
        LastStatus = status;
        if (status == TridiagonalStatus.Success)
        {
            TensorPrimitives.Add(p, _correction, phase);
        }
        else
        {
            p.CopyTo(phase);
        }
    }

    protected override void ResetState()
    {
    }

    /// <summary><c>x ← max(x, floor)^q</c> in place (repeated products for integer q ≤ 4).</summary>
    private void Power(Span<float> x)
    {
        float q = _exponent;
        if (q == 0)
        {
            x.Fill(1f);
            return;
        }

        TensorPrimitives.Max(x, _productFloor, x);
        switch (q)
        {
            case 0.5f:
                TensorPrimitives.Sqrt(x, x);
                break;
            case 1f:
                break;
            case 2f:
                TensorPrimitives.Multiply(x, x, x);
                break;
            case 3f:
                Span<float> square = _correction.AsSpan(0, x.Length); // free until the solve writes it
                TensorPrimitives.Multiply(x, x, square);
                TensorPrimitives.Multiply(square, x, x);
                break;
            case 4f:
                TensorPrimitives.Multiply(x, x, x);
                TensorPrimitives.Multiply(x, x, x);
                break;
            default:
                TensorPrimitives.Pow(x, q, x);
                break;
        }
    }
}
