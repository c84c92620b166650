namespace Phase.Neural.GtNet;

/// <summary>The streaming gtnet reconstructor: least-squares integration fed by the network, under the name gtnet.</summary>
internal sealed class GtNetStreamingReconstructor(IStreamingPhaseReconstructor inner, string name) : IStreamingPhaseReconstructor
{
    public string Name { get; } = name;

    public StftSettings Settings => inner.Settings;

    public int LookaheadFrames => inner.LookaheadFrames;

    public int Latency => inner.Latency;

    public int OutputDelay => inner.OutputDelay;

    public int FlushLength => inner.FlushLength;

    public void ProcessFrame(ReadOnlySpan<float> magnitudes, Span<float> output) => inner.ProcessFrame(magnitudes, output);

    public int Flush(Span<float> output) => inner.Flush(output);

    public void Reset() => inner.Reset();

    public void Dispose() => inner.Dispose();
}
