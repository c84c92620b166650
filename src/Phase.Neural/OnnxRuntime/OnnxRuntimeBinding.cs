using Ort = Microsoft.ML.OnnxRuntime;

namespace Phase.Neural.OnnxRuntime;

/// <summary>
/// Pinned float buffers bound to a session's inputs and outputs (<see cref="Ort.OrtIoBinding"/> over
/// <see cref="Ort.OrtValue"/>s on pinned arrays): fill <see cref="Input(int)"/>, call <see cref="Run"/>, read
/// <see cref="Output(int)"/>. Created by <see cref="OnnxRuntimeSession.CreateBinding"/>.
/// </summary>
/// <remarks>
/// <para><b>Allocation.</b> <see cref="BindInput(string, ReadOnlySpan{long})"/> and
/// <see cref="BindOutput(string, ReadOnlySpan{long})"/> allocate a pinned buffer (reused when a later shape fits in it)
/// and an <see cref="Ort.OrtValue"/> over it; binding the same shape again does nothing. <see cref="Run"/>
/// (<see cref="Ort.InferenceSession.RunWithBinding"/>) and the span accessors allocate nothing, so a loop that keeps its
/// shapes is allocation-free after the first call.</para>
/// <para><b>Thread-safety.</b> One thread at a time per binding (a concurrent <see cref="Run"/> is detected and refused
/// with <see cref="InvalidOperationException"/>); different bindings of one session may run concurrently. Disposed by
/// <see cref="Dispose"/> or with its session.</para>
/// </remarks>
public sealed class OnnxRuntimeBinding : IDisposable
{
    private readonly OnnxRuntimeSession _owner;
    private readonly Ort.InferenceSession _session;
    private readonly Ort.OrtIoBinding _binding;
    private readonly Ort.RunOptions _runOptions;
    private readonly Slot?[] _inputs;
    private readonly Slot?[] _outputs;
    private int _busy;
    private int _disposed;

    internal OnnxRuntimeBinding(OnnxRuntimeSession owner, Ort.InferenceSession session)
    {
        _owner = owner;
        _session = session;
        _inputs = new Slot?[owner.InputNames.Count];
        _outputs = new Slot?[owner.OutputNames.Count];
        _binding = session.CreateIoBinding();
        _runOptions = new Ort.RunOptions { LogSeverityLevel = Ort.OrtLoggingLevel.ORT_LOGGING_LEVEL_FATAL };
    }

    /// <summary>The session this binding runs.</summary>
    public OnnxRuntimeSession Session => _owner;

    /// <summary>Binds input <paramref name="name"/> to a pinned buffer of <paramref name="shape"/> (reusing the current
    /// buffer when the shape is the same, or smaller than its capacity).</summary>
    /// <param name="name">One of <see cref="OnnxRuntimeSession.InputNames"/>.</param>
    /// <param name="shape">The dimensions; the model's fixed dimensions must match.</param>
    /// <returns>The input buffer, <c>∏ shape</c> elements, row-major; its contents are kept across re-binding only
    /// when the shape is unchanged.</returns>
    /// <exception cref="ArgumentException">Unknown name, or a shape that contradicts the model's (the message says
    /// how).</exception>
    /// <exception cref="ObjectDisposedException">The binding or its session was disposed.</exception>
    public Span<float> BindInput(string name, ReadOnlySpan<long> shape) => BindInput(_owner.InputIndex(name, nameof(name)), shape);

    /// <summary>Binds output <paramref name="name"/> to a pinned buffer of <paramref name="shape"/> (the shape the
    /// model will produce; ONNX Runtime checks it at <see cref="Run"/>).</summary>
    /// <param name="name">One of <see cref="OnnxRuntimeSession.OutputNames"/>.</param>
    /// <param name="shape">The dimensions; the model's fixed dimensions must match.</param>
    /// <returns>The output buffer, <c>∏ shape</c> elements.</returns>
    /// <exception cref="ArgumentException">Unknown name, or a shape that contradicts the model's.</exception>
    /// <exception cref="ObjectDisposedException">The binding or its session was disposed.</exception>
    public Span<float> BindOutput(string name, ReadOnlySpan<long> shape) => BindOutput(_owner.OutputIndex(name, nameof(name)), shape);

    /// <summary>Binds input number <paramref name="index"/> (see <see cref="BindInput(string, ReadOnlySpan{long})"/>).</summary>
    /// <param name="index">Index into <see cref="OnnxRuntimeSession.InputNames"/>.</param>
    /// <param name="shape">The dimensions.</param>
    /// <returns>The input buffer.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="index"/> is out of range.</exception>
    /// <exception cref="ArgumentException">The shape contradicts the model's.</exception>
    /// <exception cref="ObjectDisposedException">The binding or its session was disposed.</exception>
    public Span<float> BindInput(int index, ReadOnlySpan<long> shape) => Bind(_inputs, _owner.Inputs, index, shape, output: false);

    /// <summary>Binds output number <paramref name="index"/> (see <see cref="BindOutput(string, ReadOnlySpan{long})"/>).</summary>
    /// <param name="index">Index into <see cref="OnnxRuntimeSession.OutputNames"/>.</param>
    /// <param name="shape">The dimensions.</param>
    /// <returns>The output buffer.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="index"/> is out of range.</exception>
    /// <exception cref="ArgumentException">The shape contradicts the model's.</exception>
    /// <exception cref="ObjectDisposedException">The binding or its session was disposed.</exception>
    public Span<float> BindOutput(int index, ReadOnlySpan<long> shape) => Bind(_outputs, _owner.Outputs, index, shape, output: true);

    /// <summary>The buffer bound to input <paramref name="index"/>, <c>∏ shape</c> elements. Allocation-free.</summary>
    /// <param name="index">Index into <see cref="OnnxRuntimeSession.InputNames"/>.</param>
    /// <returns>The buffer.</returns>
    /// <exception cref="InvalidOperationException">The input is not bound.</exception>
    public Span<float> Input(int index) => Get(_inputs, index, "input");

    /// <summary>The buffer bound to output <paramref name="index"/>, <c>∏ shape</c> elements. Allocation-free.</summary>
    /// <param name="index">Index into <see cref="OnnxRuntimeSession.OutputNames"/>.</param>
    /// <returns>The buffer (valid after <see cref="Run"/>).</returns>
    /// <exception cref="InvalidOperationException">The output is not bound.</exception>
    public Span<float> Output(int index) => Get(_outputs, index, "output");

    /// <summary>Runs the model on the bound inputs into the bound outputs (<see cref="Ort.InferenceSession.RunWithBinding"/>).
    /// Allocation-free.</summary>
    /// <exception cref="ObjectDisposedException">The binding or its session was disposed.</exception>
    /// <exception cref="InvalidOperationException">Another thread is running this binding.</exception>
    /// <exception cref="OnnxRuntimeException">ONNX Runtime failed (an input left unbound, an output shape the model does
    /// not produce, …); the message carries ONNX Runtime's reason.</exception>
    public void Run()
    {
        ThrowIfDisposed();
        if (Interlocked.Exchange(ref _busy, 1) != 0)
        {
            OnnxRuntimeSession.ThrowConcurrent();
        }

        try
        {
            _session.RunWithBinding(_runOptions, _binding);
        }
        catch (Microsoft.ML.OnnxRuntime.OnnxRuntimeException e)
        {
            throw OnnxRuntimeErrors.Translate(e, "Running the model failed");
        }
        finally
        {
            Volatile.Write(ref _busy, 0);
        }
    }

    /// <summary>Releases the binding, its tensors and buffers. Idempotent.</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        _binding.Dispose();
        foreach (Slot? slot in _inputs.Concat(_outputs))
        {
            slot?.Value.Dispose();
        }

        _runOptions.Dispose();
        _owner.Forget(this);
    }

    private Span<float> Bind(Slot?[] slots, IReadOnlyList<OnnxTensorInfo> infos, int index, ReadOnlySpan<long> shape, bool output)
    {
        ThrowIfDisposed();
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, slots.Length);
        Slot? slot = slots[index];
        if (slot is not null && shape.SequenceEqual(slot.Shape))
        {
            return slot.Buffer.AsSpan(0, slot.Count);
        }

        int count = (int)OnnxRuntimeSession.ValidateShape(infos[index], shape, nameof(shape), output ? "output" : "input");
        float[] buffer = slot is not null && slot.Buffer.Length >= count
            ? slot.Buffer
            : GC.AllocateArray<float>(Math.Max(count, 1), pinned: true);
        long[] dims = shape.ToArray();
        Ort.OrtValue value = Ort.OrtValue.CreateTensorValueFromMemory(Ort.OrtMemoryInfo.DefaultInstance, buffer.AsMemory(0, count), dims);
        try
        {
            if (output)
            {
                _binding.BindOutput(infos[index].Name, value);
            }
            else
            {
                _binding.BindInput(infos[index].Name, value);
            }
        }
        catch (Microsoft.ML.OnnxRuntime.OnnxRuntimeException e)
        {
            value.Dispose();
            throw OnnxRuntimeErrors.Translate(e, $"Binding the {(output ? "output" : "input")} '{infos[index].Name}'");
        }

        slot?.Value.Dispose();
        slots[index] = new Slot(buffer, dims, count, value);
        return buffer.AsSpan(0, count);
    }

    private Span<float> Get(Slot?[] slots, int index, string kind)
    {
        Slot? slot = (uint)index < (uint)slots.Length ? slots[index] : throw new ArgumentOutOfRangeException(nameof(index));
        return slot is null
            ? throw new InvalidOperationException($"The {kind} {index} is not bound; call Bind{(kind == "input" ? "Input" : "Output")} first.")
            : slot.Buffer.AsSpan(0, slot.Count);
    }

    private void ThrowIfDisposed()
    {
        ObjectDisposedException.ThrowIf(_disposed != 0, this);
        ObjectDisposedException.ThrowIf(_owner.IsDisposed, _owner);
    }

    /// <summary>One bound tensor: the pinned buffer (capacity ≥ count), its shape and the value over it.</summary>
    private sealed record Slot(float[] Buffer, long[] Shape, int Count, Ort.OrtValue Value);
}
