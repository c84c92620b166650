using System.Diagnostics;
using System.Globalization;
using Phase;
using Phase.IO;
using Phase.FirstCall;
using Phase.Stft;

// Usage: Phase.FirstCall METHOD [SECONDS [first-only]] — prints one line (Phase.FirstCall isa: which SIMD paths this build runs):
//   method first_ms steady_ms ratio setup_ms first_cpu_ms steady_cpu_ms cpu_ratio first_jitted first_jit_ms
// first: creating the reconstructor and its first Reconstruct call in this process (what `phase invert` does once);
// steady: median of the last 5 of at least 20 further calls made over at least 3 s (tiered compilation done);
// setup: process start to Main plus the STFT of the input (reported, not part of the ratio).
// *_ms are wall times; *_cpu_ms the calling thread's CPU time (Linux CLOCK_THREAD_CPUTIME_ID), which a busy shared
// machine inflates much less; JIT compiling at tier 0 happens on the calling thread and is included, background
// tier-1 compilation is not. first_jitted/first_jit_ms: methods the first call JIT-compiled on this thread and the
// time that took (System.Runtime.JitInfo).
string method = args.Length > 0 ? args[0] : "fgla";
if (method == "isa")
{
    // Which SIMD paths this build runs: a Native AOT binary is compiled for a fixed instruction set
    // (IlcInstructionSet), and Phase's kernels take their Vector512 / Vector256 paths only where accelerated.
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"dynamic code {System.Runtime.CompilerServices.RuntimeFeature.IsDynamicCodeSupported}, Vector512 {System.Runtime.Intrinsics.Vector512.IsHardwareAccelerated}, Vector256 {System.Runtime.Intrinsics.Vector256.IsHardwareAccelerated}, Vector128 {System.Runtime.Intrinsics.Vector128.IsHardwareAccelerated}, AVX-512F {System.Runtime.Intrinsics.X86.Avx512F.IsSupported}, AVX2 {System.Runtime.Intrinsics.X86.Avx2.IsSupported}, FMA {System.Runtime.Intrinsics.X86.Fma.IsSupported}, LZCNT {System.Runtime.Intrinsics.X86.Lzcnt.IsSupported}"));
    return;
}

double seconds = args.Length > 1 ? double.Parse(args[1], CultureInfo.InvariantCulture) : 5.0;
double startup = (DateTime.Now - Process.GetCurrentProcess().StartTime).TotalMilliseconds;

string root = AppContext.BaseDirectory;
while (!File.Exists(Path.Combine(root, "Phase.sln")))
{
    root = Path.GetDirectoryName(root) ?? throw new InvalidOperationException("run from inside the repository");
}

// 5 s of speech: the fixture clips one after another.
var speech = Directory.GetFiles(Path.Combine(root, "tests", "fixtures", "speech"), "*.wav").Order(StringComparer.Ordinal)
    .SelectMany(f => WavFile.Read(f).Channel(0).ToArray()).ToArray();
int length = (int)(seconds * 22050);
float[] clip = speech[..length];
var clock = Stopwatch.StartNew();
var settings = new StftSettings(windowLength: 1024, hop: 256, fftSize: 1024, window: WindowKind.Hann, sampleRate: 22050);
MagnitudeSpectrogram magnitudes;
using (var plan = new StftPlan(settings))
{
    magnitudes = plan.ForwardMagnitude(clip);
}

double setup = startup + clock.Elapsed.TotalMilliseconds;
var options = new ReconstructionOptions { SignalLength = length, Seed = 1 };
clock.Restart();
long faults0 = MinorFaults();
double cpu0 = ThreadCpu.Milliseconds();
long jitted0 = System.Runtime.JitInfo.GetCompiledMethodCount(currentThread: true);
TimeSpan jit0 = System.Runtime.JitInfo.GetCompilationTime(currentThread: true);
IPhaseReconstructor reconstructor = PhaseReconstructors.Create(method, settings);
reconstructor.Reconstruct(magnitudes, options);
double first = clock.Elapsed.TotalMilliseconds;
double firstCpu = ThreadCpu.Milliseconds() - cpu0;
long faults = MinorFaults() - faults0;
long jitted = System.Runtime.JitInfo.GetCompiledMethodCount(currentThread: true) - jitted0;
double jitMs = (System.Runtime.JitInfo.GetCompilationTime(currentThread: true) - jit0).TotalMilliseconds;

if (args.Length > 2 && args[2] == "first-only")
{
    // For a profiler: stop after the first call.
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{method} first {first:F1} ms, {firstCpu:F1} ms CPU, {faults} minor page faults"));
    return;
}

var times = new List<double>();
var cpuTimes = new List<double>();
var total = Stopwatch.StartNew();
while (times.Count < 20 || total.Elapsed.TotalSeconds < 3)
{
    clock.Restart();
    double c0 = ThreadCpu.Milliseconds();
    reconstructor.Reconstruct(magnitudes, options);
    cpuTimes.Add(ThreadCpu.Milliseconds() - c0);
    times.Add(clock.Elapsed.TotalMilliseconds);
}

double steady = times.TakeLast(5).Order().ElementAt(2);
double steadyCpu = cpuTimes.TakeLast(5).Order().ElementAt(2);
Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"{method} {first:F1} {steady:F1} {first / steady:F2} {setup:F1} {firstCpu:F1} {steadyCpu:F1} {firstCpu / steadyCpu:F2} {jitted} {jitMs:F1}"));

// Minor page faults of the process so far (Linux /proc/self/stat, field 10): first touches of fresh memory.
static long MinorFaults()
{
    string stat = File.ReadAllText("/proc/self/stat");
    string[] fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
    return long.Parse(fields[7], CultureInfo.InvariantCulture);
}
