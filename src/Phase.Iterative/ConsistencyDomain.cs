using System.Buffers;

namespace Phase.Iterative;

/// <summary>
/// The signal domain on which the Griffin-Lim iterations run, and the exact projection onto consistent spectrograms
/// for it.
/// </summary>
/// <remarks>
/// <para><b>Geometry.</b> A spectrogram of <c>F</c> frames is the STFT of a signal <c>y</c> of length <c>L′</c> (the
/// <i>domain</i>) under the settings' padding. The iteration keeps the padded signal in an <i>extended buffer</i>
/// <c>X</c> of <c>E = (F − 1)·H + N</c> samples in which frame <c>n</c> occupies <c>[nH, nH + N)</c>; buffer sample
/// <c>e</c> is signal sample <c>t(e) = R(e − o)</c>, where <c>o = ⌊N/2⌋</c> for centred settings (0 uncentred) and
/// <c>R</c> is the padding: the identity inside <c>[0, L′)</c>, numpy's reflection for <see cref="StftPadding.Reflect"/>,
/// and "no sample" (zero) otherwise.</para>
/// <para><b>Projection.</b> With <c>V[e] = Σ_n fw[e − nH]·z_n[e − nH] / P[e mod H]</c> (plain overlap-add with the interior
/// synthesis window), the least-squares signal is
/// <c>y[t] = Σ_{e ∈ R⁻¹(t)} P[e mod H]·V[e] / A′(t)</c>, <c>A′(t) = Σ_{e ∈ R⁻¹(t)} A(e)</c>,
/// <c>A(e) = Σ_n fw²[e − nH]</c> (the padding's adjoint folds the padded samples back onto the samples they copy), and
/// the buffer is refilled with <c>X[e] = y[t(e)]</c>. Every buffer sample whose row of this linear map is not the identity
/// (padded samples, samples not covered by every frame, samples with mirror images) is an <i>edge row</i>; they come
/// in a few <i>clusters</i> (intervals closed under the map's reads and writes) at the two ends. Applying the clusters
/// after the overlap-add makes <c>STFT(ISTFT(·))</c> the exact orthogonal projection onto the STFTs of signals of
/// length <c>L′</c>, so the Griffin-Lim theorem holds for the spectral convergence of the signal that is returned.</para>
/// </remarks>
internal sealed class ConsistencyDomain
{
    /// <summary>Coverage below this fraction of <c>max P</c> counts as none (the sample is returned as 0), as in the STFT plan.</summary>
    private const double CoverageFloorRatio = 1e-10;

    private readonly int _n;
    private readonly int _hop;
    private readonly double[] _windowSquared;
    private readonly double[] _periodic;
    private readonly double _floor;
    private readonly StftPadding _padding;

    // Edge rows, grouped by cluster: cluster c owns rows [ClusterRowStart[c], ClusterRowStart[c + 1]); row r writes
    // X[RowTarget[r]] = Σ_{j ∈ [RowEntryStart[r], RowEntryStart[r + 1])} EntryWeight[j]·X[EntrySource[j]].
    private int[] _clusterStart = [];
    private int[] _clusterEnd = [];
    private int[] _clusterRowStart = [0];
    private int[] _rowTarget = [];
    private int[] _rowEntryStart = [0];
    private int[] _entrySource = [];
    private float[] _entryWeight = [];
    private float[] _rowScratch = [];

    public ConsistencyDomain(StftSettings settings)
    {
        _n = settings.FftSize;
        _hop = settings.Hop;
        _padding = settings.Padding;
        ReadOnlySpan<float> fw = settings.FrameWindow;
        _windowSquared = new double[_n];
        _periodic = new double[_hop];
        for (int j = 0; j < _n; j++)
        {
            double w = fw[j];
            _windowSquared[j] = w * w;
            _periodic[j % _hop] += w * w;
        }

        double max = 0;
        foreach (double p in _periodic)
        {
            max = Math.Max(max, p);
        }

        _floor = CoverageFloorRatio * max;
        Offset = settings.IsCentered ? _n / 2 : 0;
    }

    /// <summary><c>o</c>: the buffer index of signal sample 0.</summary>
    public int Offset { get; }

    /// <summary>Frames <c>F</c> of the configured problem.</summary>
    public int FrameCount { get; private set; }

    /// <summary>Domain length <c>L′</c>.</summary>
    public int DomainLength { get; private set; }

    /// <summary>Extended buffer length <c>E = (F − 1)·H + N</c>.</summary>
    public int BufferLength { get; private set; }

    /// <summary>Number of edge clusters.</summary>
    public int ClusterCount => _clusterStart.Length;

    /// <summary>First buffer index of cluster <paramref name="c"/>.</summary>
    public int ClusterStart(int c) => _clusterStart[c];

    /// <summary>End (exclusive) of cluster <paramref name="c"/>.</summary>
    public int ClusterEnd(int c) => _clusterEnd[c];

    /// <summary>The domain length for <paramref name="frames"/> frames closest to <paramref name="requested"/>: the
    /// requested length clamped to the lengths whose STFT has exactly <c>F</c> frames.</summary>
    public static int ResolveDomainLength(StftSettings settings, int frames, int requested)
    {
        long lo, hi;
        if (settings.IsCentered)
        {
            lo = Math.Max(1, (long)(frames - 1) * settings.Hop);
            hi = Math.Max(lo, (long)frames * settings.Hop - 1);
        }
        else if (frames == 1)
        {
            lo = 1;
            hi = settings.FftSize;
        }
        else
        {
            lo = (long)(frames - 2) * settings.Hop + settings.FftSize + 1;
            hi = (long)(frames - 1) * settings.Hop + settings.FftSize;
        }

        return (int)Math.Clamp(requested, lo, Math.Min(hi, Array.MaxLength));
    }

    /// <summary>Builds the edge rows for <paramref name="frames"/> frames and domain length <paramref name="domainLength"/>.
    /// O(E) time; allocates only when the tables grow.</summary>
    public void Configure(int frames, int domainLength)
    {
        long bufferLength = (long)(frames - 1) * _hop + _n;
        if (bufferLength > Array.MaxLength)
        {
            IterativeThrowHelper.Argument("magnitudes", $"{frames} frames at hop {_hop} exceed the largest array.");
        }

        int e0 = (int)bufferLength;
        FrameCount = frames;
        DomainLength = domainLength;
        BufferLength = e0;

        int[] signalIndex = ArrayPool<int>.Shared.Rent(e0);
        int[] preimageStart = ArrayPool<int>.Shared.Rent(domainLength + 1);
        int[] preimages = ArrayPool<int>.Shared.Rent(e0);
        try
        {
            // t(e) and R⁻¹(t) as compressed rows.
            Array.Clear(preimageStart, 0, domainLength + 1);
            for (int e = 0; e < e0; e++)
            {
                int t = SignalIndex(e);
                signalIndex[e] = t;
                if (t >= 0)
                {
                    preimageStart[t + 1]++;
                }
            }

            for (int t = 0; t < domainLength; t++)
            {
                preimageStart[t + 1] += preimageStart[t];
            }

            Span<int> fill = preimageStart.AsSpan(0, domainLength).ToArray();
            for (int e = 0; e < e0; e++)
            {
                int t = signalIndex[e];
                if (t >= 0)
                {
                    preimages[fill[t]++] = e;
                }
            }

            BuildRows(signalIndex, preimageStart, preimages);
        }
        finally
        {
            ArrayPool<int>.Shared.Return(signalIndex);
            ArrayPool<int>.Shared.Return(preimageStart);
            ArrayPool<int>.Shared.Return(preimages);
        }
    }

    /// <summary>Applies clusters <c>c, c + 1, …</c> while their end is at most <paramref name="finalEnd"/> (the overlap-add
    /// below it is complete); returns the next cluster not applied.</summary>
    public int ApplyReady(Span<float> buffer, int finalEnd, int cluster)
    {
        while (cluster < _clusterStart.Length && _clusterEnd[cluster] <= finalEnd)
        {
            Apply(buffer, cluster);
            cluster++;
        }

        return cluster;
    }

    /// <summary>Applies one cluster: evaluates every row from the values before the cluster is touched, then writes them.</summary>
    private void Apply(Span<float> buffer, int cluster)
    {
        int r0 = _clusterRowStart[cluster], r1 = _clusterRowStart[cluster + 1];
        Span<float> values = _rowScratch.AsSpan(0, r1 - r0);
        for (int r = r0; r < r1; r++)
        {
            float sum = 0;
            for (int j = _rowEntryStart[r]; j < _rowEntryStart[r + 1]; j++)
            {
                sum += _entryWeight[j] * buffer[_entrySource[j]];
            }

            values[r - r0] = sum;
        }

        for (int r = r0; r < r1; r++)
        {
            buffer[_rowTarget[r]] = values[r - r0];
        }
    }

    private int SignalIndex(int e)
    {
        long u = (long)e - Offset;
        int length = DomainLength;
        if (u >= 0 && u < length)
        {
            return (int)u;
        }

        if (_padding != StftPadding.Reflect)
        {
            return -1;
        }

        // numpy "reflect" applied repeatedly: the mirror extension without edge repeats has period 2(L − 1).
        long period = 2L * (length - 1);
        if (period == 0)
        {
            return 0;
        }

        long r = u % period;
        if (r < 0)
        {
            r += period;
        }

        return (int)(r < length ? r : period - r);
    }

    /// <summary><c>A(e) = Σ_n fw²[e − nH]</c> over the frames present.</summary>
    private double Coverage(int e)
    {
        int first = Math.Max(0, (e - _n) / _hop);
        int last = Math.Min(FrameCount - 1, e / _hop);
        double sum = 0;
        for (int f = first; f <= last; f++)
        {
            int j = e - f * _hop;
            if (j >= 0 && j < _n)
            {
                sum += _windowSquared[j];
            }
        }

        return sum;
    }

    private void BuildRows(int[] signalIndex, int[] preimageStart, int[] preimages)
    {
        int e0 = BufferLength;
        int fullStart = _n - _hop, fullEnd = FrameCount * _hop; // buffer samples every overlapping frame covers
        var targets = new List<int>();
        var entryStart = new List<int> { 0 };
        var sources = new List<int>();
        var weights = new List<float>();
        var spans = new List<(int Start, int End, int Row)>();

        for (int e = 0; e < e0; e++)
        {
            int t = signalIndex[e];
            bool identity = t >= 0 && t == e - Offset && preimageStart[t + 1] - preimageStart[t] == 1 && e >= fullStart && e < fullEnd;
            if (identity)
            {
                continue;
            }

            int lo = e, hi = e;
            if (t >= 0)
            {
                double coverage = 0;
                for (int j = preimageStart[t]; j < preimageStart[t + 1]; j++)
                {
                    coverage += Coverage(preimages[j]);
                }

                if (coverage > _floor)
                {
                    for (int j = preimageStart[t]; j < preimageStart[t + 1]; j++)
                    {
                        int source = preimages[j];
                        sources.Add(source);
                        weights.Add((float)(_periodic[source % _hop] / coverage));
                        lo = Math.Min(lo, source);
                        hi = Math.Max(hi, source);
                    }
                }
            }

            spans.Add((lo, hi + 1, targets.Count));
            targets.Add(e);
            entryStart.Add(sources.Count);
        }

        // Merge the rows' spans into clusters (intervals no row reads or writes across).
        spans.Sort((a, b) => a.Start.CompareTo(b.Start));
        var clusterStart = new List<int>();
        var clusterEnd = new List<int>();
        var rowOrder = new List<int>(spans.Count);
        var clusterRowStart = new List<int> { 0 };
        int k = 0;
        while (k < spans.Count)
        {
            int start = spans[k].Start, end = spans[k].End;
            int m = k;
            while (m < spans.Count && spans[m].Start < end)
            {
                end = Math.Max(end, spans[m].End);
                m++;
            }

            clusterStart.Add(start);
            clusterEnd.Add(end);
            for (int i = k; i < m; i++)
            {
                rowOrder.Add(spans[i].Row);
            }

            clusterRowStart.Add(rowOrder.Count);
            k = m;
        }

        // Store the rows in cluster order.
        int rows = rowOrder.Count;
        _rowTarget = new int[rows];
        _rowEntryStart = new int[rows + 1];
        _entrySource = new int[sources.Count];
        _entryWeight = new float[sources.Count];
        int entry = 0, maxRows = 0;
        for (int r = 0; r < rows; r++)
        {
            int old = rowOrder[r];
            _rowTarget[r] = targets[old];
            _rowEntryStart[r] = entry;
            for (int j = entryStart[old]; j < entryStart[old + 1]; j++)
            {
                _entrySource[entry] = sources[j];
                _entryWeight[entry] = weights[j];
                entry++;
            }
        }

        _rowEntryStart[rows] = entry;
        _clusterStart = clusterStart.ToArray();
        _clusterEnd = clusterEnd.ToArray();
        _clusterRowStart = clusterRowStart.ToArray();
        for (int c = 0; c < _clusterStart.Length; c++)
        {
            maxRows = Math.Max(maxRows, _clusterRowStart[c + 1] - _clusterRowStart[c]);
        }

        if (_rowScratch.Length < maxRows)
        {
            _rowScratch = new float[maxRows];
        }
    }
}
