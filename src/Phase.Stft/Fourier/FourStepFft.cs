using System.Numerics;
using System.Runtime.CompilerServices;

namespace Phase.Fourier;

/// <summary>
/// Mixed-radix (2, 3, 4, 5, 8) complex FFT for 2·3·5-smooth lengths, organised as a four-step FFT so that every
/// butterfly runs on whole vectors without shuffles.
/// </summary>
/// <remarks>
/// <para>With <c>n = M·L</c>, where <c>L</c> is the vector width (16, 8 or 4 floats; 1 when no width fits), the
/// input index is <c>m = L·p + j</c> and the output index <c>k = k' + M·k''</c>:
/// <c>X[k' + M·k''] = Σ_j ω_L^{j·k''} · ω_n^{j·k'} · Σ_p x[L·p + j]·ω_M^{p·k'}</c>.</para>
/// <list type="number">
/// <item>Pass 1: the inner sums are <c>L</c> independent <c>M</c>-point DFTs, one per lane <c>j</c>. Reading the input
/// as <c>M</c> rows of <c>L</c> floats puts transform <c>j</c> in lane <c>j</c> of every vector, so Stockham stages run
/// vector-wide with broadcast twiddles. Its last stage also multiplies by <c>ω_n^{j·k'}</c> (a per-float table).</item>
/// <item>Pass 2: transposes the <c>M × L</c> result to <c>L × M</c> in <c>L × L</c> register blocks (the only
/// shuffles in the transform).</item>
/// <item>Pass 3: <c>L</c>-point DFTs down the columns of the <c>L × M</c> matrix, again Stockham stages on rows, now
/// <c>M</c> floats wide; the result is in natural order.</item>
/// </list>
/// <para>Twiddle factors are computed in double precision and rounded to float once.</para>
/// </remarks>
internal sealed class FourStepFft : ComplexFft
{
    private readonly Stage[] _stages;
    private readonly AlignedBuffer _twiddles;
    private readonly int _imOffset;

    /// <summary>Creates a plan.</summary>
    /// <param name="n">Transform length, 2·3·5-smooth.</param>
    /// <param name="maxVectorWidth">Widest vector (floats) the kernels may use.</param>
    /// <param name="rowWidth">1 for one transform. Greater than 1: <paramref name="rowWidth"/> independent transforms
    /// side by side, element <c>e</c> of transform <c>t</c> at float <c>e·rowWidth + t</c> of each plane (no four-step
    /// split; used for batches with one frame per lane).</param>
    public FourStepFft(int n, int maxVectorWidth, int rowWidth = 1)
        : base(n, maxVectorWidth)
    {
        if (!IsSmooth(n))
        {
            throw new ArgumentOutOfRangeException(nameof(n), n, "The mixed-radix FFT needs a length whose only prime factors are 2, 3 and 5.");
        }

        int lanes = rowWidth;
        if (rowWidth == 1)
        {
            foreach (int w in (ReadOnlySpan<int>)[16, 8, 4])
            {
                if (SimdWidth.Widest(maxVectorWidth, w) == w && n % w == 0 && n / w >= w)
                {
                    lanes = w;
                    break;
                }
            }
        }

        bool fourStep = rowWidth == 1 && lanes > 1;

        Lanes = lanes;
        int rows = fourStep ? n / lanes : n;
        var stages = new List<Stage>();
        var re = new List<float>();
        var im = new List<float>();

        // Pass 1: M-point transforms on rows of L floats.
        int[] radices = Factor(rows);
        int ncur = rows, s = 1;
        for (int t = 0; t < radices.Length; t++)
        {
            int r = radices[t];
            int m = ncur / r;
            int sb = s * lanes;
            int width = SimdWidth.Widest(maxVectorWidth, sb);
            if (m == 1 && fourStep)
            {
                // Last stage: per-float twiddle ω_n^{j·e} for output row e, lane j (same layout as the output).
                int offset = re.Count;
                for (int e = 0; e < rows; e++)
                {
                    for (int j = 0; j < lanes; j++)
                    {
                        AddTwiddle(re, im, (long)j * e, n);
                    }
                }

                stages.Add(new Stage(StageKind.Final, r, m, sb, width, offset));
            }
            else
            {
                stages.Add(new Stage(StageKind.Normal, r, m, sb, width, AddStageTwiddles(re, im, r, m)));
            }

            ncur = m;
            s *= r;
        }

        if (fourStep)
        {
            // Pass 2 and pass 3: L-point transforms down the columns, on rows of M floats.
            stages.Add(new Stage(StageKind.Transpose, 0, rows, 0, lanes, 0));
            ncur = lanes;
            s = 1;
            foreach (int r in Factor(lanes))
            {
                int m = ncur / r;
                int sb = s * rows;
                stages.Add(new Stage(StageKind.Normal, r, m, sb, SimdWidth.Widest(maxVectorWidth, sb), AddStageTwiddles(re, im, r, m)));
                ncur = m;
                s *= r;
            }
        }

        _stages = [.. stages];
        _imOffset = re.Count;
        _twiddles = new AlignedBuffer(Math.Max(1, 2 * re.Count));
        re.CopyTo(_twiddles.Span);
        im.CopyTo(_twiddles.Span[_imOffset..]);
    }

    /// <summary>Lanes <c>L</c> of the four-step split (1 when the transform runs as a single Stockham pass), or the row
    /// width of a batched plan.</summary>
    public int Lanes { get; }

    /// <summary>The radices of the stages, in execution order (for diagnostics and tests).</summary>
    public IEnumerable<int> Radices => _stages.Where(s => s.Kind != StageKind.Transpose).Select(s => s.Radix);

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public override bool Forward(ref float srcRe, ref float srcIm, ref float re0, ref float im0, ref float re1, ref float im1) =>
        Execute<PlanarInput, PlanarOutput>(ref srcRe, ref srcIm, ref re0, ref im0, ref re1, ref im1, ref Unsafe.NullRef<float>(), ref Unsafe.NullRef<float>());

    /// <summary>The first stage reads the interleaved pairs directly (no separate deinterleave pass).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public override bool ForwardInterleaved(ref float x, ref float re0, ref float im0, ref float re1, ref float im1) =>
        Execute<InterleavedInput, PlanarOutput>(ref x, ref x, ref re0, ref im0, ref re1, ref im1, ref Unsafe.NullRef<float>(), ref Unsafe.NullRef<float>());

    /// <summary>The last stage writes the swapped, interleaved output directly (no separate interleave pass).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public override void ForwardSwappedInterleaved(ref float srcRe, ref float srcIm, ref float re0, ref float im0, ref float re1, ref float im1, ref float y) =>
        Execute<PlanarInput, SwappedInterleavedOutput>(ref srcRe, ref srcIm, ref re0, ref im0, ref re1, ref im1, ref y, ref y);

    /// <summary>The last stage writes the swapped planes to the two outputs directly.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public override void ForwardSwappedPlanar(ref float srcRe, ref float srcIm, ref float re0, ref float im0, ref float re1, ref float im1, ref float outRe, ref float outIm) =>
        Execute<PlanarInput, SwappedPlanarOutput>(ref srcRe, ref srcIm, ref re0, ref im0, ref re1, ref im1, ref outRe, ref outIm);

    // The dispatch methods (this one, Run<TIn, TOut>, the Forward overloads and their callers) are compiled once, fully
    // optimised, like the kernels. With tiered PGO, their tier-1 recompiles made the paired-frame batch path 4–5×
    // slower in some processes — with the same kernels, vector widths and results; the cause was not isolated.

    /// <summary>Runs the stages: the first reads through <typeparamref name="TIn"/>, the last writes through
    /// <typeparamref name="TOut"/> (into <paramref name="outRe"/>/<paramref name="outIm"/> unless it is the planar work-buffer
    /// output), the others use split
    /// planes and ping-pong between the work buffers. Returns where a planar result is, as <see cref="Forward"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private bool Execute<TIn, TOut>(ref float srcRe, ref float srcIm, ref float re0, ref float im0, ref float re1, ref float im1, ref float outRe, ref float outIm)
        where TIn : struct, IStageInput
        where TOut : struct, IStageOutput
    {
        bool toOutput = typeof(TOut) != typeof(PlanarOutput);
        ReadOnlySpan<Stage> stages = _stages;
        if (stages.Length == 0)
        {
            // n = 1: the DFT is the identity.
            TIn.Load(ref srcRe, ref srcIm, 0, out VecScalar re, out VecScalar im);
            if (toOutput)
            {
                TOut.Store(ref outRe, ref outIm, 0, re, im);
            }
            else
            {
                VecScalar.Store(re, ref re0);
                VecScalar.Store(im, ref im0);
            }

            return false;
        }

        // The first stage reads the source and writes (re1, im1); later stages alternate between the work buffers.
        // "second" says where the data is after a stage: (re1, im1) when true, (re0, im0) when false.
        bool second = false;
        for (int i = 0; i < stages.Length; i++)
        {
            bool first = i == 0, last = i == stages.Length - 1;
            bool toSecond = first || !second;
            ref float xr = ref first ? ref srcRe : ref second ? ref re1 : ref re0;
            ref float xi = ref first ? ref srcIm : ref second ? ref im1 : ref im0;
            ref float yr = ref last && toOutput ? ref outRe : ref toSecond ? ref re1 : ref re0;
            ref float yi = ref last && toOutput ? ref outIm : ref toSecond ? ref im1 : ref im0;
            if (first && last)
            {
                Run<TIn, TOut>(in stages[i], ref xr, ref xi, ref yr, ref yi);
            }
            else if (first)
            {
                Run<TIn, PlanarOutput>(in stages[i], ref xr, ref xi, ref yr, ref yi);
            }
            else if (last)
            {
                Run<PlanarInput, TOut>(in stages[i], ref xr, ref xi, ref yr, ref yi);
            }
            else
            {
                Run<PlanarInput, PlanarOutput>(in stages[i], ref xr, ref xi, ref yr, ref yi);
            }

            second = toSecond;
        }

        return second;
    }

    /// <summary>
    /// Radices for an <paramref name="n"/>-point Stockham pass: fives, then threes, then powers of two as radix 8/4
    /// (one radix 2 only when the power of two is 2¹). Fewer, larger stages mean fewer passes over memory.
    /// </summary>
    internal static int[] Factor(int n)
    {
        var list = new List<int>();
        while (n % 5 == 0)
        {
            list.Add(5);
            n /= 5;
        }

        while (n % 3 == 0)
        {
            list.Add(3);
            n /= 3;
        }

        int e = BitOperations.TrailingZeroCount(n);
        if (e == 1)
        {
            list.Add(2);
        }
        else
        {
            // e = 2a + 3b with as many 8s as keep the rest a multiple of 2 … prefer 8s, then 4s.
            int eights = e / 3;
            int rest = e - (3 * eights);
            if (rest == 1 && eights > 0)
            {
                eights--;
                rest += 3; // 8·2 → 4·4
            }

            for (int i = 0; i < eights; i++)
            {
                list.Add(8);
            }

            for (int i = 0; i < rest / 2; i++)
            {
                list.Add(4);
            }
        }

        return [.. list];
    }

    private static void AddTwiddle(List<float> re, List<float> im, long numerator, long denominator)
    {
        // ω^k = e^{−2πik/N}, evaluated in double from the reduced fraction k mod N.
        double angle = -2 * Math.PI * (numerator % denominator) / denominator;
        (double sin, double cos) = Math.SinCos(angle);
        re.Add((float)cos);
        im.Add((float)sin);
    }

    private static int AddStageTwiddles(List<float> re, List<float> im, int radix, int m)
    {
        int offset = re.Count;
        for (int p = 0; p < m; p++)
        {
            for (int k = 1; k < radix; k++)
            {
                AddTwiddle(re, im, (long)p * k, (long)radix * m);
            }
        }

        return offset;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void Run<TIn, TOut>(in Stage st, ref float xr, ref float xi, ref float yr, ref float yi)
        where TIn : struct, IStageInput
        where TOut : struct, IStageOutput
    {
        ref float twr = ref _twiddles[st.TwiddleOffset];
        ref float twi = ref _twiddles[_imOffset + st.TwiddleOffset];
        switch (st.Width)
        {
            case 16:
                Run<Vec512, TIn, TOut>(in st, ref xr, ref xi, ref yr, ref yi, ref twr, ref twi);
                break;
            case 8:
                Run<Vec256, TIn, TOut>(in st, ref xr, ref xi, ref yr, ref yi, ref twr, ref twi);
                break;
            case 4:
                Run<Vec128, TIn, TOut>(in st, ref xr, ref xi, ref yr, ref yi, ref twr, ref twi);
                break;
            default:
                Run<VecScalar, TIn, TOut>(in st, ref xr, ref xi, ref yr, ref yi, ref twr, ref twi);
                break;
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Run<T, TIn, TOut>(in Stage st, ref float xr, ref float xi, ref float yr, ref float yi, ref float twr, ref float twi)
        where T : struct, IFloatVector<T>
        where TIn : struct, IStageInput
        where TOut : struct, IStageOutput
    {
        nint m = st.M, sb = st.Sb;
        switch (st.Kind)
        {
            case StageKind.Transpose:
                Transpose<T>(ref xr, ref yr, m);
                Transpose<T>(ref xi, ref yi, m);
                return;
            case StageKind.Final:
                switch (st.Radix)
                {
                    case 2: StockhamKernels.Radix2Final<T, TIn, TOut>(ref xr, ref xi, ref yr, ref yi, sb, ref twr, ref twi); return;
                    case 3: StockhamKernels.Radix3Final<T, TIn, TOut>(ref xr, ref xi, ref yr, ref yi, sb, ref twr, ref twi); return;
                    case 4: StockhamKernels.Radix4Final<T, TIn, TOut>(ref xr, ref xi, ref yr, ref yi, sb, ref twr, ref twi); return;
                    case 5: StockhamKernels.Radix5Final<T, TIn, TOut>(ref xr, ref xi, ref yr, ref yi, sb, ref twr, ref twi); return;
                    default: StockhamKernels.Radix8Final<T, TIn, TOut>(ref xr, ref xi, ref yr, ref yi, sb, ref twr, ref twi); return;
                }

            default:
                switch (st.Radix)
                {
                    case 2: StockhamKernels.Radix2<T, TIn, TOut>(ref xr, ref xi, ref yr, ref yi, m, sb, ref twr, ref twi); return;
                    case 3: StockhamKernels.Radix3<T, TIn, TOut>(ref xr, ref xi, ref yr, ref yi, m, sb, ref twr, ref twi); return;
                    case 4: StockhamKernels.Radix4<T, TIn, TOut>(ref xr, ref xi, ref yr, ref yi, m, sb, ref twr, ref twi); return;
                    case 5: StockhamKernels.Radix5<T, TIn, TOut>(ref xr, ref xi, ref yr, ref yi, m, sb, ref twr, ref twi); return;
                    default: StockhamKernels.Radix8<T, TIn, TOut>(ref xr, ref xi, ref yr, ref yi, m, sb, ref twr, ref twi); return;
                }
        }
    }

    /// <summary>Transposes <paramref name="rows"/> rows of L = T.Count floats into L rows of <paramref name="rows"/>
    /// floats, in L × L blocks; a last partial block overlaps the previous one (out of place, so harmless).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Transpose<T>(ref float x, ref float y, nint rows)
        where T : struct, IFloatVector<T>
    {
        nint l = T.Count;
        for (nint b = 0; b < rows; b += l)
        {
            nint o = Math.Min(b, rows - l);
            T.TransposeBlock(ref Unsafe.Add(ref x, o * l), l, ref Unsafe.Add(ref y, o), rows);
        }
    }

    private enum StageKind : byte
    {
        Normal,
        Final,
        Transpose,
    }

    /// <param name="Kind">What the stage does.</param>
    /// <param name="Radix">Radix r.</param>
    /// <param name="M">m (number of twiddle groups) for butterflies; the row count M for a transpose.</param>
    /// <param name="Sb">Floats per contiguous run, s·B.</param>
    /// <param name="Width">Vector width used.</param>
    /// <param name="TwiddleOffset">Offset of this stage's twiddles in the table.</param>
    private readonly record struct Stage(StageKind Kind, int Radix, int M, int Sb, int Width, int TwiddleOffset);
}
