using Phase.GradientTheorem;
using Phase.Testing;

namespace Phase.Tests.GradientTheorem;

/// <summary>
/// The heap-free two-column integrator of RTPGHI against a plain heap implementation of Průša and Søndergaard's
/// algorithm (a priority queue over the previous frame's and the current frame's bins, largest magnitude first).
/// <remarks>Kernel test: the level pass and the prefix sum are vectorised.</remarks>
/// </summary>
[KernelTest]
public class ColumnIntegratorTests
{
    /// <summary>The textbook heap: previous-frame bins seed the heap; a popped previous bin assigns the current bin by the
    /// time trapezoid, a popped current bin assigns its unassigned neighbours by the frequency trapezoid; when the heap
    /// empties the largest unassigned bin starts from the time prediction.</summary>
    private static double[] HeapReference(float[] prevPhase, float[] prevMag, float[] mag, float[] u, float[] v, float threshold, out bool[] small)
    {
        int bins = mag.Length;
        var phase = new double[bins];
        var done = new bool[bins];
        small = new bool[bins];
        var heap = new PriorityQueue<(int K, bool Current), float>(Comparer<float>.Create((a, b) => b.CompareTo(a)));
        for (int k = 0; k < bins; k++)
        {
            small[k] = !(mag[k] > threshold);
            done[k] = small[k];
            if (!small[k] && prevMag[k] > threshold)
            {
                heap.Enqueue((k, false), prevMag[k]);
            }
        }

        while (true)
        {
            while (heap.TryDequeue(out (int K, bool Current) item, out _))
            {
                int k = item.K;
                if (!item.Current)
                {
                    if (!done[k])
                    {
                        phase[k] = prevPhase[k] + (double)u[k];
                        done[k] = true;
                        heap.Enqueue((k, true), mag[k]);
                    }

                    continue;
                }

                if (k + 1 < bins && !done[k + 1])
                {
                    phase[k + 1] = phase[k] + v[k];
                    done[k + 1] = true;
                    heap.Enqueue((k + 1, true), mag[k + 1]);
                }

                if (k > 0 && !done[k - 1])
                {
                    phase[k - 1] = phase[k] - v[k - 1];
                    done[k - 1] = true;
                    heap.Enqueue((k - 1, true), mag[k - 1]);
                }
            }

            int top = -1;
            for (int k = 0; k < bins; k++)
            {
                if (!done[k] && (top < 0 || mag[k] > mag[top]))
                {
                    top = k;
                }
            }

            if (top < 0)
            {
                return phase;
            }

            phase[top] = prevPhase[top] + (double)u[top];
            done[top] = true;
            heap.Enqueue((top, true), mag[top]);
        }
    }

    [Theory]
    [InlineData(513, 1, 0.0)]
    [InlineData(513, 2, 0.2)]
    [InlineData(513, 3, 0.5)]
    [InlineData(129, 4, 0.3)]
    [InlineData(7, 5, 0.3)]
    [InlineData(2, 6, 0.0)]
    public void Sweeps_give_the_heap_algorithms_phases(int bins, int seed, double smallFraction)
    {
        var random = new Random(seed);
        for (int trial = 0; trial < 20; trial++)
        {
            var prevPhase = new float[bins];
            var prevMag = new float[bins];
            var mag = new float[bins];
            var u = new float[bins];
            var v = new float[bins];
            const float threshold = 0.1f;
            for (int k = 0; k < bins; k++)
            {
                prevPhase[k] = (float)((random.NextDouble() * 2 * Math.PI) - Math.PI);
                u[k] = (float)((random.NextDouble() * 6) - 3);
                v[k] = (float)((random.NextDouble() * 6) - 3);
                // Random magnitudes (no ties); some below the threshold in both frames, which cuts the chain into
                // regions and creates regions without a previous-frame source.
                mag[k] = random.NextDouble() < smallFraction ? (float)(random.NextDouble() * 0.1) : (float)(0.1 + random.NextDouble());
                prevMag[k] = random.NextDouble() < smallFraction ? (float)(random.NextDouble() * 0.1) : (float)(0.1 + random.NextDouble());
            }

            // Keep both edges sourced so that no region touching bin 0 or K − 1 is rootless (those are rotated to make
            // the edge bin real, which the textbook heap does not do; tested separately).
            foreach (int k in new[] { 0, bins - 1 })
            {
                mag[k] = prevMag[k] = 2f + k;
            }

            double[] expected = HeapReference(prevPhase, prevMag, mag, u, v, threshold, out bool[] small);
            var integrator = new ColumnIntegrator(bins, lastBinReal: true);
            var phase = new float[bins];
            int smallCount = integrator.Integrate(prevPhase, prevMag, true, mag, u, v, threshold, phase);
            Assert.Equal(small.Count(b => b), smallCount);
            for (int k = 0; k < bins; k++)
            {
                Assert.Equal(small[k], integrator.IsSmall(k));
                if (!small[k])
                {
                    double error = Math.Abs(GradientTestAudio.Wrap(phase[k] - expected[k]));
                    Assert.True(error < 2e-3, $"trial {trial} k={k}: {phase[k]} vs {expected[k]}");
                }
            }
        }
    }

    [Fact]
    public void A_first_frame_is_integrated_along_frequency_with_real_edge_bins()
    {
        // No previous frame: the chain is one region started at its largest bin; bin 0 comes out real (phase 0 or π)
        // and every step equals v.
        const int bins = 257;
        var random = new Random(11);
        var mag = new float[bins];
        var v = new float[bins];
        for (int k = 0; k < bins; k++)
        {
            mag[k] = (float)(0.5 + random.NextDouble());
            v[k] = (float)((random.NextDouble() * 2) - 1);
        }

        var integrator = new ColumnIntegrator(bins, lastBinReal: true);
        var phase = new float[bins];
        integrator.Integrate(new float[bins], new float[bins], false, mag, new float[bins], v, 0.1f, phase);
        Assert.True(Math.Abs(Math.Sin(phase[0])) < 1e-5, $"{phase[0]}");
        for (int k = 0; k < bins - 1; k++)
        {
            Assert.True(Math.Abs(GradientTestAudio.Wrap(phase[k + 1] - phase[k] - v[k])) < 1e-3, $"k={k}");
        }
    }
}
