using System.Globalization;
using System.Runtime.InteropServices;
using Phase.Benchmarks.Iterative;
using Phase.GradientTheorem;
using Phase.Iterative;
using Phase.Stft;

namespace Phase.Benchmarks.Offline;

/// <summary>
/// <c>--offline-cpu [seconds…]</c>: per-thread CPU time (best of several calls, after warm-up calls) of PGHI, PGHI in one
/// window (the global heap), SPSI and an STFT → ISTFT round trip on continuous speech of each length (default 1.5, 10,
/// 60, 600 s). A cross-check of <see cref="OfflineLengthBenchmarks"/> on a shared machine: CPU time does not count the
/// time other processes hold the core, which wall-clock medians do (Linux only; it reads CLOCK_THREAD_CPUTIME_ID).
/// </summary>
internal static class OfflineCpuReport
{
    public const string Command = "--offline-cpu";

    public static int Run(string[] args)
    {
        double[] lengths = args.Length > 0 ? [.. args.Select(a => double.Parse(a, CultureInfo.InvariantCulture))] : [1.5, 10, 60, 600];
        var settings = new StftSettings(1024, 256, sampleRate: SpeechClip.SampleRate);
        Console.WriteLine("| seconds | STFT → ISTFT (ms) | PGHI (ms) | PGHI ms / audio s | PGHI allocated (MB) | PGHI, one window (ms) | SPSI (ms) | SPSI ms / audio s |");
        Console.WriteLine("|---:|---:|---:|---:|---:|---:|---:|---:|");
        foreach (double seconds in lengths)
        {
            float[] signal = SpeechClip.Continuous(seconds);
            MagnitudeSpectrogram target = settings.StftMagnitude(signal);
            using var plan = new StftPlan(settings);
            var real = new float[target.Values.Length];
            var imag = new float[target.Values.Length];
            var output = new float[signal.Length];
            int calls = seconds >= 600 ? 2 : seconds >= 60 ? 4 : 12;
            var pghi = new Pghi(settings);
            var spsi = new Spsi(settings);
            double roundTrip = Best(calls, () =>
            {
                plan.Forward(signal, real, imag);
                plan.Inverse(real, imag, output);
            });
            double p = Best(calls, () => pghi.Reconstruct(target));
            long before = GC.GetAllocatedBytesForCurrentThread();
            pghi.Reconstruct(target);
            double allocated = (GC.GetAllocatedBytesForCurrentThread() - before) / 1e6;
#if PHASE_BASELINE
            string global = "—";
#else
            var one = new Pghi(settings) { BlockFrames = int.MaxValue };
            string global = Best(seconds >= 600 ? 1 : calls, () => one.Reconstruct(target)).ToString("F1", CultureInfo.InvariantCulture);
#endif
            double s = Best(calls, () => spsi.Reconstruct(target));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {seconds} | {roundTrip:F2} | {p:F1} | {p / seconds:F2} | {allocated:F1} | {global} | {s:F2} | {s / seconds:F3} |"));
        }

        return 0;
    }

    /// <summary>The smallest per-thread CPU time of <paramref name="calls"/> calls, in ms, after warm-up calls (at least
    /// two, and up to 60 or 2 s so that the JIT's tiering has optimised every method, as in a long-running process).</summary>
    private static double Best(int calls, Action action)
    {
        double warmStart = ThreadCpuMilliseconds();
        for (int i = 0; i < 60 && (i < 2 || ThreadCpuMilliseconds() - warmStart < 2000); i++)
        {
            action();
        }

        double best = double.MaxValue;
        for (int i = 0; i < calls; i++)
        {
            double start = ThreadCpuMilliseconds();
            action();
            best = Math.Min(best, ThreadCpuMilliseconds() - start);
        }

        return best;
    }

    private static double ThreadCpuMilliseconds()
    {
        if (clock_gettime(3 /* CLOCK_THREAD_CPUTIME_ID */, out Timespec t) != 0)
        {
            throw new InvalidOperationException("clock_gettime(CLOCK_THREAD_CPUTIME_ID) failed.");
        }

        return (t.Seconds * 1e3) + (t.Nanoseconds * 1e-6);
    }

    [DllImport("libc", EntryPoint = "clock_gettime")]
    private static extern int clock_gettime(int clock, out Timespec time);

    [StructLayout(LayoutKind.Sequential)]
    private struct Timespec
    {
        public long Seconds;
        public long Nanoseconds;
    }
}
