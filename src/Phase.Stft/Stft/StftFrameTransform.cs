using Phase.Fourier;

namespace Phase.Stft;

/// <summary>
/// Single-frame building blocks with exactly the conventions of <see cref="StftPlan"/>, for methods that manage frames
/// themselves (RTISI-LA's look-ahead buffer, per-frame phase estimators): window-and-transform one frame, and inverse
/// transform one frame back to frame order, optionally windowed for overlap-add.
/// </summary>
/// <remarks>
/// <para>A <i>frame</i> is <c>N</c> signal samples <c>x[s_n + j]</c>, <c>j = 0 … N − 1</c>, with the frame centre at
/// <c>j = ⌊N/2⌋</c>. <see cref="Forward"/> computes <c>X[k] = Σ_j x[s_n + j]·fw[j]·e^{−2πik(j − ⌊N/2⌋)/N}</c> (time-invariant
/// phase), the same numbers <see cref="StftPlan.Forward(ReadOnlySpan{float}, Span{float}, Span{float})"/> gives for that frame.
/// <see cref="Inverse"/> returns <c>z[j] = IDFT(X)[j − ⌊N/2⌋]</c> (for a frame of an STFT this is the windowed frame
/// <c>x[s_n + j]·fw[j]</c>) and <see cref="InverseWindowed"/> returns
/// <c>fw[j]·z[j]</c>, the term the ISTFT overlap-adds; dividing the overlap-added sum by <c>Σ_n fw²[t − s_n]</c> (see
/// <see cref="WindowSquareSum"/> for the steady-state value) gives the ISTFT.</para>
/// <para>Allocation-free per call, O(N log N). Not thread-safe (owns an FFT plan and scratch); one instance per thread.</para>
/// </remarks>
public sealed class StftFrameTransform
{
    private readonly StftFrameTables _tables;
    private readonly RealFft _fft;
    private readonly float[] _scratch;
    private readonly float[] _frameWindow;

    /// <summary>Creates the transform for <paramref name="settings"/>.</summary>
    /// <param name="settings">Validated STFT settings.</param>
    /// <exception cref="ArgumentNullException"><paramref name="settings"/> is null.</exception>
    public StftFrameTransform(StftSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        Settings = settings;
        _tables = new StftFrameTables(settings);
        _fft = new RealFft(settings.FftSize);
        _scratch = new float[settings.FftSize];
        _frameWindow = settings.FrameWindow.ToArray();
    }

    /// <summary>The settings.</summary>
    public StftSettings Settings { get; }

    /// <summary>The steady-state window-square sum <c>P[r] = Σ_q fw²[r + qH]</c>, <c>r = 0 … H − 1</c>: the ISTFT divides
    /// frame element <c>j</c>'s overlap-added sum by <c>P[j mod H]</c> wherever every overlapping frame is present.</summary>
    public ReadOnlySpan<float> WindowSquareSum => _tables.PeriodicSum;

    /// <summary>Windows one frame, references its phase to the frame centre and transforms it.</summary>
    /// <param name="frame"><c>N</c> signal samples of the frame (element <c>⌊N/2⌋</c> is the centre).</param>
    /// <param name="real">Receives <c>K</c> real parts.</param>
    /// <param name="imag">Receives <c>K</c> imaginary parts.</param>
    /// <exception cref="ArgumentException">A span has the wrong length.</exception>
    public void Forward(ReadOnlySpan<float> frame, Span<float> real, Span<float> imag)
    {
        StftThrowHelper.ThrowIfLengthNot(frame.Length, _tables.FftSize, nameof(frame), "one frame of N samples");
        StftThrowHelper.ThrowIfLengthNot(real.Length, _tables.BinCount, nameof(real), "one STFT frame");
        StftThrowHelper.ThrowIfLengthNot(imag.Length, _tables.BinCount, nameof(imag), "one STFT frame");
        _tables.WindowAndRotate(frame, _scratch);
        _fft.Forward(_scratch, real, imag);
    }

    /// <summary>Inverse transform of one frame into frame order: <c>frame[j] = IDFT(X)[j − ⌊N/2⌋]</c> (not windowed).</summary>
    /// <param name="real"><c>K</c> real parts.</param>
    /// <param name="imag"><c>K</c> imaginary parts (those of bin 0 and, for even N, bin N/2 are ignored).</param>
    /// <param name="frame">Receives <c>N</c> samples.</param>
    /// <exception cref="ArgumentException">A span has the wrong length.</exception>
    public void Inverse(ReadOnlySpan<float> real, ReadOnlySpan<float> imag, Span<float> frame)
    {
        InverseRotated(real, imag, frame);
        Unrotate(frame, default);
    }

    /// <summary>Inverse transform of one frame into frame order, multiplied by the frame window:
    /// <c>frame[j] = fw[j]·IDFT(X)[j − ⌊N/2⌋]</c>, the term the ISTFT overlap-adds.</summary>
    /// <param name="real"><c>K</c> real parts.</param>
    /// <param name="imag"><c>K</c> imaginary parts.</param>
    /// <param name="frame">Receives <c>N</c> samples.</param>
    /// <exception cref="ArgumentException">A span has the wrong length.</exception>
    public void InverseWindowed(ReadOnlySpan<float> real, ReadOnlySpan<float> imag, Span<float> frame)
    {
        InverseRotated(real, imag, frame);
        Unrotate(frame, _frameWindow);
    }

    private void InverseRotated(ReadOnlySpan<float> real, ReadOnlySpan<float> imag, Span<float> frame)
    {
        StftThrowHelper.ThrowIfLengthNot(real.Length, _tables.BinCount, nameof(real), "one STFT frame");
        StftThrowHelper.ThrowIfLengthNot(imag.Length, _tables.BinCount, nameof(imag), "one STFT frame");
        StftThrowHelper.ThrowIfLengthNot(frame.Length, _tables.FftSize, nameof(frame), "one frame of N samples");
        _fft.Inverse(real, imag, _scratch);
    }

    /// <summary>frame[j] = scratch[(j − h) mod N] (times window[j] when given).</summary>
    private void Unrotate(Span<float> frame, ReadOnlySpan<float> window)
    {
        int n = _tables.FftSize, h = _tables.Half, a = n - h;
        ReadOnlySpan<float> z = _scratch;

        // FFT index i < a holds element i + h; index i ≥ a holds element i − a.
        if (window.IsEmpty)
        {
            z.Slice(0, a).CopyTo(frame.Slice(h, a));
            z.Slice(a, h).CopyTo(frame.Slice(0, h));
        }
        else
        {
            System.Numerics.Tensors.TensorPrimitives.Multiply(z.Slice(0, a), window.Slice(h, a), frame.Slice(h, a));
            System.Numerics.Tensors.TensorPrimitives.Multiply(z.Slice(a, h), window.Slice(0, h), frame.Slice(0, h));
        }
    }
}
