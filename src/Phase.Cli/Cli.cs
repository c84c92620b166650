using System.CommandLine;
using Phase.Cli.Commands;
using Phase.Neural.OnnxRuntime;

namespace Phase.Cli;

/// <summary>Builds the <c>phase</c> command line and runs commands with uniform error reporting.</summary>
internal static class Cli
{
    public static RootCommand Build(CliContext context)
    {
        var root = new RootCommand(
            "phase: reconstruct audio from STFT magnitude spectrograms (phase reconstruction).\n" +
            "Defaults everywhere: Hann window of 1024 samples, FFT size 1024, hop 256, centred frames with reflect padding.");
        root.Subcommands.Add(DemoCommand.Create(context));
        root.Subcommands.Add(InvertCommand.Create(context));
        root.Subcommands.Add(SpecCommand.Create(context));
        root.Subcommands.Add(EvalCommand.Create(context));
        root.Subcommands.Add(PlotCommand.Create(context));
        root.Subcommands.Add(MethodsCommand.Create(context));
        return root;
    }

    /// <summary>Runs the command line; returns the exit code.</summary>
    public static int Invoke(string[] args, CliContext context)
    {
        RootCommand root = Build(context);
        ParseResult parsed = root.Parse(args);
        if (parsed.Errors.Count > 0)
        {
            foreach (var error in parsed.Errors)
            {
                context.Err.WriteLine($"phase: error: {error.Message}");
            }

            context.Err.WriteLine("Run 'phase --help' or 'phase <command> --help' for usage.");
            return ExitCodes.Usage;
        }

        return parsed.Invoke(new InvocationConfiguration { Output = context.Out, Error = context.Err });
    }

    /// <summary>Runs a command body, turning expected failures into one-line messages and exit codes.</summary>
    public static int Run(CliContext context, Func<int> body)
    {
        try
        {
            return body();
        }
        catch (CliUsageException e)
        {
            context.Err.WriteLine($"phase: error: {e.Message}");
            return ExitCodes.Usage;
        }
        catch (OperationCanceledException)
        {
            context.Err.WriteLine("phase: cancelled");
            return ExitCodes.Cancelled;
        }
        catch (ArgumentException e)
        {
            context.Err.WriteLine($"phase: error: {StftOptions.StripParamSuffix(e)}");
            return ExitCodes.Usage;
        }
        catch (Exception e) when (e is InvalidDataException or NotSupportedException or IOException or UnauthorizedAccessException)
        {
            context.Err.WriteLine($"phase: error: {e.Message}");
            return ExitCodes.Failure;
        }
        catch (Exception e) when (e is OnnxRuntimeException or DllNotFoundException)
        {
            // ONNX Runtime missing, or an execution provider (CUDA, TensorRT) unavailable: the message says what to install.
            context.Err.WriteLine($"phase: error: {e.Message}");
            if (e is OnnxRuntimeNotFoundException)
            {
                context.Err.WriteLine(OnnxRuntimeHelp);
            }

            return ExitCodes.Failure;
        }
    }

    /// <summary>How to get ONNX Runtime into the tool (it ships without a native library; docs/onnxruntime.md).</summary>
    public const string OnnxRuntimeHelp =
        "phase: this build of the phase tool carries no native ONNX Runtime; the neural methods run with managed " +
        "inference by default (--param backend=managed). To use ONNX Runtime, build the tool with it: " +
        "dotnet publish src/Phase.Cli -c Release -p:PhaseOnnxRuntime=cpu (or =gpu for CUDA 13 / TensorRT); see docs/onnxruntime.md.";

    public static ReconstructorDescriptor GetMethod(string name)
    {
        try
        {
            return PhaseReconstructors.Default.Get(name);
        }
        catch (ArgumentException e)
        {
            throw new CliUsageException($"--method: {StftOptions.StripParamSuffix(e)}", e);
        }
    }

    public static IPhaseReconstructor CreateMethod(ReconstructorDescriptor method, StftSettings settings, ReconstructorParameters parameters)
    {
        try
        {
            return method.Create(settings, parameters);
        }
        catch (ArgumentException e)
        {
            throw new CliUsageException(StftOptions.StripParamSuffix(e), e);
        }
    }
}
