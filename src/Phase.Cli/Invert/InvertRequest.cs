using System.Collections.Concurrent;
using System.CommandLine;
using Phase.IO;
using Phase.Mel;

namespace Phase.Cli.Invert;

/// <summary>
/// What <c>phase invert</c> was asked to do, parsed and validated once, independent of the input files: the method and
/// its parameters, the STFT and mel options, the output format. <see cref="InvertFile.Run"/> applies it to one file;
/// a new per-run option of <c>invert</c> is read here and used there.
/// </summary>
internal sealed class InvertRequest
{
    private readonly ConcurrentDictionary<StftSettings, Lazy<IPhaseReconstructor>> _reconstructors = new();

    public required ParseResult Result { get; init; }

    public required ReconstructorDescriptor Method { get; init; }

    public required ReconstructorParameters Parameters { get; init; }

    public required int Seed { get; init; }

    /// <summary>--sample-rate (for .npy inputs; a warning for WAV inputs).</summary>
    public required int? SampleRate { get; init; }

    public required string Layout { get; init; }

    public required string Channel { get; init; }

    public required WavSampleFormat Format { get; init; }

    public required StftOptions Stft { get; init; }

    public required MelOptions Mel { get; init; }

    /// <summary>The --sample-rate option itself (a --preset refuses it: the preset fixes the rate).</summary>
    public required Option<int?> SampleRateOption { get; init; }

    /// <summary>--preset NAME (with --mel-mean/--mel-std): the whole TTS mel convention of .npy inputs, or null.</summary>
    public MelConvention? Preset { get; init; }

    /// <summary>--stream: run the streaming method hop by hop through <see cref="Phase.Stft.StreamingPipeline"/>.</summary>
    public bool Streamed { get; init; }

    /// <summary>--keep-delay (with --stream): write the raw stream, pre-roll and tail included.</summary>
    public bool KeepDelay { get; init; }

    /// <summary>Whether --mel was given (inputs are mel spectrograms).</summary>
    public bool FromMel => Result.GetValue(Mel.Mel) is not null;

    /// <summary>The reconstructor for <paramref name="settings"/>: created once per distinct settings and shared (every
    /// <see cref="IPhaseReconstructor"/> is thread-safe), so files of one sample rate pay for plan creation once.</summary>
    public IPhaseReconstructor ReconstructorFor(StftSettings settings) =>
        _reconstructors.GetOrAdd(settings, s => new Lazy<IPhaseReconstructor>(() => Cli.CreateMethod(Method, s, Parameters))).Value;
}
