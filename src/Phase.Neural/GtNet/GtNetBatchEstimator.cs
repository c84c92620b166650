using System.Globalization;
using Phase.GradientTheorem;
using Phase.Neural.OnnxRuntime;

namespace Phase.Neural.GtNet;

/// <summary>
/// The gtnet network for many streams at once: one call computes the phase derivatives of one frame of each of
/// <c>N</c> streams (a server inverting many concurrent streams collects the contexts of their newest frames, calls
/// <see cref="Estimate"/> once, and hands each stream its two rows). Managed backend: one pass per stream through the
/// same network, without the per-stream call machinery; ONNX Runtime backend: one run over a <c>[N, C, K]</c> tensor
/// (the models have a batch dimension), so ONNX Runtime's fixed per-call cost is paid once for all <c>N</c>.
/// </summary>
/// <remarks>
/// <para><b>Input.</b> For stream <c>i</c>, the magnitudes of its frames <c>n − P … n + L</c>
/// (<see cref="GtNetModel.ContextFrames"/> frames of <see cref="GtNetModel.BinCount"/> bins, oldest first, frames
/// before the start or after the end of the stream all zero), at <c>contexts[i·C·K …]</c>. <b>Output.</b> At
/// <c>derivatives[i·2K …]</c>: the advance deviation <c>d[k]</c> (rad per hop), then the frequency step <c>v[k]</c>
/// (rad per bin; <c>v[K−1] = 0</c>) — the two quantities of <see cref="IPhaseGradientSource.Estimate"/>, equal to
/// what a per-stream source computes for the same frames. The network is scale invariant per stream: each stream is
/// normalised by its own maximum.</para>
/// <para><b>Cost and allocation.</b> Allocation-free after the first call with a given <c>N</c> (ONNX Runtime re-binds
/// its pinned buffers when <c>N</c> changes; keep <c>N</c> fixed, padding with silent streams, to stay allocation-free).
/// Per-stream cost at <c>N</c> = 1, 8, 64: docs/neural.md ("Many streams, one run").</para>
/// <para>Not thread-safe (it reuses its buffers): one instance per thread. Dispose it to release the ONNX Runtime
/// session.</para>
/// </remarks>
public sealed class GtNetBatchEstimator : IDisposable
{
    private readonly GtNetModel _model;
    private readonly GtNetGradientSource? _managed;
    private readonly OnnxRuntimeSession? _session;
    private readonly OnnxRuntimeBinding? _binding;
    private readonly long[] _inputShape = new long[3];
    private readonly long[] _outputShape = new long[3];
    private int _boundCount;

    /// <summary>Creates the batched estimator.</summary>
    /// <param name="model">The gtnet network (<see cref="GtNetModel.Causal"/>, <see cref="GtNetModel.Lookahead"/> or a
    /// loaded one).</param>
    /// <param name="maxStreams">The largest <c>N</c> one call may take, 1 … 65536.</param>
    /// <param name="backend">Managed (default) or ONNX Runtime.</param>
    /// <param name="options">ONNX Runtime options (provider, fallback, the application's SessionOptions); null for
    /// the CPU provider with one thread. Ignored by the managed backend.</param>
    /// <exception cref="ArgumentNullException"><paramref name="model"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="maxStreams"/> is out of range.</exception>
    /// <exception cref="OnnxRuntimeNotFoundException">ONNX Runtime backend without a native ONNX Runtime package.</exception>
    /// <exception cref="OnnxRuntimeProviderUnavailableException">The requested provider cannot be used (see
    /// <see cref="OnnxRuntimeSession"/>).</exception>
    public GtNetBatchEstimator(GtNetModel model, int maxStreams, NeuralBackend backend = NeuralBackend.Managed, OnnxRuntimeOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxStreams, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(maxStreams, 65536);
        if (!Enum.IsDefined(backend))
        {
            throw new ArgumentOutOfRangeException(nameof(backend), backend, "The backend must be Managed or OnnxRuntime.");
        }

        _model = model;
        MaxStreams = maxStreams;
        Backend = backend;
        if (backend == NeuralBackend.Managed)
        {
            _managed = new GtNetGradientSource(model);
        }
        else
        {
            _session = new OnnxRuntimeSession(model.Onnx.Bytes.ToArray(), options);
            try
            {
                _binding = _session.CreateBinding();
                Bind(maxStreams);
            }
            catch
            {
                _session.Dispose();
                throw;
            }
        }
    }

    /// <summary>The largest number of streams per call.</summary>
    public int MaxStreams { get; }

    /// <summary>Which engine runs the network.</summary>
    public NeuralBackend Backend { get; }

    /// <summary>The network.</summary>
    public GtNetModel Model => _model;

    /// <summary>Values of one stream's context, <c>C·K</c>.</summary>
    public int ContextLength => _model.ContextFrames * _model.BinCount;

    /// <summary>Values of one stream's output, <c>2K</c> (<c>d</c> then <c>v</c>).</summary>
    public int OutputLength => 2 * _model.BinCount;

    /// <summary>Computes the derivatives of <paramref name="streams"/> streams in one call (see the class remarks for the
    /// layouts).</summary>
    /// <param name="contexts">The streams' contexts, <c>streams·C·K</c> finite, non-negative magnitudes.</param>
    /// <param name="streams">Number of streams <c>N</c>, 1 … <see cref="MaxStreams"/>.</param>
    /// <param name="derivatives">Receives <c>streams·2K</c> values.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="streams"/> is out of range.</exception>
    /// <exception cref="ArgumentException">A span has the wrong length.</exception>
    /// <exception cref="ObjectDisposedException">Disposed.</exception>
    /// <exception cref="OnnxRuntimeException">ONNX Runtime failed.</exception>
    public void Estimate(ReadOnlySpan<float> contexts, int streams, Span<float> derivatives)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(streams, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(streams, MaxStreams);
        int c = ContextLength, o = OutputLength, k = _model.BinCount;
        if (contexts.Length != (long)streams * c)
        {
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture,
                $"{streams} streams of {_model.ContextFrames} frames × {k} bins need {(long)streams * c} magnitudes; got {contexts.Length}."), nameof(contexts));
        }

        if (derivatives.Length != (long)streams * o)
        {
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture,
                $"{streams} streams give {(long)streams * o} values (2 × {k} each); the destination holds {derivatives.Length}."), nameof(derivatives));
        }

        if (_managed is not null)
        {
            int p = _model.HistoryFrames, l = _model.LookaheadFrames;
            for (int i = 0; i < streams; i++)
            {
                // Stateless per stream: the log cache is cleared so that no frame of another stream is reused.
                _managed.Reset();
                var context = new PhaseGradientContext(contexts.Slice(i * c, c), k, p, l, p, p, l);
                Span<float> row = derivatives.Slice(i * o, o);
                _managed.Estimate(context, row[..k], row[k..]);
            }

            return;
        }

        ObjectDisposedException.ThrowIf(_binding is null || _session!.IsDisposed, this);
        if (streams != _boundCount)
        {
            Bind(streams);
        }

        contexts.CopyTo(_binding.Input(0));
        _binding.Run();
        ReadOnlySpan<float> result = _binding.Output(0);
        result.CopyTo(derivatives);
        for (int i = 0; i < streams; i++)
        {
            derivatives[(i * o) + o - 1] = 0f; // v[K−1] is unused (no bin above the last)
        }
    }

    /// <summary>Releases the ONNX Runtime session (nothing for the managed backend). Idempotent.</summary>
    public void Dispose() => _session?.Dispose();

    private void Bind(int streams)
    {
        _inputShape[0] = streams;
        _inputShape[1] = _model.ContextFrames;
        _inputShape[2] = _model.BinCount;
        _outputShape[0] = streams;
        _outputShape[1] = 2;
        _outputShape[2] = _model.BinCount;
        _binding!.BindInput(_model.Metadata.InputName, _inputShape);
        _binding.BindOutput(_model.Metadata.OutputName, _outputShape);
        _boundCount = streams;
    }
}
