// docs/getting-started.md, "First reconstruction": read a WAV, keep only its STFT magnitudes, rebuild the waveform with
// a method chosen by name, report the spectral convergence and write the result.
//   dotnet run --project docs/samples/ConsoleApp -- speech.wav out.wav fgla
using System.Globalization;
using Phase;
using Phase.IO;
using Phase.Metrics;
using Phase.Stft;

string input = args.Length > 0 ? args[0] : "";
string output = args.Length > 1 ? args[1] : "reconstructed.wav";
string methodName = args.Length > 2 ? args[2] : "fgla";

float[] signal;
int sampleRate;
if (input.Length > 0)
{
    WavData wav = WavFile.Read(input);
    signal = wav.MixToMono();
    sampleRate = wav.SampleRate;
}
else
{
    // No input: one second of a gliding tone, so the sample runs anywhere.
    sampleRate = 22050;
    signal = new float[sampleRate];
    for (int i = 0; i < signal.Length; i++)
    {
        double t = i / (double)sampleRate;
        signal[i] = (float)(0.5 * Math.Sin(2 * Math.PI * (220 * t + 220 * t * t)));
    }
}

// The usual text-to-speech setting: Hann window of 1024 samples, hop 256, centred frames with reflect padding.
var settings = new StftSettings(windowLength: 1024, hop: 256, sampleRate: sampleRate);
using var stft = new StftPlan(settings);
MagnitudeSpectrogram magnitudes = stft.ForwardMagnitude(signal);

IPhaseReconstructor method = PhaseReconstructors.Create(methodName, settings);
PhaseReconstruction result = method.Reconstruct(magnitudes, new ReconstructionOptions
{
    SignalLength = signal.Length, // the original length (the default is the natural length of the frames)
    Seed = 1,                     // any random initialisation is reproducible
});

double sc = QualityMetrics.SpectralConvergenceDb(stft.ForwardMagnitude(result.Signal), magnitudes);
WavFile.Write(output, result.Signal, sampleRate);
Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"{method.Name}: {magnitudes.FrameCount} frames, spectral convergence {sc:0.0} dB, wrote {output}"));
