using System.Globalization;
using Phase.GradientTheorem;
using Phase.Neural.GtNet;
using Phase.Neural.OnnxRuntime;

namespace Phase.Neural.Backends;

/// <summary>
/// A gtnet <see cref="IPhaseGradientEstimator"/> whose sources run the ONNX graph with ONNX Runtime (CPU, CUDA or
/// TensorRT execution provider) instead of the managed inference. Same inputs, same outputs (the normalisation is part
/// of the graph), agreement with the managed path within float rounding.
/// </summary>
/// <remarks>Immutable and thread-safe; every source owns its own ONNX Runtime session and pre-bound buffers, so
/// <c>Estimate</c> allocates nothing after its first call.</remarks>
public sealed class OnnxRuntimeGtNetEstimator : IPhaseGradientEstimator
{
    /// <summary>Creates the estimator.</summary>
    /// <param name="model">The gtnet model (its ONNX bytes are handed to ONNX Runtime).</param>
    /// <param name="options">Execution provider and threading; null for the CPU provider.</param>
    /// <exception cref="ArgumentNullException"><paramref name="model"/> is null.</exception>
    public OnnxRuntimeGtNetEstimator(GtNetModel model, OnnxRuntimeOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        Model = model;
        Options = options ?? new OnnxRuntimeOptions();
        Name = model.Name + " (onnxruntime)";
    }

    /// <summary>The model.</summary>
    public GtNetModel Model { get; }

    /// <summary>The ONNX Runtime options.</summary>
    public OnnxRuntimeOptions Options { get; }

    /// <inheritdoc/>
    public string Name { get; }

    /// <inheritdoc/>
    public int LookaheadFrames => Model.LookaheadFrames;

    /// <inheritdoc/>
    public int HistoryFrames => Model.HistoryFrames;

    /// <inheritdoc/>
    /// <exception cref="ArgumentException">The settings differ from the model's.</exception>
    /// <exception cref="InvalidOperationException">ONNX Runtime or the requested provider is unavailable (see
    /// <see cref="OnnxRuntimeSession"/>).</exception>
    public IPhaseGradientSource CreateSource(StftSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        Model.ThrowIfIncompatible(settings, nameof(settings));
        return new Source(this);
    }

    private sealed class Source : IPhaseGradientSource
    {
        private readonly OnnxRuntimeGtNetEstimator _owner;
        private readonly OnnxRuntimeSession _session;
        private readonly float[] _input;
        private readonly float[] _output;
        private readonly long[] _inputShape;
        private readonly long[] _outputShape;
        private readonly int _bins;

        public Source(OnnxRuntimeGtNetEstimator owner)
        {
            _owner = owner;
            GtNetModel m = owner.Model;
            _bins = m.BinCount;
            _session = new OnnxRuntimeSession(m.Onnx.Bytes.ToArray(), owner.Options);
            _input = new float[m.ContextFrames * _bins];
            _output = new float[2 * _bins];
            _inputShape = [1, m.ContextFrames, _bins];
            _outputShape = [1, 2, _bins];
        }

        public string Name => _owner.Name;

        public int LookaheadFrames => _owner.LookaheadFrames;

        public int HistoryFrames => _owner.HistoryFrames;

        public void Estimate(PhaseGradientContext context, Span<float> advanceDeviation, Span<float> frequencyStep)
        {
            if (context.BinCount != _bins || context.HistoryFrames < HistoryFrames || context.LookaheadFrames != LookaheadFrames
                || advanceDeviation.Length != _bins || frequencyStep.Length != _bins)
            {
                throw new ArgumentException(string.Create(CultureInfo.InvariantCulture,
                    $"The gtnet source reads {HistoryFrames} earlier and {LookaheadFrames} later frames of {_bins} bins and writes {_bins} values per destination."), nameof(context));
            }

            int skip = (context.HistoryFrames - HistoryFrames) * _bins;
            context.Frames.Slice(skip, _input.Length).CopyTo(_input);
            _session.Run(_owner.Model.Metadata.InputName, _input, _inputShape, _owner.Model.Metadata.OutputName, _output, _outputShape);
            _output.AsSpan(0, _bins).CopyTo(advanceDeviation);
            _output.AsSpan(_bins, _bins).CopyTo(frequencyStep);
            frequencyStep[_bins - 1] = 0f;
        }

        public void Reset()
        {
        }

        public void Dispose() => _session.Dispose();
    }
}
