using System.Globalization;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;
using Phase.Benchmarks.Iterative;
using Phase.GradientTheorem;
using Phase.Iterative;
using Phase.Stft;

namespace Phase.Benchmarks.Offline;

/// <summary>
/// The offline one-pass methods against the length of the input: PGHI and SPSI <c>Reconstruct</c> (phase + inverse STFT)
/// on 1.5 s, 10 s and 60 s of continuous speech (22050 Hz, Hann 1024, hop 256), with an STFT → ISTFT round trip of the
/// same signal as the floor, and PGHI with the whole input in one window (the paper's global heap) for comparison.
/// The "ms per audio s" column shows whether the cost per second of audio grows with length.
/// Compare with ltfat/phaseret (C, FFTW) in docs/benchmarks.md.
/// </summary>
[Config(typeof(Config))]
public class OfflineLengthBenchmarks
{
    private const int Hop = 256;

    private Pghi _pghi = null!;
    private Pghi _pghiGlobal = null!;
    private Spsi _spsi = null!;
    private StftPlan _plan = null!;
    private float[] _signal = null!;
    private float[] _real = null!;
    private float[] _imag = null!;
    private float[] _roundTrip = null!;
    private MagnitudeSpectrogram _target = null!;

    /// <summary>Seconds of continuous speech.</summary>
    [Params(1.5, 10, 60)]
    public double Seconds { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var settings = new StftSettings(1024, Hop, sampleRate: SpeechClip.SampleRate);
        _signal = SpeechClip.Continuous(Seconds);
        _target = settings.StftMagnitude(_signal);
        _pghi = new Pghi(settings);
        _pghiGlobal = new Pghi(settings) { BlockFrames = int.MaxValue };
        _spsi = new Spsi(settings);
        _plan = new StftPlan(settings);
        int frames = _plan.FrameCount(_signal.Length);
        _real = new float[frames * settings.BinCount];
        _imag = new float[frames * settings.BinCount];
        _roundTrip = new float[_signal.Length];
    }

    [GlobalCleanup]
    public void Cleanup() => _plan.Dispose();

    [Benchmark(Baseline = true, Description = "STFT → ISTFT (floor)")]
    public float[] RoundTrip()
    {
        _plan.Forward(_signal, _real, _imag);
        _plan.Inverse(_real, _imag, _roundTrip);
        return _roundTrip;
    }

    [Benchmark(Description = "PGHI offline")]
    public PhaseReconstruction PghiOffline() => _pghi.Reconstruct(_target);

    /// <summary>The whole input in one window: the paper's global heap (same queue), to show what the windows buy.</summary>
    [Benchmark(Description = "PGHI offline, one window (global heap)")]
    public PhaseReconstruction PghiGlobalHeap() => _pghiGlobal.Reconstruct(_target);

    [Benchmark(Description = "SPSI offline")]
    public PhaseReconstruction SpsiOffline() => _spsi.Reconstruct(_target);

    private sealed class Config : ManualConfig
    {
        public Config() => AddColumn(new PerAudioSecondColumn());
    }

    /// <summary>Median time divided by the audio duration (the <see cref="Seconds"/> parameter), ms per audio second.</summary>
    private sealed class PerAudioSecondColumn : IColumn
    {
        public string Id => nameof(PerAudioSecondColumn);

        public string ColumnName => "ms per audio s";

        public bool AlwaysShow => true;

        public ColumnCategory Category => ColumnCategory.Custom;

        public int PriorityInCategory => 0;

        public bool IsNumeric => true;

        public UnitType UnitType => UnitType.Dimensionless;

        public string Legend => "Median time per second of audio, milliseconds";

        public string GetValue(Summary summary, BenchmarkCase benchmarkCase)
        {
            double? medianNs = summary[benchmarkCase]?.ResultStatistics?.Median;
            double seconds = Convert.ToDouble(benchmarkCase.Parameters[nameof(Seconds)], CultureInfo.InvariantCulture);
            return medianNs is double ns && seconds > 0
                ? (ns * 1e-6 / seconds).ToString("N2", CultureInfo.InvariantCulture)
                : "-";
        }

        public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style) => GetValue(summary, benchmarkCase);

        public bool IsAvailable(Summary summary) => true;

        public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;
    }
}
