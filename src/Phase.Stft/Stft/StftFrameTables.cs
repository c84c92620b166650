using System.Numerics.Tensors;

namespace Phase.Stft;

/// <summary>
/// Per-setting tables shared by the offline plan and the streaming classes, so that all of them window, rotate and
/// normalise frames identically.
/// </summary>
/// <remarks>
/// <para>Frame element <c>j = 0 … N − 1</c> of frame <c>n</c> is signal sample <c>s_n + j</c>; the frame centre is element
/// <c>h = ⌊N/2⌋</c>. The FFT sees the windowed frame rotated left by <c>h</c> (element <c>j</c> at FFT index
/// <c>(j − h) mod N</c>), which references the phase to the frame centre. With <c>a = N − h</c>, FFT index
/// <c>i &lt; a</c> holds element <c>i + h</c> and index <c>i ≥ a</c> holds element <c>i − a</c>.</para>
/// <para>Normalisation: <c>P[r] = Σ_q fw²[r + qH]</c> (<c>r = 0 … H − 1</c>) is the window-square sum every sample with
/// <c>(t − s_0) mod H = r</c> sees when all frames covering it exist. The synthesis window <c>fw[j] / P[j mod H]</c> therefore
/// makes plain overlap-add exact in the interior; near the ends, where frames are missing, the output is multiplied by
/// <c>P / A</c> with <c>A(t)</c> the sum over the frames actually present (<see cref="ApplyEdgeGains"/>).</para>
/// </remarks>
internal sealed class StftFrameTables
{
    /// <summary>Samples whose window-square sum <c>A(t)</c> is below this fraction of <c>max P</c> are not covered by the
    /// frames present and come back as zero (dividing by a smaller sum would amplify rounding by more than 10¹⁰).</summary>
    public const double EdgeFloorRatio = 1e-10;

    public StftFrameTables(StftSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        int n = settings.FftSize, hop = settings.Hop, half = n / 2;
        FftSize = n;
        Hop = hop;
        Half = half;
        BinCount = settings.BinCount;
        ReadOnlySpan<float> fw = settings.FrameWindow;

        var periodic = new double[hop];
        WindowSquared = new float[n];
        for (int j = 0; j < n; j++)
        {
            double w = fw[j];
            periodic[j % hop] += w * w;
            WindowSquared[j] = (float)(w * w);
        }

        PeriodicSum = new float[hop];
        double max = 0;
        for (int r = 0; r < hop; r++)
        {
            PeriodicSum[r] = (float)periodic[r];
            max = Math.Max(max, periodic[r]);
        }

        EdgeFloor = (float)(EdgeFloorRatio * max);
        AnalysisWindow = new float[n];
        SynthesisWindow = new float[n];
        for (int i = 0; i < n; i++)
        {
            int j = (i + half) % n;
            AnalysisWindow[i] = fw[j];

            // StftSettings guarantees NOLA, so every P[r] is at least 1e-4 of its maximum and the division is safe.
            SynthesisWindow[i] = (float)(fw[j] / periodic[j % hop]);
        }
    }

    /// <summary>FFT size <c>N</c>.</summary>
    public int FftSize { get; }

    /// <summary>Hop <c>H</c>.</summary>
    public int Hop { get; }

    /// <summary><c>h = ⌊N/2⌋</c>, the frame centre's element index.</summary>
    public int Half { get; }

    /// <summary><c>K = ⌊N/2⌋ + 1</c>.</summary>
    public int BinCount { get; }

    /// <summary>The frame window in FFT order: <c>AnalysisWindow[i] = fw[(i + h) mod N]</c>.</summary>
    public float[] AnalysisWindow { get; }

    /// <summary>The interior synthesis window in FFT order: <c>fw[j] / P[j mod H]</c> with <c>j = (i + h) mod N</c>.</summary>
    public float[] SynthesisWindow { get; }

    /// <summary><c>fw²[j]</c> in frame order.</summary>
    public float[] WindowSquared { get; }

    /// <summary><c>P[r] = Σ_q fw²[r + qH]</c>, <c>r = 0 … H − 1</c>.</summary>
    public float[] PeriodicSum { get; }

    /// <summary>Window-square sums at or below this are treated as zero coverage.</summary>
    public float EdgeFloor { get; }

    /// <summary>Writes the windowed frame, rotated by <c>h</c>, into <paramref name="destination"/> (both <c>N</c> long).</summary>
    /// <param name="frame">Frame elements <c>j = 0 … N − 1</c> (signal samples <c>s_n … s_n + N − 1</c>).</param>
    /// <param name="destination">FFT input, <c>N</c> samples.</param>
    public void WindowAndRotate(ReadOnlySpan<float> frame, Span<float> destination)
    {
        int a = FftSize - Half;
        TensorPrimitives.Multiply(frame.Slice(Half, a), AnalysisWindow.AsSpan(0, a), destination.Slice(0, a));
        TensorPrimitives.Multiply(frame.Slice(0, Half), AnalysisWindow.AsSpan(a, Half), destination.Slice(a, Half));
    }

    /// <summary>Overlap-adds one inverse-FFT output (rotated, <c>N</c> samples) weighted by the synthesis window into
    /// <paramref name="output"/>, where frame element <c>j</c> lands on <c>output[frameStart + j]</c>; elements outside
    /// <paramref name="output"/> are skipped.</summary>
    public void OverlapAdd(ReadOnlySpan<float> rotatedFrame, Span<float> output, long frameStart)
    {
        int a = FftSize - Half;
        AccumulateClipped(rotatedFrame.Slice(0, a), SynthesisWindow.AsSpan(0, a), output, frameStart + Half);
        AccumulateClipped(rotatedFrame.Slice(a, Half), SynthesisWindow.AsSpan(a, Half), output, frameStart);
    }

    /// <summary>
    /// Applies the exact edge normalisation to <c>output[t]</c>, <c>t ∈ [t0, t1)</c>: multiplies by <c>P[(t − s_0) mod H] / A(t)</c>,
    /// <c>A(t) = Σ_{n=0}^{F−1} fw²[t − s_n]</c>, or by 0 where <c>A(t) ≤</c> <see cref="EdgeFloor"/>. Sample <c>t</c> of
    /// <paramref name="output"/> is signal sample <c>t + outputOrigin</c>. Allocation-free; O((t1 − t0)·N/H).
    /// </summary>
    /// <param name="output">The overlap-added output (interior-normalised).</param>
    /// <param name="outputOrigin">The signal sample of <c>output[0]</c>.</param>
    /// <param name="firstFrameStart"><c>s_0</c>, the signal sample of frame 0's element 0.</param>
    /// <param name="frameCount">Frames present, <c>F</c> (frames 0 … F − 1).</param>
    /// <param name="t0">First output index to correct.</param>
    /// <param name="t1">End (exclusive) of the output indices to correct.</param>
    /// <param name="scratch">At least <c>t1 − t0</c> floats.</param>
    public void ApplyEdgeGains(Span<float> output, long outputOrigin, long firstFrameStart, long frameCount, int t0, int t1, Span<float> scratch)
    {
        if (t1 <= t0)
        {
            return;
        }

        int len = t1 - t0;
        Span<float> sum = scratch.Slice(0, len);
        sum.Clear();
        int n = FftSize, hop = Hop;

        // Signal samples [g0, g1) to correct; frames with s_n < g1 and s_n + N > g0 touch them.
        long g0 = outputOrigin + t0, g1 = outputOrigin + t1;
        long first = Math.Max(0, FloorDiv(g0 - firstFrameStart - n, hop) + 1);
        long last = Math.Min(frameCount - 1, FloorDiv(g1 - 1 - firstFrameStart, hop));
        for (long f = first; f <= last; f++)
        {
            long s = firstFrameStart + f * hop;
            long lo = Math.Max(g0, s), hi = Math.Min(g1, s + n);
            if (hi > lo)
            {
                Span<float> dst = sum.Slice((int)(lo - g0), (int)(hi - lo));
                TensorPrimitives.Add(dst, WindowSquared.AsSpan((int)(lo - s), (int)(hi - lo)), dst);
            }
        }

        float floor = EdgeFloor;
        int r = (int)FloorMod(g0 - firstFrameStart, hop); // (t − s_0) mod H, advanced incrementally
        for (int i = 0; i < len; i++)
        {
            float a = sum[i];
            output[t0 + i] = a > floor ? output[t0 + i] * (PeriodicSum[r] / a) : 0f;
            if (++r == hop)
            {
                r = 0;
            }
        }
    }

    /// <summary><c>⌊a / b⌋</c> for <c>b &gt; 0</c>.</summary>
    public static long FloorDiv(long a, long b) => a >= 0 ? a / b : -((-a + b - 1) / b);

    /// <summary><c>a mod b</c> in <c>[0, b)</c> for <c>b &gt; 0</c>.</summary>
    public static long FloorMod(long a, long b)
    {
        long r = a % b;
        return r < 0 ? r + b : r;
    }

    /// <summary><c>output[t0 + i] += w[i]·u[i]</c> for every <c>i</c> with <c>0 ≤ t0 + i &lt; output.Length</c>.</summary>
    private static void AccumulateClipped(ReadOnlySpan<float> u, ReadOnlySpan<float> w, Span<float> output, long t0)
    {
        long lo = Math.Max(0, -t0);
        long hi = Math.Min(u.Length, output.Length - t0);
        if (hi <= lo)
        {
            return;
        }

        int start = (int)lo, count = (int)(hi - lo);
        Span<float> dst = output.Slice((int)(t0 + lo), count);
        TensorPrimitives.MultiplyAdd(u.Slice(start, count), w.Slice(start, count), dst, dst);
    }
}
