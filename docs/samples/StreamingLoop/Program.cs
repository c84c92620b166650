// docs/getting-started.md, "Streaming": the real-time loop. Audio arrives one hop at a time; a StreamingPipeline turns
// each hop into one magnitude frame (its streaming analyser) and each frame into one hop of reconstructed audio (the
// streaming method), and at the end of the stream emits the frames centred on the last samples and the tail. Nothing
// in the loop allocates. In a vocoder the frames come from a model instead: StreamingInput.Magnitudes.
//   dotnet run --project docs/samples/StreamingLoop -- rtisila
using System.Globalization;
using Phase;
using Phase.Metrics;
using Phase.Stft;

string methodName = args.Length > 0 ? args[0] : "rtisila";
var settings = new StftSettings(windowLength: 1024, hop: 256, sampleRate: 22050);
int hop = settings.Hop;

using var pipeline = new StreamingPipeline(PhaseReconstructors.CreateStreaming(methodName, settings), StreamingInput.Audio);

// Two seconds of a 440 Hz tone with a 3 Hz tremolo, peak 0.5, ending mid-period (as a stream cut off mid-word does).
var source = new float[(2 * settings.SampleRate) + 100];
for (int i = 0; i < source.Length; i++)
{
    source[i] = (float)(0.5 * Math.Sin(2 * Math.PI * 440 * i / settings.SampleRate) * (1 + Math.Sin(2 * Math.PI * 3 * i / settings.SampleRate)) / 2);
}

// Buffers are allocated once, before the loop.
var output = new float[hop];
var stream = new float[source.Length + pipeline.OutputDelay + pipeline.MaxEndLength];
int written = 0;
int whole = source.Length / hop * hop;
for (int j = 0; j < whole; j += hop)
{
    ReadOnlySpan<float> input = source.AsSpan(j, hop);  // e.g. from the sound card
    int n = pipeline.Process(input, output);            // one hop of audio, `Latency` samples behind
    output.AsSpan(0, n).CopyTo(stream.AsSpan(written));  // e.g. to the sound card
    written += n;
}

// End of stream: the last, shorter hop; the frames centred on the last samples; the look-ahead frames and the tail.
written += pipeline.End(source.AsSpan(whole), stream.AsSpan(written));

// Output-stream sample i is input sample i − OutputDelay: compare the part that lines up with the input, and look at the
// peak of the whole stream (pre-roll and tail included), which is what a listener hears.
int delay = pipeline.OutputDelay;
using var offline = new StftPlan(settings);
double sc = QualityMetrics.SpectralConvergenceDb(
    offline.ForwardMagnitude(stream.AsSpan(delay, source.Length)), offline.ForwardMagnitude(source));
float peak = 0f, sourcePeak = 0f;
foreach (float v in stream.AsSpan(0, written))
{
    peak = Math.Max(peak, Math.Abs(v));
}

foreach (float v in source)
{
    sourcePeak = Math.Max(sourcePeak, Math.Abs(v));
}

Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"{pipeline.Reconstructor.Name}: latency {pipeline.Latency} samples ({1000.0 * pipeline.Latency / settings.SampleRate:0.0} ms), " +
    $"{pipeline.Reconstructor.LookaheadFrames} look-ahead frames, spectral convergence {sc:0.0} dB, " +
    $"whole-stream peak {peak:0.000} (source {sourcePeak:0.000}, {written} samples)"));
