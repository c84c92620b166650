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
        private readonly OnnxRuntimeBinding _binding;
        private readonly int _bins;
        private readonly int _inputLength;
        private readonly int _inputIndex;
        private readonly int _outputIndex;

        public Source(OnnxRuntimeGtNetEstimator owner)
        {
            _owner = owner;
            GtNetModel m = owner.Model;
            _bins = m.BinCount;
            _session = new OnnxRuntimeSession(m.Onnx.Bytes.ToArray(), owner.Options);
            try
            {
                // Pinned buffers bound once: each frame is a copy in, RunWithBinding, a copy out — no allocation.
                _binding = _session.CreateBinding();
                _inputLength = _binding.BindInput(m.Metadata.InputName, [1, m.ContextFrames, _bins]).Length;
                _binding.BindOutput(m.Metadata.OutputName, [1, 2, _bins]);
                _inputIndex = _session.InputNames.ToList().IndexOf(m.Metadata.InputName);
                _outputIndex = _session.OutputNames.ToList().IndexOf(m.Metadata.OutputName);
            }
            catch
            {
                _session.Dispose();
                throw;
            }
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
            context.Frames.Slice(skip, _inputLength).CopyTo(_binding.Input(_inputIndex));
            _binding.Run();
            Span<float> output = _binding.Output(_outputIndex);
            output[.._bins].CopyTo(advanceDeviation);
            output.Slice(_bins, _bins).CopyTo(frequencyStep);
            frequencyStep[_bins - 1] = 0f;
        }

        public void Reset()
        {
        }

        public void Dispose() => _session.Dispose();
    }
}
