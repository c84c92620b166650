namespace Phase.IO;

/// <summary>
/// Reads and writes RIFF/WAVE audio: PCM 8 (unsigned), 16, 24 and 32-bit and IEEE float 32/64-bit, any channel count
/// and sample rate, classic and WAVE_FORMAT_EXTENSIBLE headers.
/// </summary>
/// <remarks>
/// <para><b>Reading.</b> Chunks may come in any order; unknown chunks (LIST, JUNK, bext, fact, cue, …) are skipped,
/// honouring the pad byte after odd-sized chunks. A <c>data</c> chunk before the <c>fmt </c> chunk is handled for
/// seekable streams. A <c>data</c> size of 0xFFFFFFFF (left by streaming writers that cannot seek back) means the
/// samples run to the end of the file (so does sox's 0x7FFFF000 when the file is shorter); a partial last frame is
/// then dropped. PCM codes <c>q</c> of a <c>b</c>-bit container become <c>x = q / 2^(b−1)</c> in [−1, 1) (8-bit:
/// <c>q = byte − 128</c>), exactly for b ≤ 24; for 32-bit PCM float32 keeps 24 significant bits (relative error
/// ≤ 2^−24). Padding bits below <c>wValidBitsPerSample</c> are zeroed. Float samples are passed through unchanged
/// (float64 rounded to the nearest float32), without clipping or NaN checks. Every declared size is checked against
/// the real stream length (seekable streams) before anything is allocated; non-seekable streams grow buffers only as
/// data arrives. Cost: O(file size) time, memory = the decoded samples plus one 64 KiB block.</para>
/// <para><b>Writing.</b> PCM codes are <c>q = clamp(round_half_even(x · 2^(b−1)), −2^(b−1), 2^(b−1) − 1)</c> (8-bit
/// stored as <c>q + 128</c>); values that fall outside are clipped and counted in
/// <see cref="WavWriteResult.ClippedSampleCount"/> (note +1.0 is one code above full scale and clips to 2^(b−1) − 1).
/// Reading back what was written returns the same codes (bit-exact). Float formats store values unchanged.
/// Non-finite samples are rejected before anything is written. WAVE_FORMAT_EXTENSIBLE is used for more than 2 channels
/// or more than 16 bits (see <see cref="WavHeaderStyle"/>), with a <c>fact</c> chunk whenever the format tag is not PCM.
/// Path overloads write a temporary file in the destination directory and move it into place, so a failure never
/// leaves a partial file.</para>
/// <para><b>Errors.</b> Malformed input throws <see cref="InvalidDataException"/>, valid but unsupported input
/// (A-law, μ-law, ADPCM, RIFX, RF64, 64-bit PCM, …) <see cref="NotSupportedException"/>; messages name the file, the
/// offset and what is allowed. I/O failures surface as <see cref="IOException"/>.</para>
/// <para>All members are thread-safe (no shared state); a single stream must not be used concurrently.</para>
/// </remarks>
public static class WavFile
{
    /// <summary>Reads a WAV file.</summary>
    /// <param name="path">The file.</param>
    /// <param name="options">Strictness and limits; null for <see cref="WavReadOptions.Default"/>.</param>
    /// <returns>The samples (planar float32) and the file's format.</returns>
    /// <exception cref="ArgumentException"><paramref name="path"/> is null or empty.</exception>
    /// <exception cref="InvalidDataException">The file is not a well-formed WAV file.</exception>
    /// <exception cref="NotSupportedException">The file is a valid WAV file in an encoding Phase does not decode.</exception>
    /// <exception cref="IOException">The file cannot be opened or read.</exception>
    public static WavData Read(string path, WavReadOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 12, FileOptions.SequentialScan);
        return WavReader.Read(stream, path, options ?? WavReadOptions.Default);
    }

    /// <summary>Reads a WAV file from the current position of a stream (which is left after the <c>data</c> chunk and not
    /// disposed).</summary>
    /// <param name="stream">A readable stream; seekable streams get exact size checks and data-before-fmt support.</param>
    /// <param name="options">Strictness and limits; null for <see cref="WavReadOptions.Default"/>.</param>
    /// <returns>The samples (planar float32) and the stream's format.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="stream"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="stream"/> is not readable.</exception>
    /// <exception cref="InvalidDataException">The stream is not a well-formed WAV file.</exception>
    /// <exception cref="NotSupportedException">The encoding is not supported, or a non-seekable stream has its
    /// <c>data</c> chunk before the <c>fmt </c> chunk.</exception>
    public static WavData Read(Stream stream, WavReadOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(stream);
        if (!stream.CanRead)
        {
            throw new ArgumentException("The stream is not readable.", nameof(stream));
        }

        return WavReader.Read(stream, IoErrors.SourceName(stream, "WAV"), options ?? WavReadOptions.Default);
    }

    /// <summary>Writes audio to a WAV file atomically (temporary file + move; an existing file is replaced only on success).</summary>
    /// <param name="path">The destination file; its directory must exist.</param>
    /// <param name="audio">The samples; every value must be finite.</param>
    /// <param name="format">The sample container; default 16-bit PCM.</param>
    /// <param name="options">Header choices; null for <see cref="WavWriteOptions.Default"/>.</param>
    /// <param name="cancellationToken">Cancels the write between 64 KiB blocks: the temporary file is deleted, the
    /// destination left as it was, and <see cref="OperationCanceledException"/> thrown.</param>
    /// <returns>Samples written and how many were clipped.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="audio"/> is null.</exception>
    /// <exception cref="ArgumentException">A sample is NaN or infinite, the path is empty or a directory, or the audio
    /// does not fit a WAV file (frame over 65535 bytes, data over 4 GiB).</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="format"/> or the header style is not defined.</exception>
    /// <exception cref="IOException">The file cannot be written (the message names <paramref name="path"/>, not the
    /// temporary file).</exception>
    /// <exception cref="UnauthorizedAccessException">The directory is not writable.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    /// <remarks>A symbolic link is written through (its target is replaced); on Unix an existing file keeps its
    /// permission bits.</remarks>
    public static WavWriteResult Write(string path, AudioBuffer audio, WavSampleFormat format = WavSampleFormat.Pcm16,
        WavWriteOptions? options = null, CancellationToken cancellationToken = default)
    {
        options ??= WavWriteOptions.Default;
        WavWriter.Validate(audio, format, options);
        using var file = AtomicFile.Create(path, nameof(path), cancellationToken);
        WavWriteResult result = WavWriter.Write(file.Stream, audio, format, options);
        file.Commit();
        return result;
    }

    /// <summary>Writes one channel to a WAV file atomically (the samples are copied into an <see cref="AudioBuffer"/> first).</summary>
    /// <param name="path">The destination file; its directory must exist.</param>
    /// <param name="samples">Mono samples; every value must be finite.</param>
    /// <param name="sampleRate">Frames per second (Hz), ≥ 1.</param>
    /// <param name="format">The sample container; default 16-bit PCM.</param>
    /// <param name="options">Header choices; null for <see cref="WavWriteOptions.Default"/>.</param>
    /// <param name="cancellationToken">Cancels the write (see the <see cref="AudioBuffer"/> overload).</param>
    /// <returns>Samples written and how many were clipped.</returns>
    /// <exception cref="ArgumentException">A sample is not finite, or the path is empty.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="sampleRate"/> or <paramref name="format"/> is out of range.</exception>
    /// <exception cref="IOException">The file cannot be written.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public static WavWriteResult Write(string path, ReadOnlySpan<float> samples, int sampleRate,
        WavSampleFormat format = WavSampleFormat.Pcm16, WavWriteOptions? options = null, CancellationToken cancellationToken = default) =>
        Write(path, AudioBuffer.FromMono(samples, sampleRate), format, options, cancellationToken);

    /// <summary>Writes audio as a WAV file to a stream at its current position (one forward pass; no seeking; the stream
    /// is flushed, not disposed).</summary>
    /// <param name="stream">A writable stream.</param>
    /// <param name="audio">The samples; every value must be finite.</param>
    /// <param name="format">The sample container; default 16-bit PCM.</param>
    /// <param name="options">Header choices; null for <see cref="WavWriteOptions.Default"/>.</param>
    /// <returns>Samples written and how many were clipped.</returns>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentException">The stream is not writable, a sample is not finite, or the audio does not
    /// fit a WAV file. Validation happens before the first byte is written.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="format"/> or the header style is not defined.</exception>
    public static WavWriteResult Write(Stream stream, AudioBuffer audio, WavSampleFormat format = WavSampleFormat.Pcm16,
        WavWriteOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(stream);
        if (!stream.CanWrite)
        {
            throw new ArgumentException("The stream is not writable.", nameof(stream));
        }

        options ??= WavWriteOptions.Default;
        WavWriter.Validate(audio, format, options);
        return WavWriter.Write(stream, audio, format, options);
    }
}
