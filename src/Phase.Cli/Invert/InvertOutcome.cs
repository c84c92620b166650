using Phase.IO;

namespace Phase.Cli.Invert;

/// <summary>What <see cref="InvertFile.Run"/> did with one file.</summary>
/// <param name="Settings">The STFT settings used (sample rate included).</param>
/// <param name="FromWav">Whether the input was audio (STOI/ESTOI apply) rather than a spectrogram.</param>
/// <param name="Channels">Per channel: quality and speed.</param>
/// <param name="Written">Samples written and clipped.</param>
/// <param name="Notes">Things the user should know that did not stop the file, each starting "warning: " (samples
/// clipped) or "note: " (a metric skipped); printed after "phase: ".</param>
internal sealed record InvertOutcome(StftSettings Settings, bool FromWav, IReadOnlyList<ChannelOutcome> Channels, WavWriteResult Written, IReadOnlyList<string> Notes);
