using System.Numerics;
using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Phase.Spectral;

namespace Phase.GradientTheorem;

/// <summary>
/// The heap integration of <see cref="Pghi"/>, block-wise: the spectrogram is integrated in windows of
/// <c>B + O</c> frames (<c>B</c> committed, <c>O</c> of look-ahead that is integrated, used as a path, then discarded and
/// redone by the next window), each seeded by the last committed frame, so the heap and every work array stay the size
/// of one window and the cost per frame does not grow with the length of the input.
/// </summary>
/// <remarks>
/// <para>Within a window the algorithm is PGHI's: the seeds (the committed frame before the window, above the tolerance)
/// go on a max-heap keyed by magnitude; the top is popped and each of its neighbours in the window that is not yet
/// assigned (and above the tolerance) gets its phase by the trapezoid rule and is pushed; when the heap empties the
/// largest unassigned coefficient of the window starts a new region with phase 0. A window that holds the whole input
/// (<c>F ≤ B</c>) is exactly the global algorithm, coefficient for coefficient. Across windows the difference is that
/// integration cannot run backwards more than <c>O</c> frames over a block boundary.</para>
/// <para>The committed phases are written into the real plane of the result and each coefficient's region (0 for the
/// random phases below the tolerance) into the imaginary plane as integer bits; <see cref="Finish"/> then rotates every
/// region (<see cref="Pghi"/>'s real-edge alignment) and turns the planes into <c>s·e^{iφ}</c>. Per-call memory is
/// about 37 bytes per coefficient of one window (≈ 3 MB at K = 513) besides the result.</para>
/// </remarks>
internal sealed class PghiIntegrator
{
    /// <summary>Committed frames per window, <c>B</c>.</summary>
    public const int DefaultBlockFrames = 128;

    /// <summary>Look-ahead frames per window, <c>O</c>.</summary>
    public const int DefaultOverlapFrames = 16;

    private readonly int _bins;
    private int _frames;
    private readonly int _block;
    private readonly int _overlap;
    private readonly int _capacity;   // frames of the work arrays (the largest window + seed column)
    private readonly int _shift;      // bits of the bin in a heap key's frame/bin code
    private float _threshold;
    private readonly float[] _nominal;
    private readonly float[] _advance; // d, window-local, frame-major
    private readonly float[] _step;    // v
    private readonly float[] _phase;
    private readonly int[] _region;
    private readonly bool[] _done;
    private readonly int _scratch;
    private readonly LevelQueue _heap;
    private MaxHeap? _starts;
    private double[] _sums = new double[64]; // Σ s²·e^{2iφ} over the DC/Nyquist coefficients of each region (re, im)
    private int _regions = 1;                // region 0: the random phases below the tolerance

    /// <summary>Creates the work area for inputs of up to <paramref name="frames"/> frames (longer inputs need
    /// no more: the work arrays hold one window).</summary>
    public PghiIntegrator(StftSettings settings, int frames, int blockFrames, int overlapFrames)
    {
        _bins = settings.BinCount;
        _shift = 32 - BitOperations.LeadingZeroCount((uint)_bins);
        int maxWindow = (int)Math.Min(int.MaxValue, (1L << (31 - _shift)) - 1); // frames a key's code can hold
        _block = Math.Clamp(blockFrames, 1, maxWindow - 1);
        _overlap = Math.Clamp(overlapFrames, 0, maxWindow - 1 - _block);
        long window = Math.Min((long)frames, (long)_block + _overlap) + 1;
        _capacity = (int)window;
        int size = checked(_capacity * _bins);
        _nominal = PhaseMath.NominalAdvance(settings);
        _advance = new float[size];
        _step = new float[size];
        _scratch = size; // one slot past the window: where Flood's writes for a neighbour that is done go
        _phase = new float[size + 1];
        _region = new int[size + 1];
        _done = new bool[size + 1];
        _heap = new LevelQueue(size);
    }

    /// <summary>Whether this work area can integrate <paramref name="frames"/> frames with these window sizes.</summary>
    public bool Fits(int frames, int blockFrames, int overlapFrames) =>
        _block == Math.Max(1, blockFrames) && _overlap == Math.Max(0, overlapFrames) && _capacity >= Math.Min((long)frames, (long)_block + _overlap) + 1;

    /// <summary>Integrates the whole spectrogram (<paramref name="frames"/> frames, coefficients above
    /// <paramref name="threshold"/> integrated, the others random) into <paramref name="real"/> (phases) and
    /// <paramref name="imag"/> (region bits), then calls <see cref="Finish"/>, which leaves <c>s·e^{iφ}</c> in them.
    /// Reusable: every call starts from scratch.</summary>
    public void Run(ReadOnlySpan<float> s, int frames, float threshold, IPhaseGradientSource source, StftSettings settings, int seed, bool nyquistReal, Span<float> real, Span<float> imag, CancellationToken cancellationToken,
        IProgress<ReconstructionProgress>? progress = null)
    {
        _frames = frames;
        _threshold = threshold;
        _regions = 1;
        int bins = _bins;
        Span<int> regionOut = MemoryMarshal.Cast<float, int>(imag);
        var feeder = new GradientFeeder(settings, source);
        var random = new SplitMix64(seed);
        int lookahead = feeder.LookaheadFrames;
        int fed = 0, estimated = 0; // frames pushed into the feeder (real or missing) / whose derivatives are in the work arrays
        int t0 = 0, w0 = 0;            // first committed frame of the window, first frame of the work arrays
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            int t1 = (int)Math.Min(frames, (long)t0 + _block);
            int end = (int)Math.Min(frames, (long)t1 + _overlap);

            // Derivatives of the new frames of this window (earlier ones were moved down with the window).
            for (; estimated < end; estimated++)
            {
                for (; fed <= estimated + lookahead; fed++)
                {
                    if (fed < frames)
                    {
                        feeder.Push(s.Slice(fed * bins, bins));
                    }
                    else
                    {
                        feeder.PushMissing();
                    }
                }

                feeder.Estimate(estimated, Math.Min(lookahead, frames - 1 - estimated));
                int at = (estimated - w0) * bins;
                feeder.AdvanceDeviation.CopyTo(_advance.AsSpan(at, bins));
                feeder.FrequencyStep.CopyTo(_step.AsSpan(at, bins));
                if (estimated == 0)
                {
                    _advance.AsSpan(0, bins).Clear();
                }
            }

            Flood(s.Slice(w0 * bins, (end - w0) * bins), end - w0, t0 > w0 ? 1 : 0, cancellationToken);
            Commit(s, w0, t0, t1, nyquistReal, ref random, real, regionOut);
            if (t1 == frames)
            {
                break;
            }

            progress?.Report(new ReconstructionProgress(t1, frames, "frame"));

            // Slide: the last committed frame becomes the seed column; the look-ahead frames keep their derivatives.
            int from = (t1 - 1 - w0) * bins, count = (end - (t1 - 1)) * bins;
            _advance.AsSpan(from, count).CopyTo(_advance);
            _step.AsSpan(from, count).CopyTo(_step);
            _phase.AsSpan(from, bins).CopyTo(_phase);
            _region.AsSpan(from, bins).CopyTo(_region);
            w0 = t1 - 1;
            t0 = t1;
        }

        cancellationToken.ThrowIfCancellationRequested();
        Finish(s, real, imag);
    }

    /// <summary>The heap integration of one window of <paramref name="count"/> frames whose first
    /// <paramref name="seedFrames"/> (0 or 1) frame is known and seeds it.</summary>
    /// <remarks>Heap keys carry the magnitude's bits and the code <c>n·2^b + k</c> of the window-local frame and bin
    /// (<c>2^b ≥ K</c>), which orders like the local index <c>n·K + k</c> and needs no division to decode.</remarks>
    private void Flood(ReadOnlySpan<float> s, int count, int seedFrames, CancellationToken cancellationToken)
    {
        int bins = _bins, total = count * bins, shift = _shift;
        uint mask = (1u << shift) - 1;
        float threshold = _threshold;
        Span<bool> doneSpan = _done.AsSpan(0, total);
        LevelQueue heap = _heap;
        heap.Clear();
        int seeded = seedFrames * bins, remaining = 0;
        doneSpan[..seeded].Fill(true);
        for (int k = 0; k < seeded; k++)
        {
            if (s[k] > threshold)
            {
                heap.Push(MaxHeap.Key(s[k], k));
            }
        }

        for (int i = seeded; i < total; i++)
        {
            bool small = !(s[i] > threshold);
            doneSpan[i] = small;
            remaining += small ? 0 : 1;
        }

        ref float sr = ref MemoryMarshal.GetReference(s);
        ref float phase = ref MemoryMarshal.GetArrayDataReference(_phase);
        ref int region = ref MemoryMarshal.GetArrayDataReference(_region);
        ref bool done = ref MemoryMarshal.GetArrayDataReference(_done);
        ref float d = ref MemoryMarshal.GetArrayDataReference(_advance);
        ref float v = ref MemoryMarshal.GetArrayDataReference(_step);
        ref float nominal = ref MemoryMarshal.GetArrayDataReference(_nominal);
        var pending = default(Pending);
        ref ulong pend = ref pending[0];
        int scratch = _scratch;
        int searches = 0, steps = 0;
        while (true)
        {
            while (heap.TryTop(doneSpan, bins, count, shift, out ulong top))
            {
                if ((++steps & 0xFFFF) == 0)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                }

                uint code = (uint)top;
                int n = (int)(code >> shift), k = (int)(code & mask);
                int i = (n * bins) + k;
                float p = Unsafe.Add(ref phase, i);
                int r = Unsafe.Add(ref region, i);

                // The four neighbours without data-dependent branches (which the magnitudes make unpredictable): one
                // outside the window is replaced by the popped coefficient itself, which is done; a neighbour that is
                // done gets its writes sent to a scratch slot and its key is not counted. Same assignments, same order.
                int jr = i + (((k - bins + 1) >> 31) & 1);
                int jl = i - ((-k >> 31) & 1);
                int jn = i + (((n - count + 1) >> 31) & bins);
                int jp = i - ((-n >> 31) & bins);
                int news = 0;
                news += Assign(ref phase, ref region, ref done, ref sr, ref pend, news, scratch, r, jr, code + 1, p + Unsafe.Add(ref v, i));
                news += Assign(ref phase, ref region, ref done, ref sr, ref pend, news, scratch, r, jl, code - 1, p - Unsafe.Add(ref v, jl));
                float advance = Unsafe.Add(ref nominal, k);
                news += Assign(ref phase, ref region, ref done, ref sr, ref pend, news, scratch, r, jn, code + (1u << shift), p + advance + Unsafe.Add(ref d, jn));
                news += Assign(ref phase, ref region, ref done, ref sr, ref pend, news, scratch, r, jp, code - (1u << shift), p - advance - Unsafe.Add(ref d, i));
                if (news == 0)
                {
                    heap.RemoveTop();
                    continue;
                }

                // The loudest new neighbour takes the popped coefficient's place (one sift-down), the others are pushed.
                ulong largest = pend;
                for (int m = 1; m < news; m++)
                {
                    largest = Math.Max(largest, Unsafe.Add(ref pend, m));
                }

                heap.ReplaceTop(largest);
                for (int m = 0; m < news; m++)
                {
                    ulong key = Unsafe.Add(ref pend, m);
                    if (key != largest)
                    {
                        heap.Push(key);
                    }
                }

                remaining -= news;
            }

            if (remaining == 0)
            {
                return;
            }

            // A new region at the largest unassigned coefficient: a scan the first time, a heap of the window's
            // unassigned coefficients from the second time on (windows broken into many islands stay O(n log n)).
            ulong startKey = searches++ == 0 ? LargestUnassigned(s, doneSpan, seeded) : NextStart(s, doneSpan, seeded, searches == 2);
            uint startCode = (uint)startKey;
            int start = ((int)(startCode >> shift) * bins) + (int)(startCode & mask);
            Unsafe.Add(ref phase, start) = 0;
            Unsafe.Add(ref done, start) = true;
            Unsafe.Add(ref region, start) = NewRegion();
            remaining--;
            heap.Push(startKey);
        }
    }

    /// <summary>The keys of a popped coefficient's new neighbours.</summary>
    [InlineArray(4)]
    private struct Pending
    {
        private ulong _key;
    }

    /// <summary>When coefficient <paramref name="index"/> is not done, gives it its phase and region, marks it done,
    /// stores its heap key at <c>pending[at]</c> and returns 1; otherwise writes to the scratch slot and returns 0.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int Assign(ref float phase, ref int region, ref bool done, ref float s, ref ulong pending, int at, int scratch, int r, int index, uint code, float value)
    {
        int fresh = Unsafe.As<bool, byte>(ref Unsafe.Add(ref done, index)) ^ 1;
        int target = scratch + ((index - scratch) & -fresh);
        Unsafe.Add(ref phase, target) = PhaseMath.Wrap(value);
        Unsafe.Add(ref region, target) = r;
        Unsafe.Add(ref done, target) = true;
        Unsafe.Add(ref pending, at) = ((ulong)BitConverter.SingleToUInt32Bits(Unsafe.Add(ref s, index)) << 32) | code;
        return fresh;
    }

    /// <summary>The key of coefficient <paramref name="index"/> (window-local) with the frame/bin code.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private ulong KeyOf(ReadOnlySpan<float> s, int index)
    {
        int n = index / _bins;
        return MaxHeap.Key(s[index], (n << _shift) | (index - (n * _bins)));
    }

    private ulong LargestUnassigned(ReadOnlySpan<float> s, ReadOnlySpan<bool> done, int from)
    {
        if (from == 0)
        {
            // The first search of a window without seeds comes before anything is assigned: the largest coefficient is
            // above the tolerance (something is left to integrate), hence unassigned; ties go to the last, as below.
            ReadOnlySpan<float> window = s[..done.Length];
            return KeyOf(s, window.LastIndexOf(TensorPrimitives.Max(window)));
        }

        float best = -1;
        int index = -1;
        for (int i = from; i < done.Length; i++)
        {
            // ≥ keeps the last of equal magnitudes: ties go to the larger index, as in the heap.
            if (!done[i] && s[i] >= best)
            {
                best = s[i];
                index = i;
            }
        }

        return KeyOf(s, index);
    }

    private ulong NextStart(ReadOnlySpan<float> s, ReadOnlySpan<bool> done, int from, bool build)
    {
        MaxHeap starts = _starts ??= new MaxHeap(_capacity * _bins);
        if (build)
        {
            starts.Clear();
            for (int i = from; i < done.Length; i++)
            {
                if (!done[i])
                {
                    starts.AddUnordered(KeyOf(s, i));
                }
            }

            starts.Heapify();
        }

        while (true)
        {
            ulong key = starts.Pop();
            uint code = (uint)key;
            if (!done[((int)(code >> _shift) * _bins) + (int)(code & ((1u << _shift) - 1))])
            {
                return key;
            }
        }
    }

    private int NewRegion()
    {
        if (2 * (_regions + 1) > _sums.Length)
        {
            Array.Resize(ref _sums, 2 * _sums.Length);
        }

        _sums[2 * _regions] = 0;
        _sums[(2 * _regions) + 1] = 0;
        return _regions++;
    }

    /// <summary>Writes frames <c>t0 … t1 − 1</c>: integrated phases and their regions, or the next random phase (in
    /// index order, as the global algorithm draws them) below the tolerance; accumulates the real-edge sums.</summary>
    private void Commit(ReadOnlySpan<float> s, int w0, int t0, int t1, bool nyquistReal, ref SplitMix64 random, Span<float> real, Span<int> regionOut)
    {
        int bins = _bins;
        float threshold = _threshold;
        for (int n = t0; n < t1; n++)
        {
            int global = n * bins, local = (n - w0) * bins;
            ReadOnlySpan<float> frame = s.Slice(global, bins);
            Span<float> phase = _phase.AsSpan(local, bins), outPhase = real.Slice(global, bins);
            Span<int> region = _region.AsSpan(local, bins), outRegion = regionOut.Slice(global, bins);
            for (int k = 0; k < bins; k++)
            {
                if (frame[k] > threshold)
                {
                    outPhase[k] = phase[k];
                    outRegion[k] = region[k];
                }
                else
                {
                    outPhase[k] = random.NextPhase();
                    outRegion[k] = 0;
                }
            }

            Accumulate(frame[0], outPhase[0], outRegion[0]);
            if (nyquistReal && bins > 1)
            {
                Accumulate(frame[bins - 1], outPhase[bins - 1], outRegion[bins - 1]);
            }
        }

        void Accumulate(float m, float phase, int region)
        {
            if (region != 0)
            {
                double w = (double)m * m, angle = 2.0 * phase;
                _sums[2 * region] += w * Math.Cos(angle);
                _sums[(2 * region) + 1] += w * Math.Sin(angle);
            }
        }
    }

    /// <summary>Each region's phase is known only up to a constant, but the DC coefficients (and the Nyquist ones for even
    /// N) of a real signal are real: rotates each region by <c>c = −½·arg Σ s²·e^{2iφ}</c> over its DC and Nyquist
    /// coefficients, which makes them as nearly real as one constant can, and writes <c>s·e^{iφ}</c>.</summary>
    private void Finish(ReadOnlySpan<float> s, Span<float> real, Span<float> imag)
    {
        var shift = new float[_regions];
        for (int r = 1; r < _regions; r++)
        {
            double re = _sums[2 * r], im = _sums[(2 * r) + 1];
            shift[r] = re == 0 && im == 0 ? 0f : (float)(-0.5 * Math.Atan2(im, re));
        }

        int bins = _bins;
        Span<float> angle = _phase.AsSpan(0, bins);
        for (int n = 0; n < _frames; n++)
        {
            int at = n * bins;
            Span<float> re = real.Slice(at, bins), im = imag.Slice(at, bins);
            ReadOnlySpan<int> region = MemoryMarshal.Cast<float, int>(im);
            for (int k = 0; k < bins; k++)
            {
                int r = region[k];
                angle[k] = r == 0 ? re[k] : PhaseMath.Wrap(re[k] + shift[r]);
            }

            PhaseMath.PolarToComplex(s.Slice(at, bins), angle, re, im);
        }
    }
}
