using System.Globalization;
using System.Runtime.InteropServices;
using Phase.Benchmarks.Iterative;
using Phase.Effects;

namespace Phase.Benchmarks.Effects;

/// <summary>
/// <c>dotnet run -c Release --project benchmarks/Phase.Benchmarks -- --effects-speed</c>: the offline speed of
/// docs/benchmarks.md measured as <b>per-thread CPU time</b> (Linux <c>CLOCK_THREAD_CPUTIME_ID</c>), best of 15 runs after
/// 5 warm-up runs, for 10 s of speech. On the shared machine wall-clock medians move with the other jobs' load; the CPU
/// time this thread actually used does not (apart from cache sharing), so it is the second, independent measurement
/// next to BenchmarkDotNet's (<c>--filter '*EffectsBenchmarks*'</c>).
/// </summary>
internal static partial class EffectsSpeedReport
{
    public const string Command = "--effects-speed";

    public static int Run(string[] args)
    {
        _ = args;
        float[] speech = SpeechClip.TenSeconds();
        Console.WriteLine("| operation (10 s of speech, 22050 Hz, N = 1024) | method | best CPU time (ms) | × real time |");
        Console.WriteLine("|---|---|---:|---:|");
        foreach (PhaseVocoderMethod method in new[] { PhaseVocoderMethod.Pvdr, PhaseVocoderMethod.Pv })
        {
            string name = method == PhaseVocoderMethod.Pvdr ? "pvdr" : "pv";
            foreach (double rate in new[] { 0.25, 0.5, 1.25, 2, 4 })
            {
                var stretch = new TimeStretch(rate, method);
                var output = new float[stretch.OutputLength(speech.Length)];
                Report($"stretch {rate.ToString(CultureInfo.InvariantCulture)}", name, () => stretch.Process(speech, output));
            }

            foreach (double semitones in new[] { -3.0, 4 })
            {
                var pitch = new PitchShift(semitones, method);
                var output = new float[speech.Length];
                Report($"pitch {semitones.ToString("+0;-0", CultureInfo.InvariantCulture)} semitones", name, () => pitch.Process(speech, output));
            }
        }

        return 0;
    }

    private static void Report(string operation, string method, Action action)
    {
        for (int i = 0; i < 5; i++)
        {
            action();
        }

        double best = double.PositiveInfinity;
        for (int i = 0; i < 15; i++)
        {
            double start = ThreadCpuSeconds();
            action();
            best = Math.Min(best, ThreadCpuSeconds() - start);
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {operation} | {method} | {best * 1000:F1} | {SpeechClip.Seconds / best:N0} |"));
    }

    private static double ThreadCpuSeconds()
    {
        if (ClockGetTime(3 /* CLOCK_THREAD_CPUTIME_ID */, out TimeSpec t) != 0)
        {
            throw new InvalidOperationException("clock_gettime(CLOCK_THREAD_CPUTIME_ID) failed (Linux only).");
        }

        return t.Seconds + (t.Nanoseconds * 1e-9);
    }

    [LibraryImport("libc", EntryPoint = "clock_gettime")]
    private static partial int ClockGetTime(int clock, out TimeSpec time);

    [StructLayout(LayoutKind.Sequential)]
    private struct TimeSpec
    {
        public long Seconds;
        public long Nanoseconds;
    }
}
