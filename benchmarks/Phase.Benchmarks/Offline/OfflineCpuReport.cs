using System.Globalization;
using System.Runtime.InteropServices;
using Phase.Benchmarks.Iterative;
using Phase.GradientTheorem;
using Phase.Iterative;
using Phase.Stft;

namespace Phase.Benchmarks.Offline;

/// <summary>
/// <c>--offline-cpu [--lines [--only NAME,…] [--calls N]] [--checksum] [--write-magnitudes DIR] [--magnitudes DIR] [--once pghi|spsi] [seconds…]</c>: per-thread
/// CPU time (best and median of several calls, after warm-up calls) of PGHI, PGHI in one window (the global heap), SPSI
/// and an STFT → ISTFT round trip on continuous speech of each length (default 1.5, 10, 60, 600 s). A cross-check of
/// <see cref="OfflineLengthBenchmarks"/> on a shared machine: CPU time does not count the time other processes hold the
/// core, which wall-clock medians do (Linux only; it reads CLOCK_THREAD_CPUTIME_ID).
/// </summary>
/// <remarks>
/// <para><c>--write-magnitudes DIR</c> writes each length's magnitudes (the exact input of the timed calls) as
/// <c>DIR/speech-{seconds}s.f32</c> (raw little-endian float32, frame-major F × 513) and <c>.npy</c> (shape F × 513), for
/// the C reference harness (benchmarks/CReference). <c>--magnitudes DIR</c> reads them back instead of computing them
/// with <c>--once</c> (so a fresh process runs nothing of Phase before the timed call). <c>--lines</c> prints one
/// machine-readable line per measurement (<c>phase METHOD SECONDS FRAMES best=MS median=MS calls=N faults-best=F
/// faults-median=F</c>, the last two the minor page faults of the fastest call and the median over the calls) instead
/// of the Markdown table, and adds the phase-only parts (<c>pghi-phase</c>, <c>spsi-phase</c>: <c>EstimateSpectrogram</c>, no inverse STFT) but not the
/// global heap (<c>--only</c> picks measurements by name, the global heap included; <c>--calls</c> sets the number of
/// timed calls). Before the first length every timed call runs on 1.5 s of speech for a few seconds (JIT tiering).
/// <c>--once pghi|spsi</c> times one <c>Reconstruct</c> call per length and nothing else: run it in a fresh process
/// with one length to see the first call's cost (JIT compilation, page faults). <c>--checksum</c> prints a fingerprint
/// of PGHI's (default, tolerance 10⁻², global heap) and SPSI's spectrograms instead of timing anything: an optimisation
/// must not change them.</para>
/// <para>The same measurements of ltfat/phaseret: <c>scripts/bench-c-reference.sh</c>.</para>
/// </remarks>
internal static class OfflineCpuReport
{
    public const string Command = "--offline-cpu";

    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    public static int Run(string[] args)
    {
        bool lines = false, checksum = false;
        int? callsOverride = null;
        HashSet<string>? only = null;
        string? writeDir = null, readDir = null, once = null;
        var lengths = new List<double>();
        for (int a = 0; a < args.Length; a++)
        {
            switch (args[a])
            {
                case "--lines":
                    lines = true;
                    break;
                case "--calls":
                    callsOverride = int.Parse(args[++a], Invariant);
                    break;
                case "--only":
                    only = [.. args[++a].Split(',')];
                    break;
                case "--checksum":
                    checksum = true;
                    break;
                case "--write-magnitudes":
                    writeDir = args[++a];
                    break;
                case "--magnitudes":
                    readDir = args[++a];
                    break;
                case "--once":
                    once = args[++a];
                    if (once is not ("pghi" or "spsi"))
                    {
                        Console.Error.WriteLine($"--once takes pghi or spsi, not '{once}'.");
                        return 2;
                    }

                    break;
                default:
                    lengths.Add(double.Parse(args[a], Invariant));
                    break;
            }
        }

        if (lengths.Count == 0)
        {
            lengths.AddRange([1.5, 10, 60, 600]);
        }

        var settings = new StftSettings(1024, 256, sampleRate: SpeechClip.SampleRate);
        if (checksum)
        {
            // Bit-level fingerprints of PGHI's and SPSI's spectrograms (to check that an optimisation changes nothing).
            foreach (double seconds in lengths)
            {
                MagnitudeSpectrogram target = Magnitudes(settings, seconds, readDir, writeDir, out _);
                foreach ((string name, ComplexSpectrogram c) in new[]
                {
                    ("pghi", new Pghi(settings).EstimateSpectrogram(target, seed: 3)),
                    ("pghi-tol1e-2", new Pghi(settings) { Tolerance = 1e-2 }.EstimateSpectrogram(target, seed: 3)),
                    ("pghi-global", new Pghi(settings) { BlockFrames = int.MaxValue }.EstimateSpectrogram(target, seed: 3)),
                    ("spsi", new Spsi(settings).EstimateSpectrogram(target)),
                })
                {
                    byte[] bytes = [.. MemoryMarshal.AsBytes(c.Real), .. MemoryMarshal.AsBytes(c.Imaginary)];
                    Console.WriteLine(string.Create(Invariant, $"checksum {name} {Name(seconds)} {Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(bytes))[..16]}"));
                }
            }

            return 0;
        }

        if (once is not null)
        {
            foreach (double seconds in lengths)
            {
                MagnitudeSpectrogram target = Magnitudes(settings, seconds, readDir, writeDir, out _);
                IPhaseReconstructor method = once == "pghi" ? new Pghi(settings) : new Spsi(settings);
                double start = ThreadCpuMilliseconds();
                method.Reconstruct(target);
                double ms = ThreadCpuMilliseconds() - start;
                Console.WriteLine(string.Create(Invariant, $"phase {once}-once {Name(seconds)} {target.FrameCount} best={ms:F3} median={ms:F3} calls=1"));
            }

            return 0;
        }

        WarmUp(settings);
        if (!lines)
        {
            Console.WriteLine("| seconds | STFT → ISTFT (ms) | PGHI (ms) | PGHI ms / audio s | PGHI allocated (MB) | PGHI, one window (ms) | SPSI (ms) | SPSI ms / audio s |");
            Console.WriteLine("|---:|---:|---:|---:|---:|---:|---:|---:|");
        }

        foreach (double seconds in lengths)
        {
            MagnitudeSpectrogram target = Magnitudes(settings, seconds, null, writeDir, out float[]? signal);
            using var plan = new StftPlan(settings);
            var real = new float[target.Values.Length];
            var imag = new float[target.Values.Length];
            var output = new float[signal!.Length];
            int calls = callsOverride ?? (seconds >= 600 ? 2 : seconds >= 60 ? 4 : 12);
            var pghi = new Pghi(settings);
            var spsi = new Spsi(settings);
            var one = new Pghi(settings) { BlockFrames = int.MaxValue };
            (string Name, Action Action)[] methods =
            [
                ("roundtrip", () =>
                {
                    plan.Forward(signal, real, imag);
                    plan.Inverse(real, imag, output);
                }),
                ("pghi", () => pghi.Reconstruct(target)),
                ("pghi-phase", () => pghi.EstimateSpectrogram(target)),
                ("pghi-global", () => one.Reconstruct(target)),
                ("spsi", () => spsi.Reconstruct(target)),
                ("spsi-phase", () => spsi.EstimateSpectrogram(target)),
            ];
            if (lines)
            {
                foreach ((string name, Action action) in methods)
                {
                    if (only is null ? name != "pghi-global" : only.Contains(name))
                    {
                        Line(name, seconds, target.FrameCount, Measure(calls, action));
                    }
                }

                continue;
            }

            Timing roundTrip = Measure(calls, methods[0].Action);
            Timing p = Measure(calls, methods[1].Action);
            long before = GC.GetAllocatedBytesForCurrentThread();
            pghi.Reconstruct(target);
            double allocated = (GC.GetAllocatedBytesForCurrentThread() - before) / 1e6;
            Timing global = Measure(seconds >= 600 ? 1 : calls, methods[3].Action);
            Timing s = Measure(calls, methods[4].Action);
            Console.WriteLine(string.Create(Invariant,
                $"| {seconds} | {roundTrip.Best:F2} | {p.Best:F1} | {p.Best / seconds:F2} | {allocated:F1} | {global.Best:F1} | {s.Best:F2} | {s.Best / seconds:F3} |"));
        }

        return 0;
    }

    /// <summary>Runs every timed call on 1.5 s of speech for about 4 s of CPU time each, then pauses, so that the first
    /// length measured finds the JIT's tiering done as far as it can be (in a process pinned to one busy core the
    /// background compiler lags). Not always enough: some processes still measure SPSI at about 3× its steady state for
    /// a while (gone with DOTNET_TieredCompilation=0; docs/benchmarks.md, "Against the C reference").</summary>
    private static void WarmUp(StftSettings settings)
    {
        float[] signal = SpeechClip.Continuous(1.5);
        MagnitudeSpectrogram target = settings.StftMagnitude(signal);
        using var plan = new StftPlan(settings);
        var real = new float[target.Values.Length];
        var imag = new float[target.Values.Length];
        var output = new float[signal.Length];
        var pghi = new Pghi(settings);
        var spsi = new Spsi(settings);
        Action[] actions =
        [
            () =>
            {
                plan.Forward(signal, real, imag);
                plan.Inverse(real, imag, output);
            },
            () => pghi.Reconstruct(target),
            () => pghi.EstimateSpectrogram(target),
            () => spsi.Reconstruct(target),
            () => spsi.EstimateSpectrogram(target),
        ];
        foreach (Action action in actions)
        {
            double start = ThreadCpuMilliseconds();
            for (int i = 0; i < 400 && ThreadCpuMilliseconds() - start < 4000; i++)
            {
                action();
            }

            Thread.Sleep(300); // lets the JIT's background tiering (on the same pinned core) catch up; not CPU time of this thread
        }
    }

    private static string Name(double seconds) => seconds.ToString("0.###", Invariant);

    private static void Line(string method, double seconds, int frames, Timing t) =>
        Console.WriteLine(string.Create(Invariant, $"phase {method} {Name(seconds)} {frames} best={t.Best:F3} median={t.Median:F3} calls={t.Calls} faults-best={t.BestFaults} faults-median={t.MedianFaults}"));

    /// <summary>The magnitudes of <paramref name="seconds"/> of continuous speech: read from <paramref name="readDir"/>
    /// when given (then <paramref name="signal"/> is null), else computed (and written to <paramref name="writeDir"/>
    /// when given).</summary>
    private static MagnitudeSpectrogram Magnitudes(StftSettings settings, double seconds, string? readDir, string? writeDir, out float[]? signal)
    {
        string stem = $"speech-{Name(seconds)}s";
        if (readDir is not null)
        {
            byte[] bytes = File.ReadAllBytes(Path.Combine(readDir, stem + ".f32"));
            float[] values = MemoryMarshal.Cast<byte, float>(bytes).ToArray();
            signal = null;
            return new MagnitudeSpectrogram(values, values.Length / settings.BinCount, settings.BinCount);
        }

        signal = SpeechClip.Continuous(seconds);
        MagnitudeSpectrogram target = settings.StftMagnitude(signal);
        if (writeDir is not null)
        {
            Directory.CreateDirectory(writeDir);
            File.WriteAllBytes(Path.Combine(writeDir, stem + ".f32"), MemoryMarshal.AsBytes(target.Values).ToArray());
            Phase.IO.NpyFile.Write(Path.Combine(writeDir, stem + ".npy"), target.Values, [target.FrameCount, target.BinCount]);
        }

        return target;
    }

    /// <summary>Per-thread CPU times of the calls: best, median; and the minor page faults of the best call and the
    /// median over the calls (a call that faults in fresh memory for its result is slower on a VM).</summary>
    private readonly record struct Timing(double Best, double Median, int Calls, double BestFaults, double MedianFaults);

    private static double Median(double[] sorted) =>
        sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : 0.5 * (sorted[(sorted.Length / 2) - 1] + sorted[sorted.Length / 2]);

    /// <summary>Minor page faults of the calling thread so far (getrusage RUSAGE_THREAD; ru_minflt at byte 64 on
    /// 64-bit Linux).</summary>
    private static long ThreadMinorFaults()
    {
        Span<byte> usage = stackalloc byte[144];
        return getrusage(1 /* RUSAGE_THREAD */, ref MemoryMarshal.GetReference(usage)) == 0 ? BitConverter.ToInt64(usage[64..]) : 0;
    }

    [DllImport("libc", EntryPoint = "getrusage")]
    private static extern int getrusage(int who, ref byte usage);

    /// <summary>The smallest and the median per-thread CPU time of <paramref name="calls"/> calls, in ms, after warm-up
    /// calls (at least two, and up to 60 or 2 s so that the JIT's tiering has optimised every method, as in a
    /// long-running process).</summary>
    private static Timing Measure(int calls, Action action)
    {
        double warmStart = ThreadCpuMilliseconds();
        for (int i = 0; i < 60 && (i < 2 || ThreadCpuMilliseconds() - warmStart < 2000); i++)
        {
            action();
        }

        Thread.Sleep(100);

        var times = new double[calls];
        var faults = new double[calls];
        for (int i = 0; i < calls; i++)
        {
            long faultsBefore = ThreadMinorFaults();
            double start = ThreadCpuMilliseconds();
            action();
            times[i] = ThreadCpuMilliseconds() - start;
            faults[i] = ThreadMinorFaults() - faultsBefore;
        }

        double fastFaults = faults[Array.IndexOf(times, times.Min())];
        Array.Sort(times);
        Array.Sort(faults);
        return new Timing(times[0], Median(times), calls, fastFaults, Median(faults));
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
