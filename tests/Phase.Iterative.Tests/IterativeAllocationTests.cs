using Phase.Iterative;
using Phase.Testing;

namespace Phase.Tests.Iterative;

/// <summary>No allocation per FGLA/GLA iteration and per streaming frame, measured with
/// <see cref="GC.GetAllocatedBytesForCurrentThread"/> after warm-up.</summary>
public class IterativeAllocationTests
{
    [Fact]
    public void Fgla_and_gla_iterations_allocate_nothing()
    {
        MagnitudeSpectrogram target = TestAudio.Magnitudes(TestAudio.Speech, TestAudio.DemoExcerpt(22050));
        var progress = new CountingProgress();
        int observed = 0;
        var options = new ReconstructionOptions { Progress = progress, Observer = s => observed = s.Iteration };
        foreach (GriffinLimPlan plan in new[] { new FastGriffinLim(TestAudio.Speech).CreatePlan(), new GriffinLim(TestAudio.Speech).CreatePlan() })
        {
            using (plan)
            {
                plan.Start(target);
                long bytes = Allocations.Measure(() => plan.Iterate(1, double.NegativeInfinity, options), repetitions: 10);
                Assert.Equal(0, bytes);
                float[] signal = new float[plan.SignalLength];
                Assert.Equal(0, Allocations.Measure(() => plan.WriteSignal(signal), repetitions: 3));
            }
        }

        Assert.True(observed > 0 && progress.Count > 0);
    }

    [Fact]
    public void Streaming_frames_allocate_nothing()
    {
        MagnitudeSpectrogram target = TestAudio.Magnitudes(TestAudio.Speech, TestAudio.DemoExcerpt(22050));
        using IStreamingPhaseReconstructor rtisi = new RtisiLa(TestAudio.Speech).CreateStreaming();
        using IStreamingPhaseReconstructor plain = new RtisiLa(TestAudio.Speech) { Alpha = 0 }.CreateStreaming();
        using IStreamingPhaseReconstructor spsi = new Spsi(TestAudio.Speech).CreateStreaming();
        foreach (IStreamingPhaseReconstructor r in new[] { rtisi, plain, spsi })
        {
            var hop = new float[TestAudio.Speech.Hop];
            var tail = new float[r.FlushLength];
            int frame = 0;
            Assert.Equal(0, Allocations.Measure(() => r.ProcessFrame(target.Frame(frame++ % target.FrameCount), hop), repetitions: 40));
            Assert.Equal(0, Allocations.Measure(() =>
            {
                r.Flush(tail);
                r.Reset();
            }, repetitions: 2));
            Assert.Equal(0, Allocations.Measure(r.Reset, repetitions: 2));
        }
    }

    private sealed class CountingProgress : IProgress<ReconstructionProgress>
    {
        public int Count { get; private set; }

        public void Report(ReconstructionProgress value) => Count++;
    }
}
