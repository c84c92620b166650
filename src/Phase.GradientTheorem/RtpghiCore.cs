using System.Numerics.Tensors;

namespace Phase.GradientTheorem;

/// <summary>RTPGHI's per-frame step (see <see cref="RtpghiStreamingReconstructor"/>).</summary>
internal sealed class RtpghiCore : ColumnStream
{
    private readonly ColumnIntegrator _integrator;
    private readonly float _tolerance;
    private readonly int _seed;
    private SplitMix64 _random;

    public RtpghiCore(StftSettings settings, IPhaseGradientSource source, double tolerance, int seed)
        : base(settings, source)
    {
        _integrator = new ColumnIntegrator(settings.BinCount, settings.FftSize % 2 == 0);
        _tolerance = (float)tolerance;
        _seed = seed;
        _random = new SplitMix64(seed);
    }

    protected internal override void IntegrateFrame(long frame, ReadOnlySpan<float> magnitudes, ReadOnlySpan<float> previousMagnitudes,
        ReadOnlySpan<float> previousPhase, ReadOnlySpan<float> advance, ReadOnlySpan<float> step, Span<float> phase)
    {
        float max = MathF.Max(TensorPrimitives.Max(magnitudes), TensorPrimitives.Max(previousMagnitudes));
        int small = _integrator.Integrate(previousPhase, previousMagnitudes, frame > 0, magnitudes, advance, step, _tolerance * max, phase);
        if (small > 0)
        {
            for (int k = 0; k < phase.Length; k++)
            {
                if (_integrator.IsSmall(k))
                {
                    phase[k] = _random.NextPhase();
                }
            }
        }
    }

    protected override void ResetState() => _random = new SplitMix64(_seed);
}
