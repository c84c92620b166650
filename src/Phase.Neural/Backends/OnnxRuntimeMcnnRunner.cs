using Phase.Neural.Mcnn;
using Phase.Neural.OnnxRuntime;

namespace Phase.Neural.Backends;

/// <summary>Runs the MCNN graph on one chunk of frames with ONNX Runtime (the graph normalises by the maximum of its
/// input; <see cref="McnnReconstructor"/> appends a frame holding the whole input's level so that it is the same for
/// every chunk).</summary>
internal sealed class OnnxRuntimeMcnnRunner : IDisposable
{
    private readonly McnnModel _model;
    private readonly OnnxRuntimeSession _session;
    private readonly long[] _inputShape = new long[3];
    private readonly long[] _outputShape = new long[2];

    public OnnxRuntimeMcnnRunner(McnnModel model, OnnxRuntimeOptions? options)
    {
        _model = model;
        _session = new OnnxRuntimeSession(model.Onnx.Bytes.ToArray(), options ?? new OnnxRuntimeOptions());
    }

    public string ExecutionProvider => _session.ExecutionProvider;

    public void Run(ReadOnlySpan<float> magnitudes, int frames, Span<float> destination)
    {
        _inputShape[0] = 1;
        _inputShape[1] = frames;
        _inputShape[2] = _model.BinCount;
        _outputShape[0] = 1;
        _outputShape[1] = (long)frames * _model.Hop;
        _session.Run(_model.Metadata.InputName, magnitudes, _inputShape, _model.Metadata.OutputName, destination, _outputShape);
    }

    public void Dispose() => _session.Dispose();
}
