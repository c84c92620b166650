using Phase.Iterative;
using Phase.Stft;
using Phase.Testing;

namespace Phase.Tests.Iterative;

public class GriffinLimBatchTests
{
    private static readonly StftSettings Settings = TestAudio.Small;

    private static MagnitudeSpectrogram[] Items() =>
    [
        Settings.StftMagnitude(TestAudio.DemoExcerpt(6000)),
        Settings.StftMagnitude(Signals.Noise(3000, seed: 1)),
        Settings.StftMagnitude(Signals.Chirp(7000, 200, 3000, 22050)),
        Settings.StftMagnitude(TestAudio.Clip("festival-kal").AsSpan(20000, 4000).ToArray()),
        Settings.StftMagnitude(Signals.Sine(2500, 440, 22050)),
    ];

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(4)]
    [InlineData(-1)]
    public void Batch_results_equal_single_results_whatever_the_parallelism(int workers)
    {
        MagnitudeSpectrogram[] items = Items();
        var fgla = new FastGriffinLim(Settings) { Iterations = 12, Initialization = PhaseInitialization.Random };
        var options = new ReconstructionOptions { Seed = 4, ReturnSpectrogram = true };
        PhaseReconstruction[] batch = fgla.ReconstructBatch(items, options, workers);
        Assert.Equal(items.Length, batch.Length);
        for (int i = 0; i < items.Length; i++)
        {
            PhaseReconstruction single = fgla.Reconstruct(items[i], options);
            Assert.Equal(single.Signal, batch[i].Signal);
            Assert.Equal(single.SpectralConvergenceDb, batch[i].SpectralConvergenceDb);
            Assert.Equal(single.Spectrogram!.Real.ToArray(), batch[i].Spectrogram!.Real.ToArray());
        }

        // GLA as well.
        var gla = new GriffinLim(Settings) { Iterations = 7 };
        PhaseReconstruction[] glaBatch = gla.ReconstructBatch(items, null, workers);
        for (int i = 0; i < items.Length; i++)
        {
            Assert.Equal(gla.Reconstruct(items[i]).Signal, glaBatch[i].Signal);
        }
    }

    [Fact]
    public void Batch_reports_progress_per_item_and_rejects_bad_items_by_index()
    {
        MagnitudeSpectrogram[] items = Items();
        var reports = new List<ReconstructionProgress>();
        var progress = new LockedProgress(reports);
        new FastGriffinLim(Settings) { Iterations = 3 }.ReconstructBatch(items, new ReconstructionOptions { Progress = progress }, 2);
        Assert.Equal(items.Length, reports.Count);
        Assert.Equal(Enumerable.Range(1, items.Length).Select(i => (long)i), reports.Select(r => r.Completed).Order());
        Assert.All(reports, r => Assert.Equal("utterance", r.Unit));

        MagnitudeSpectrogram[] bad = [items[0], new MagnitudeSpectrogram(4, 65)];
        var e = Assert.Throws<ArgumentException>(() => new FastGriffinLim(Settings).ReconstructBatch(bad));
        Assert.Contains("Item 1", e.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentNullException>(() => new FastGriffinLim(Settings).ReconstructBatch([items[0], null!]));
        Assert.Throws<ArgumentOutOfRangeException>(() => new FastGriffinLim(Settings).ReconstructBatch(items, null, 0));

        // A NaN inside an item surfaces as the item's own ArgumentException.
        MagnitudeSpectrogram withNaN = items[1].Clone();
        withNaN[2, 3] = float.NaN;
        Assert.Throws<ArgumentException>(() => new FastGriffinLim(Settings) { Iterations = 2 }.ReconstructBatch([items[0], withNaN], null, 2));
    }

    [Fact]
    public void Interleaved_channels_equal_per_channel_reconstructions()
    {
        float[] left = TestAudio.DemoExcerpt(6000);
        float[] right = Signals.Chirp(6000, 300, 2000, 22050);
        MagnitudeSpectrogram[] channels = [Settings.StftMagnitude(left), Settings.StftMagnitude(right)];
        var fgla = new FastGriffinLim(Settings) { Iterations = 10 };
        float[] interleaved = fgla.ReconstructInterleaved(channels, new ReconstructionOptions { SignalLength = 6000 }, 2);
        float[] l = fgla.Reconstruct(channels[0], new ReconstructionOptions { SignalLength = 6000 }).Signal;
        float[] r = fgla.Reconstruct(channels[1], new ReconstructionOptions { SignalLength = 6000 }).Signal;
        Assert.Equal(12000, interleaved.Length);
        for (int i = 0; i < 6000; i++)
        {
            Assert.Equal(l[i], interleaved[2 * i]);
            Assert.Equal(r[i], interleaved[(2 * i) + 1]);
        }

        Assert.Throws<ArgumentException>(() => fgla.ReconstructInterleaved([channels[0], Settings.StftMagnitude(left.AsSpan(0, 3000).ToArray())]));
        Assert.Throws<ArgumentException>(() => fgla.ReconstructInterleaved([]));
    }

    private sealed class LockedProgress(List<ReconstructionProgress> list) : IProgress<ReconstructionProgress>
    {
        public void Report(ReconstructionProgress value)
        {
            lock (list)
            {
                list.Add(value);
            }
        }
    }
}
