using System.Globalization;
using System.Numerics;
using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Phase.Mel;

/// <summary>
/// Mel → linear: for every frame, the non-negative spectrum <c>x</c> (<c>K</c> bins) that best explains the mel
/// values <c>y</c> (<c>M</c> bands) through the filter bank <c>W</c>, by non-negative least squares:
/// <c>minimise ‖W·x − y‖₂² subject to x ≥ 0</c>.
/// </summary>
/// <remarks>
/// <para><b>What comes back.</b> The solve recovers the quantity the bank was applied to: the power spectrum
/// <c>|X|²</c> for a power mel, <c>|X|</c> for an amplitude mel (<see cref="MelSpectrumKind"/>);
/// <see cref="ToMagnitudes(ReadOnlySpan{float}, int, MelSpectrumKind)"/> returns magnitudes either way. With <c>M &lt; K</c> the problem is under-determined:
/// many spectra have the same mel image, and what is lost (harmonic detail inside a band) cannot come back. The solver
/// starts from the band densities interpolated linearly between band centres and moves only as far as the residual
/// requires, so it returns a smooth member of the solution set (like librosa's <c>mel_to_stft</c>, which starts
/// L-BFGS-B from the clipped pseudo-inverse). An exact active-set solver (Lawson–Hanson) would instead return a vertex
/// solution — at most <c>M</c> non-zero bins, a comb of spikes that sounds worse. Bins under no filter (DC and Nyquist
/// with the default band limits) come back as 0.</para>
/// <para><b>Algorithm.</b> Accelerated projected gradient (FISTA, Beck &amp; Teboulle 2009) with a diagonal step:
/// <c>x⁺ = max(0, z − D·Wᵀ(W·z − y))</c>, <c>z⁺ = x⁺ + β_t·(x⁺ − x)</c>, <c>D = diag(1 / (WᵀW·1))</c>.
/// <c>D⁻¹ − WᵀW</c> is positive semi-definite (WᵀW is entry-wise non-negative), so each step decreases a majoriser of the
/// objective and the method converges; the per-bin step adapts to the very different filter heights of an
/// area-normalised bank. <c>W</c> has at most two non-zeros per bin, so one iteration costs about <c>4·nnz(W) ≈ 8K</c>
/// multiply-adds per frame. Frames are solved in blocks of <see cref="BlockFrames"/>, one frame per SIMD lane
/// (<see cref="Vector{T}"/>), bins-major inside a block so every operation is a contiguous vector op; a block stops when
/// all its frames have met <see cref="MelInversionOptions.Tolerance"/> (checked every <see cref="CheckInterval"/>
/// iterations) or after <see cref="MelInversionOptions.MaxIterations"/>.</para>
/// <para><b>Accuracy</b> (docs/mel.md): on mels of real speech the median frame reaches a relative mel residual below
/// 1e-6 and the worst frame about 1e-3 with the defaults; smooth spectra come back to within 1 % in the covered bins.</para>
/// <para><b>Threading and memory.</b> A plan: not thread-safe (one per thread); the settings it was built from are. The
/// constructor allocates <c>O((K + M)·BlockFrames)</c> floats of scratch; <see cref="Invert"/> allocates nothing.</para>
/// </remarks>
public sealed class MelInverter
{
    /// <summary>Frames solved together, one per SIMD lane (a multiple of every <see cref="Vector{T}"/> width).</summary>
    public const int BlockFrames = 64;

    /// <summary>Iterations between convergence checks.</summary>
    public const int CheckInterval = 10;

    private const int B = BlockFrames;

    /// <summary>The optimality test is this much stricter than the residual test: the projected gradient shrinks faster
    /// than the residual of the frames whose constraints are active (deep spectral valleys).</summary>
    private const double OptimalityFactor = 0.1;

    private readonly MelFilterBank _bank;
    private readonly int _k;
    private readonly int _m;

    // Transposed structure: bin k lies under at most two filters, (_fa[k], _wa[k]) and (_fb[k], _wb[k]); a missing one has weight 0.
    private readonly int[] _fa;
    private readonly int[] _fb;
    private readonly float[] _wa;
    private readonly float[] _wb;
    private readonly float[] _step;     // D: 1 / (WᵀW·1)_k, 0 for bins under no filter
    private readonly float[] _density;  // 1 / Σ_k W[m,k] (0 for empty filters): the starting point's band densities

    // Block scratch, bins-major: value of frame j of bin k at [k·B + j].
    private readonly float[] _x;
    private readonly float[] _z;
    private readonly float[] _y;
    private readonly float[] _r;
    private readonly double[] _yNorm2;
    private readonly double[] _residual2;
    private readonly float[] _gradient2;   // per lane ‖Wᵀy‖², the scale of the optimality test
    private readonly float[] _violation2;  // per lane ‖v‖², v the projected gradient at x

    /// <summary>Creates an inverter for a filter bank.</summary>
    /// <param name="filterBank">The bank the mel spectrograms were made with.</param>
    /// <param name="options">Stopping rules; null for <see cref="MelInversionOptions.Default"/>.</param>
    /// <exception cref="ArgumentNullException"><paramref name="filterBank"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException">Negative <see cref="MelInversionOptions.MaxIterations"/>, or a tolerance outside (0, 1).</exception>
    public MelInverter(MelFilterBank filterBank, MelInversionOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(filterBank);
        options ??= MelInversionOptions.Default;
        if (options.MaxIterations < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.MaxIterations, "MaxIterations must be ≥ 0.");
        }

        if (!(options.Tolerance > 0 && options.Tolerance < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.Tolerance, "Tolerance must be in (0, 1), e.g. 1e-4.");
        }

        _bank = filterBank;
        Options = options;
        _k = filterBank.BinCount;
        _m = filterBank.MelCount;
        _fa = new int[_k];
        _fb = new int[_k];
        _wa = new float[_k];
        _wb = new float[_k];
        var filled = new int[_k];
        ReadOnlySpan<int> starts = filterBank.Starts, offsets = filterBank.Offsets;
        ReadOnlySpan<float> weights = filterBank.Weights;
        var rowSum = new double[_m];
        _density = new float[_m];
        for (int m = 0; m < _m; m++)
        {
            double sum = 0;
            for (int i = offsets[m]; i < offsets[m + 1]; i++)
            {
                int k = starts[m] + i - offsets[m];
                sum += weights[i];
                if (filled[k]++ == 0)
                {
                    _fa[k] = m;
                    _wa[k] = weights[i];
                }
                else
                {
                    _fb[k] = m;
                    _wb[k] = weights[i];
                }
            }

            rowSum[m] = sum;
            _density[m] = sum > 0 ? (float)(1.0 / sum) : 0f;
        }

        _step = new float[_k];
        for (int k = 0; k < _k; k++)
        {
            double curvature = _wa[k] * rowSum[_fa[k]] + _wb[k] * rowSum[_fb[k]];
            _step[k] = curvature > 0 ? (float)(1.0 / curvature) : 0f;
        }

        _x = new float[_k * B];
        _z = new float[_k * B];
        _y = new float[_m * B];
        _r = new float[_m * B];
        _yNorm2 = new double[B];
        _residual2 = new double[B];
        _gradient2 = new float[B];
        _violation2 = new float[B];
    }

    /// <summary>The filter bank.</summary>
    public MelFilterBank FilterBank => _bank;

    /// <summary>The stopping rules.</summary>
    public MelInversionOptions Options { get; }

    /// <summary>
    /// Solves every frame: <paramref name="mel"/> is frames × mels (row-major, linear values — decode dB or log first with
    /// <see cref="MelCompression"/>), <paramref name="destination"/> receives frames × bins of the same kind (power or
    /// amplitude).
    /// </summary>
    /// <param name="mel"><c>frameCount·M</c> finite, non-negative values.</param>
    /// <param name="frameCount">Number of frames, ≥ 0.</param>
    /// <param name="destination">Receives <c>frameCount·K</c> non-negative values.</param>
    /// <returns>Iterations used and the residuals reached.</returns>
    /// <exception cref="ArgumentException">A length is wrong, the frame count negative, or a mel value negative, NaN or infinite
    /// (the message names the first bad frame and band; a dB or log mel passed without decoding is the usual cause).</exception>
    public MelInversionStatistics Invert(ReadOnlySpan<float> mel, int frameCount, Span<float> destination)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(frameCount);
        MelThrowHelper.ThrowIfNotFrames(mel.Length, frameCount, _m, nameof(mel), "mel bands");
        MelThrowHelper.ThrowIfNotFrames(destination.Length, frameCount, _k, nameof(destination), "bins");
        ThrowIfNotLinearMel(mel);

        int maxIterations = 0, counted = 0;
        double worst = 0, sum = 0;
        for (int first = 0; first < frameCount; first += B)
        {
            int frames = Math.Min(B, frameCount - first);
            LoadBlock(mel.Slice(first * _m, frames * _m), frames);
            int used = SolveBlock();
            maxIterations = Math.Max(maxIterations, used);
            for (int j = 0; j < frames; j++)
            {
                if (_yNorm2[j] > 0)
                {
                    double rel = Math.Sqrt(_residual2[j] / _yNorm2[j]);
                    worst = Math.Max(worst, rel);
                    sum += rel;
                    counted++;
                }
            }

            StoreBlock(destination.Slice(first * _k, frames * _k), frames);
        }

        return new MelInversionStatistics(frameCount, maxIterations, worst, counted > 0 ? sum / counted : 0);
    }

    /// <summary>Mel spectrogram → STFT magnitudes <c>|X|</c>: solves with <see cref="Invert"/>, then takes the square root
    /// for a power mel.</summary>
    /// <param name="mel">Linear mel values, frames × mels.</param>
    /// <param name="frameCount">Number of frames, ≥ 1.</param>
    /// <param name="kind">Whether the bank was applied to <c>|X|²</c> or <c>|X|</c>.</param>
    /// <param name="statistics">What the solve did.</param>
    /// <returns>A new magnitude spectrogram of <paramref name="frameCount"/> frames × <c>K</c> bins.</returns>
    /// <exception cref="ArgumentException">See <see cref="Invert"/>; also a frame count of 0.</exception>
    public MagnitudeSpectrogram ToMagnitudes(ReadOnlySpan<float> mel, int frameCount, MelSpectrumKind kind, out MelInversionStatistics statistics)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(frameCount, 1);
        var result = new MagnitudeSpectrogram(frameCount, _k);
        statistics = Invert(mel, frameCount, result.Values);
        if (kind == MelSpectrumKind.Power)
        {
            TensorPrimitives.Sqrt(result.Values, result.Values);
        }

        return result;
    }

    /// <summary>Mel spectrogram → STFT magnitudes; see <see cref="ToMagnitudes(ReadOnlySpan{float}, int, MelSpectrumKind, out MelInversionStatistics)"/>.</summary>
    /// <param name="mel">Linear mel values, frames × mels.</param>
    /// <param name="frameCount">Number of frames, ≥ 1.</param>
    /// <param name="kind">Whether the bank was applied to <c>|X|²</c> or <c>|X|</c>.</param>
    /// <returns>A new magnitude spectrogram.</returns>
    /// <exception cref="ArgumentException">See <see cref="Invert"/>.</exception>
    public MagnitudeSpectrogram ToMagnitudes(ReadOnlySpan<float> mel, int frameCount, MelSpectrumKind kind = MelSpectrumKind.Power) =>
        ToMagnitudes(mel, frameCount, kind, out _);

    private void ThrowIfNotLinearMel(ReadOnlySpan<float> mel)
    {
        if (TensorPrimitives.IsFiniteAll(mel) && (mel.Length == 0 || TensorPrimitives.Min(mel) >= 0))
        {
            return;
        }

        for (int i = 0; i < mel.Length; i++)
        {
            if (!(mel[i] >= 0) || float.IsPositiveInfinity(mel[i]))
            {
                throw new ArgumentException(string.Create(CultureInfo.InvariantCulture,
                    $"mel[{i / _m}, {i % _m}] (frame, band) is {mel[i]}; linear mel values must be finite and ≥ 0. Decode dB or log-compressed mels first (MelCompression.Decode)."), nameof(mel));
            }
        }
    }

    /// <summary>Transposes a block of frames into bins-major <c>_y</c> (zero-padded lanes), sets the starting point.</summary>
    private void LoadBlock(ReadOnlySpan<float> mel, int frames)
    {
        Array.Clear(_y);
        Array.Clear(_yNorm2);
        for (int j = 0; j < frames; j++)
        {
            ReadOnlySpan<float> row = mel.Slice(j * _m, _m);
            double norm2 = 0;
            for (int m = 0; m < _m; m++)
            {
                _y[m * B + j] = row[m];
                norm2 += (double)row[m] * row[m];
            }

            _yNorm2[j] = norm2;
        }

        // Starting point: band density y_m / Σ_k W[m,k] spread over the un-normalised triangles, which sum to 1 between
        // the first and last band centres — a linear interpolation of the densities between centres.
        ReadOnlySpan<int> starts = _bank.Starts, offsets = _bank.Offsets;
        ReadOnlySpan<float> triangles = _bank.Triangles;
        Array.Clear(_x);
        for (int m = 0; m < _m; m++)
        {
            Span<float> ym = _y.AsSpan(m * B, B);
            float density = _density[m];
            for (int i = offsets[m]; i < offsets[m + 1]; i++)
            {
                int k = starts[m] + i - offsets[m];
                TensorPrimitives.MultiplyAdd(ym, triangles[i] * density, _x.AsSpan(k * B, B), _x.AsSpan(k * B, B));
            }
        }

        _x.AsSpan().CopyTo(_z);
    }

    private void StoreBlock(Span<float> destination, int frames)
    {
        for (int k = 0; k < _k; k++)
        {
            ReadOnlySpan<float> lanes = _x.AsSpan(k * B, B);
            for (int j = 0; j < frames; j++)
            {
                destination[j * _k + k] = lanes[j];
            }
        }
    }

    /// <summary>Runs FISTA on the loaded block; returns the iterations used and leaves per-lane residuals in _residual2.</summary>
    private int SolveBlock()
    {
        int maxIterations = Options.MaxIterations;
        double tolerance2 = Options.Tolerance * Options.Tolerance;
        double optimality2 = tolerance2 * OptimalityFactor * OptimalityFactor;
        _y.AsSpan().CopyTo(_r);
        Violation(_gradient2, projected: false); // ‖Wᵀy‖² per lane (x = 0 there, r = y up to sign)
        double t = 1;
        int iteration = 0;
        while (true)
        {
            if (iteration % CheckInterval == 0 || iteration == maxIterations)
            {
                Residual(_x);
                Violation(_violation2, projected: true);
                bool done = true;
                for (int j = 0; j < B; j++)
                {
                    // Done when the mel values are explained, or when x is optimal although they are not: the projected
                    // gradient (the KKT violation) is small next to the gradient at x = 0.
                    done &= _residual2[j] <= tolerance2 * _yNorm2[j] || _violation2[j] <= optimality2 * _gradient2[j];
                }

                if (done || iteration == maxIterations)
                {
                    return iteration;
                }
            }

            double tNext = (1 + Math.Sqrt(1 + 4 * t * t)) / 2;
            float beta = (float)((t - 1) / tNext);
            t = tNext;
            Residual(_z);
            Step(beta);
            iteration++;
        }
    }

    /// <summary>Per lane, ‖g‖² with g = Wᵀ·r (r = _r); with <paramref name="projected"/>, of the projected gradient at x:
    /// g_k where x_k &gt; 0, min(g_k, 0) where x_k = 0 (zero exactly at a minimiser).</summary>
    private void Violation(float[] destination, bool projected)
    {
        ref float xRef = ref MemoryMarshal.GetArrayDataReference(_x);
        ref float rRef = ref MemoryMarshal.GetArrayDataReference(_r);
        ref float dRef = ref MemoryMarshal.GetArrayDataReference(destination);
        int w = Vector<float>.Count;
        Array.Clear(destination);
        for (int k = 0; k < _k; k++)
        {
            if (_step[k] == 0)
            {
                continue;
            }

            var wa = new Vector<float>(_wa[k]);
            var wb = new Vector<float>(_wb[k]);
            int ra = _fa[k] * B, rb = _fb[k] * B, row = k * B;
            for (int c = 0; c < B; c += w)
            {
                Vector<float> g = wa * LoadLanes(ref rRef, ra + c) + wb * LoadLanes(ref rRef, rb + c);
                if (projected)
                {
                    g = Vector.ConditionalSelect(Vector.GreaterThan(LoadLanes(ref xRef, row + c), Vector<float>.Zero), g, Vector.Min(g, Vector<float>.Zero));
                }

                StoreLanes(LoadLanes(ref dRef, c) + g * g, ref dRef, c);
            }
        }
    }

    /// <summary>_r = W·v − y (bins-major lanes) and the per-lane squared norms in _residual2.</summary>
    private void Residual(float[] v)
    {
        ReadOnlySpan<int> starts = _bank.Starts, offsets = _bank.Offsets;
        ReadOnlySpan<float> weights = _bank.Weights;
        ref float vRef = ref MemoryMarshal.GetArrayDataReference(v);
        ref float rRef = ref MemoryMarshal.GetArrayDataReference(_r);
        ref float yRef = ref MemoryMarshal.GetArrayDataReference(_y);
        int w = Vector<float>.Count;

        // Lane layout: lane j of a vector at offset [row·B + c] is frame c + j of the block; every row is B = 64 floats,
        // a multiple of every vector width, so there is no tail.
        for (int m = 0; m < _m; m++)
        {
            int row = m * B;
            for (int c = 0; c < B; c += w)
            {
                Vector<float> acc = -LoadLanes(ref yRef, row + c);
                for (int i = offsets[m]; i < offsets[m + 1]; i++)
                {
                    int k = starts[m] + i - offsets[m];
                    acc += new Vector<float>(weights[i]) * LoadLanes(ref vRef, k * B + c);
                }

                StoreLanes(acc, ref rRef, row + c);
            }
        }

        Array.Clear(_residual2);
        for (int m = 0; m < _m; m++)
        {
            ReadOnlySpan<float> row = _r.AsSpan(m * B, B);
            for (int j = 0; j < B; j++)
            {
                _residual2[j] += (double)row[j] * row[j];
            }
        }
    }

    /// <summary>x⁺ = max(0, z − D·Wᵀ·r); z = x⁺ + β(x⁺ − x); x = x⁺ (r = W·z − y from <see cref="Residual"/>).</summary>
    private void Step(float beta)
    {
        ref float xRef = ref MemoryMarshal.GetArrayDataReference(_x);
        ref float zRef = ref MemoryMarshal.GetArrayDataReference(_z);
        ref float rRef = ref MemoryMarshal.GetArrayDataReference(_r);
        int w = Vector<float>.Count;
        var vBeta = new Vector<float>(beta);
        for (int k = 0; k < _k; k++)
        {
            float step = _step[k];
            if (step == 0)
            {
                continue; // under no filter: stays 0
            }

            var wa = new Vector<float>(_wa[k] * step);
            var wb = new Vector<float>(_wb[k] * step);
            int ra = _fa[k] * B, rb = _fb[k] * B, row = k * B;
            for (int c = 0; c < B; c += w)
            {
                Vector<float> z = LoadLanes(ref zRef, row + c);
                Vector<float> x = LoadLanes(ref xRef, row + c);
                Vector<float> next = Vector.Max(Vector<float>.Zero, z - wa * LoadLanes(ref rRef, ra + c) - wb * LoadLanes(ref rRef, rb + c));
                StoreLanes(next + vBeta * (next - x), ref zRef, row + c);
                StoreLanes(next, ref xRef, row + c);
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector<float> LoadLanes(ref float source, int index) =>
        Unsafe.ReadUnaligned<Vector<float>>(ref Unsafe.As<float, byte>(ref Unsafe.Add(ref source, index)));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void StoreLanes(Vector<float> value, ref float destination, int index) =>
        Unsafe.WriteUnaligned(ref Unsafe.As<float, byte>(ref Unsafe.Add(ref destination, index)), value);
}
