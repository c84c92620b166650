using Phase.Stft;
using Phase.Testing;

namespace Phase.Tests;

/// <summary>Every offline method of the registry stops on cancellation (issue 9, item 6): tested by cancelling from the
/// progress callback and with a token cancelled before the call — never with a clock.</summary>
public sealed class CancellationTests
{
    private static readonly StftSettings Settings = new(windowLength: 1024, hop: 256, sampleRate: 22050);

    public static IEnumerable<object[]> Methods() => PhaseReconstructors.Available.Select(d => new object[] { d.Name });

    private static MagnitudeSpectrogram Target()
    {
        using var plan = new StftPlan(Settings);
        return plan.ForwardMagnitude(SpeechAudio.DemoExcerpt(3 * 22050));
    }

    [Theory]
    [MemberData(nameof(Methods))]
    public void A_token_cancelled_before_the_call_stops_the_method(string method)
    {
        IPhaseReconstructor r = PhaseReconstructors.Create(method, Settings);
        using var cts = new CancellationTokenSource();
        cts.Cancel();
        var options = new ReconstructionOptions { CancellationToken = cts.Token };
        Assert.ThrowsAny<OperationCanceledException>(() => r.Reconstruct(Target(), options));
    }

    [Theory]
    [MemberData(nameof(Methods))]
    public void Cancelling_from_the_first_progress_report_stops_the_method_before_it_completes(string method)
    {
        // Every method reports progress as it goes (per iteration, per 64 frames, per chunk; the vocoder per model run of
        // 256 frames, then per FGLA iteration); cancelled at the first report,
        // it must throw, and report at most once more (the check follows within one unit of work). A method that only
        // reports at the very end cannot be stopped in time: this test then fails with "ran to completion".
        IPhaseReconstructor r = PhaseReconstructors.Create(method, Settings);
        using var cts = new CancellationTokenSource();
        var reports = new List<ReconstructionProgress>();
        var options = new ReconstructionOptions
        {
            CancellationToken = cts.Token,
            Progress = new Sync(p =>
            {
                reports.Add(p);
                cts.Cancel();
            }),
        };
        MagnitudeSpectrogram target = Target();
        Exception? e = Record.Exception(() => r.Reconstruct(target, options));
        Assert.True(e is OperationCanceledException, $"{method} ran to completion after being cancelled at {Describe(reports)}");
        Assert.True(reports.Count <= 2, $"{method}: {reports.Count} progress reports after cancellation ({Describe(reports)})");
        Assert.True(reports[0].Completed < reports[0].Total, $"{method}: the first report was already the end ({Describe(reports)})");
    }

    private static string Describe(List<ReconstructionProgress> reports) =>
        reports.Count == 0 ? "no report" : string.Join(", ", reports.Select(p => $"{p.Completed}/{p.Total} {p.Unit}"));

    private sealed class Sync(Action<ReconstructionProgress> report) : IProgress<ReconstructionProgress>
    {
        public void Report(ReconstructionProgress value) => report(value);
    }
}
