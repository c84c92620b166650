// docs/getting-started.md, "Streaming": the real-time loop. Audio arrives one hop at a time; each hop becomes one
// magnitude frame (StreamingStftAnalyzer) and each frame one hop of reconstructed audio (IStreamingPhaseReconstructor).
// Nothing in the loop allocates. In a vocoder the frames come from a model instead of the analyser.
//   dotnet run --project docs/samples/StreamingLoop -- rtisila
using System.Globalization;
using Phase;
using Phase.Metrics;
using Phase.Stft;

string methodName = args.Length > 0 ? args[0] : "rtisila";
var settings = new StftSettings(windowLength: 1024, hop: 256, sampleRate: 22050);
int hop = settings.Hop;

var analyzer = new StreamingStftAnalyzer(settings);
using IStreamingPhaseReconstructor reconstructor = PhaseReconstructors.CreateStreaming(methodName, settings);

// Buffers are allocated once, before the loop.
var input = new float[hop];
var frame = new float[settings.BinCount];
var output = new float[hop];
int hops = 2 * settings.SampleRate / hop;
var source = new float[hops * hop];
// At the end of the stream the analyser needs 1 − FirstFrameIndex zero hops to emit the frames centred on the last
// samples; then Flush writes the reconstructor's look-ahead and overlap tail.
int endHops = 1 - analyzer.FirstFrameIndex;
var stream = new float[(hops + endHops) * hop + reconstructor.FlushLength];
for (int i = 0; i < source.Length; i++)
{
    source[i] = (float)(0.5 * Math.Sin(2 * Math.PI * 440 * i / settings.SampleRate) * (1 + Math.Sin(2 * Math.PI * 3 * i / settings.SampleRate)) / 2);
}

int written = 0;
for (int j = 0; j < hops + endHops; j++)
{
    if (j < hops)
    {
        source.AsSpan(j * hop, hop).CopyTo(input); // e.g. from the sound card
    }
    else
    {
        input.AsSpan().Clear();                    // end of stream
    }

    analyzer.ProcessMagnitude(input, frame);       // one magnitude frame
    if (analyzer.NextFrameIndex <= 0)
    {
        continue;                                  // lead-in frames centred before the stream started
    }

    reconstructor.ProcessFrame(frame, output);     // one hop of audio, `Latency` samples behind
    output.CopyTo(stream.AsSpan(written));         // e.g. to the sound card
    written += hop;
}

written += reconstructor.Flush(stream.AsSpan(written));

// Output-stream sample i is timeline sample i − OutputDelay; compare the part both cover.
int delay = reconstructor.OutputDelay;
int length = Math.Min(source.Length, written - delay);
using var offline = new StftPlan(settings);
double sc = QualityMetrics.SpectralConvergenceDb(
    offline.ForwardMagnitude(stream.AsSpan(delay, length)), offline.ForwardMagnitude(source.AsSpan(0, length)));
Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"{reconstructor.Name}: latency {reconstructor.Latency} samples ({1000.0 * reconstructor.Latency / settings.SampleRate:0.0} ms), " +
    $"{reconstructor.LookaheadFrames} look-ahead frames, spectral convergence {sc:0.0} dB"));
