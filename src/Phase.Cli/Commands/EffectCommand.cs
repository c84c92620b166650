using System.CommandLine;
using System.Diagnostics;
using Phase.Effects;
using Phase.IO;

namespace Phase.Cli.Commands;

/// <summary>What <c>phase stretch</c> and <c>phase pitch</c> share: input, output, method, window and format options, and
/// running an effect over every channel of a WAV file.</summary>
internal sealed class EffectCommand
{
    public Argument<string> Input { get; } = new("input") { Description = "Input WAV file (every channel is processed)." };

    public Option<string> Output { get; } = new("--output", "-o") { Description = "Output WAV file (written atomically: a temporary file, then renamed).", Required = true };

    public Option<string> Method { get; } = CreateMethod();

    public Option<int> Window { get; } = new("--window") { Description = "Hann window and FFT size in samples, 64 … 16384 (default 1024).", DefaultValueFactory = _ => TimeStretch.DefaultWindowLength };

    public Option<string> Format { get; } = CreateFormat();

    public void AddTo(Command command)
    {
        command.Arguments.Add(Input);
        command.Options.Add(Output);
        command.Options.Add(Method);
        command.Options.Add(Window);
        command.Options.Add(Format);
    }

    public PhaseVocoderMethod GetMethod(ParseResult result) => result.GetValue(Method) == "pv" ? PhaseVocoderMethod.Pv : PhaseVocoderMethod.Pvdr;

    /// <summary>Reads the input, applies <paramref name="effect"/> to each channel, writes the output and reports.</summary>
    public int Run(CliContext context, ParseResult result, string description, Func<float[], float[]> effect)
    {
        string inputPath = result.GetValue(Input)!;
        WavData wav = Inputs.ReadWav(inputPath);
        var channels = new float[wav.ChannelCount][];
        var clock = Stopwatch.StartNew();
        for (int c = 0; c < channels.Length; c++)
        {
            channels[c] = effect(wav.Channel(c).ToArray());
        }

        double seconds = clock.Elapsed.TotalSeconds;
        string outputPath = result.GetValue(Output)!;
        WavSampleFormat format = result.GetValue(Format) switch
        {
            "pcm24" => WavSampleFormat.Pcm24,
            "float32" => WavSampleFormat.Float32,
            _ => WavSampleFormat.Pcm16,
        };
        WavWriteResult written = WavFile.Write(outputPath, new AudioBuffer(wav.SampleRate, channels), format);
        if (written.Clipped)
        {
            context.Warn($"{written.ClippedSampleCount} samples exceeded full scale and were clipped; use --format float32 to keep them.");
        }

        double inputSeconds = (double)wav.FrameCount / wav.SampleRate;
        context.Out.WriteLine($"{description}; {wav.ChannelCount} channel(s), {wav.SampleRate} Hz");
        context.Out.WriteLine($"{Phase.Cli.Format.Seconds(inputSeconds)} in, {Phase.Cli.Format.Seconds((double)channels[0].Length / wav.SampleRate)} out, " +
            $"{Phase.Cli.Format.Speed(inputSeconds * channels.Length / Math.Max(seconds, 1e-9))}");
        context.Out.WriteLine($"wrote {outputPath}");
        return ExitCodes.Success;
    }

    private static Option<string> CreateMethod()
    {
        var method = new Option<string>("--method", "-m")
        {
            Description = "pvdr (phase vocoder done right: phase-gradient heap integration, the default) or pv (classic phase vocoder).",
            DefaultValueFactory = _ => "pvdr",
        };
        method.AcceptOnlyFromAmong("pvdr", "pv");
        return method;
    }

    private static Option<string> CreateFormat()
    {
        var format = new Option<string>("--format") { Description = "Output sample format: pcm16 (default), pcm24, float32.", DefaultValueFactory = _ => "pcm16" };
        format.AcceptOnlyFromAmong("pcm16", "pcm24", "float32");
        return format;
    }
}
