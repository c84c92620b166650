namespace Phase.Stft;

/// <summary>
/// Produces the frames of a spectrogram on demand, a block at a time, for
/// <see cref="StftPlan.Inverse{TSource}(ref TSource, int, Span{float})"/>: an inverse STFT that never holds the whole
/// spectrogram (a one-pass method such as SPSI writes each block of frames straight into the plan's scratch, which is
/// then transformed and overlap-added while it is in cache).
/// </summary>
/// <remarks>Implement it on a struct and pass it by reference: the plan calls it through the generic parameter, so the
/// call is direct (no interface dispatch, no boxing) and the struct's state changes are kept.</remarks>
public interface IStftFrameSource
{
    /// <summary>Writes frames <c>firstFrame … firstFrame + count − 1</c> (<c>count = real.Length / K</c>), frame-major:
    /// frame <c>firstFrame + j</c>'s bin <c>k</c> goes to <c>real[j·K + k]</c> and <c>imag[j·K + k]</c>.</summary>
    /// <param name="firstFrame">The first frame of the block. The plan asks for the frames in order, each once, from
    /// frame 0, and stops after the last frame that reaches the output (a shorter requested length needs fewer).</param>
    /// <param name="real">Receives the real parts; every element must be written, with a finite value.</param>
    /// <param name="imag">Receives the imaginary parts, as <paramref name="real"/>.</param>
    void WriteFrames(int firstFrame, Span<float> real, Span<float> imag);
}
