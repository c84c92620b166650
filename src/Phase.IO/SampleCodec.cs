using System.Buffers.Binary;
using System.Runtime.InteropServices;

namespace Phase.IO;

/// <summary>
/// Bulk conversion between interleaved little-endian WAV sample bytes and planar float32 channels.
/// </summary>
/// <remarks>
/// One tight loop per container and channel, no per-sample dispatch. Scaling is by powers of two, so every PCM code of
/// up to 24 bits maps to a float exactly and back:
/// read <c>x = q·2^−(b−1)</c>; write <c>q = clamp(round_half_even(x·2^(b−1)), −2^(b−1), 2^(b−1) − 1)</c>.
/// The multiplications are exact in float32 (power-of-two factors), so the only rounding is the explicit one.
/// </remarks>
internal static class SampleCodec
{
    /// <summary>Decodes <paramref name="frames"/> interleaved frames of <paramref name="channels"/>.Length channels.</summary>
    /// <param name="src">At least <c>frames · C · bytesPerSample</c> bytes.</param>
    /// <param name="format">The container.</param>
    /// <param name="validBits">Significant bits; the low <c>containerBits − validBits</c> bits of PCM codes are zeroed.</param>
    /// <param name="channels">Destination arrays, one per channel.</param>
    /// <param name="frameOffset">Where in each channel the first decoded frame goes.</param>
    /// <param name="frames">Frames to decode.</param>
    public static void Decode(ReadOnlySpan<byte> src, WavSampleFormat format, int validBits, float[][] channels,
        int frameOffset, int frames)
    {
        int cc = channels.Length;
        int samples = frames * cc;
        switch (format)
        {
            case WavSampleFormat.Pcm8:
            {
                int mask = PaddingMask(8, validBits);
                src = src[..samples];
                for (int c = 0; c < cc; c++)
                {
                    Span<float> dst = channels[c].AsSpan(frameOffset, frames);
                    for (int n = 0, i = c; n < dst.Length; n++, i += cc)
                    {
                        dst[n] = ((src[i] - 128) & mask) * (1f / 128);
                    }
                }

                break;
            }

            case WavSampleFormat.Pcm16:
            {
                int mask = PaddingMask(16, validBits);
                ReadOnlySpan<short> s = MemoryMarshal.Cast<byte, short>(src[..(samples * 2)]);
                for (int c = 0; c < cc; c++)
                {
                    Span<float> dst = channels[c].AsSpan(frameOffset, frames);
                    for (int n = 0, i = c; n < dst.Length; n++, i += cc)
                    {
                        int q = BitConverter.IsLittleEndian ? s[i] : BinaryPrimitives.ReverseEndianness(s[i]);
                        dst[n] = (q & mask) * (1f / 32768);
                    }
                }

                break;
            }

            case WavSampleFormat.Pcm24:
            {
                int mask = PaddingMask(24, validBits);
                src = src[..(samples * 3)];
                for (int c = 0; c < cc; c++)
                {
                    Span<float> dst = channels[c].AsSpan(frameOffset, frames);
                    for (int n = 0, i = 3 * c; n < dst.Length; n++, i += 3 * cc)
                    {
                        // Sign-extend the top byte; the lower two are unsigned.
                        int q = src[i] | (src[i + 1] << 8) | ((sbyte)src[i + 2] << 16);
                        dst[n] = (q & mask) * (1f / 8388608);
                    }
                }

                break;
            }

            case WavSampleFormat.Pcm32:
            {
                int mask = PaddingMask(32, validBits);
                ReadOnlySpan<int> s = MemoryMarshal.Cast<byte, int>(src[..(samples * 4)]);
                for (int c = 0; c < cc; c++)
                {
                    Span<float> dst = channels[c].AsSpan(frameOffset, frames);
                    for (int n = 0, i = c; n < dst.Length; n++, i += cc)
                    {
                        int q = BitConverter.IsLittleEndian ? s[i] : BinaryPrimitives.ReverseEndianness(s[i]);

                        // (float)q rounds to 24 significant bits (nearest even); the power-of-two scale is exact.
                        dst[n] = (q & mask) * (1f / 2147483648f);
                    }
                }

                break;
            }

            case WavSampleFormat.Float32:
            {
                ReadOnlySpan<int> s = MemoryMarshal.Cast<byte, int>(src[..(samples * 4)]);
                for (int c = 0; c < cc; c++)
                {
                    Span<float> dst = channels[c].AsSpan(frameOffset, frames);
                    for (int n = 0, i = c; n < dst.Length; n++, i += cc)
                    {
                        int bits = BitConverter.IsLittleEndian ? s[i] : BinaryPrimitives.ReverseEndianness(s[i]);
                        dst[n] = BitConverter.Int32BitsToSingle(bits);
                    }
                }

                break;
            }

            case WavSampleFormat.Float64:
            {
                ReadOnlySpan<long> s = MemoryMarshal.Cast<byte, long>(src[..(samples * 8)]);
                for (int c = 0; c < cc; c++)
                {
                    Span<float> dst = channels[c].AsSpan(frameOffset, frames);
                    for (int n = 0, i = c; n < dst.Length; n++, i += cc)
                    {
                        long bits = BitConverter.IsLittleEndian ? s[i] : BinaryPrimitives.ReverseEndianness(s[i]);

                        // Round to nearest float32; magnitudes beyond float range become ±∞.
                        dst[n] = (float)BitConverter.Int64BitsToDouble(bits);
                    }
                }

                break;
            }

            default:
                throw new ArgumentOutOfRangeException(nameof(format), format, "Unknown sample format.");
        }
    }

    /// <summary>Encodes frames <c>[frameOffset, frameOffset + frames)</c> of every channel, interleaved, into <paramref name="dst"/>.</summary>
    /// <returns>The number of PCM samples that were clipped.</returns>
    public static long Encode(AudioBuffer audio, int frameOffset, int frames, WavSampleFormat format, Span<byte> dst)
    {
        int cc = audio.ChannelCount;
        int samples = frames * cc;
        long clipped = 0;
        switch (format)
        {
            case WavSampleFormat.Pcm8:
            {
                dst = dst[..samples];
                for (int c = 0; c < cc; c++)
                {
                    ReadOnlySpan<float> src = audio.ChannelArray(c).AsSpan(frameOffset, frames);
                    for (int n = 0, i = c; n < src.Length; n++, i += cc)
                    {
                        float r = MathF.Round(src[n] * 128f);
                        float q = Math.Clamp(r, -128f, 127f);
                        clipped += q != r ? 1 : 0;
                        dst[i] = (byte)((int)q + 128);
                    }
                }

                break;
            }

            case WavSampleFormat.Pcm16:
            {
                Span<short> d = MemoryMarshal.Cast<byte, short>(dst[..(samples * 2)]);
                for (int c = 0; c < cc; c++)
                {
                    ReadOnlySpan<float> src = audio.ChannelArray(c).AsSpan(frameOffset, frames);
                    for (int n = 0, i = c; n < src.Length; n++, i += cc)
                    {
                        float r = MathF.Round(src[n] * 32768f);
                        float c16 = Math.Clamp(r, -32768f, 32767f);
                        clipped += c16 != r ? 1 : 0;
                        short q = (short)c16;
                        d[i] = BitConverter.IsLittleEndian ? q : BinaryPrimitives.ReverseEndianness(q);
                    }
                }

                break;
            }

            case WavSampleFormat.Pcm24:
            {
                dst = dst[..(samples * 3)];
                for (int c = 0; c < cc; c++)
                {
                    ReadOnlySpan<float> src = audio.ChannelArray(c).AsSpan(frameOffset, frames);
                    for (int n = 0, i = 3 * c; n < src.Length; n++, i += 3 * cc)
                    {
                        // |x·2^23| < 2^24 after clamping, so the float holds the integer exactly.
                        float r = MathF.Round(src[n] * 8388608f);
                        float c24 = Math.Clamp(r, -8388608f, 8388607f);
                        clipped += c24 != r ? 1 : 0;
                        int q = (int)c24;
                        dst[i] = (byte)q;
                        dst[i + 1] = (byte)(q >> 8);
                        dst[i + 2] = (byte)(q >> 16);
                    }
                }

                break;
            }

            case WavSampleFormat.Pcm32:
            {
                Span<int> d = MemoryMarshal.Cast<byte, int>(dst[..(samples * 4)]);
                for (int c = 0; c < cc; c++)
                {
                    ReadOnlySpan<float> src = audio.ChannelArray(c).AsSpan(frameOffset, frames);
                    for (int n = 0, i = c; n < src.Length; n++, i += cc)
                    {
                        // 2^31 − 1 is not a float; the largest float below 2^31 is 2^31 − 128, so only r ≥ 2^31 clips.
                        float r = MathF.Round(src[n] * 2147483648f);
                        int q;
                        if (r >= 2147483648f)
                        {
                            q = int.MaxValue;
                            clipped++;
                        }
                        else if (r < -2147483648f)
                        {
                            q = int.MinValue;
                            clipped++;
                        }
                        else
                        {
                            q = (int)r;
                        }

                        d[i] = BitConverter.IsLittleEndian ? q : BinaryPrimitives.ReverseEndianness(q);
                    }
                }

                break;
            }

            case WavSampleFormat.Float32:
            {
                Span<int> d = MemoryMarshal.Cast<byte, int>(dst[..(samples * 4)]);
                for (int c = 0; c < cc; c++)
                {
                    ReadOnlySpan<float> src = audio.ChannelArray(c).AsSpan(frameOffset, frames);
                    for (int n = 0, i = c; n < src.Length; n++, i += cc)
                    {
                        int bits = BitConverter.SingleToInt32Bits(src[n]);
                        d[i] = BitConverter.IsLittleEndian ? bits : BinaryPrimitives.ReverseEndianness(bits);
                    }
                }

                break;
            }

            case WavSampleFormat.Float64:
            {
                Span<long> d = MemoryMarshal.Cast<byte, long>(dst[..(samples * 8)]);
                for (int c = 0; c < cc; c++)
                {
                    ReadOnlySpan<float> src = audio.ChannelArray(c).AsSpan(frameOffset, frames);
                    for (int n = 0, i = c; n < src.Length; n++, i += cc)
                    {
                        long bits = BitConverter.DoubleToInt64Bits(src[n]);
                        d[i] = BitConverter.IsLittleEndian ? bits : BinaryPrimitives.ReverseEndianness(bits);
                    }
                }

                break;
            }

            default:
                throw new ArgumentOutOfRangeException(nameof(format), format, "Unknown sample format.");
        }

        return clipped;
    }

    /// <summary>An AND-mask that zeroes the padding bits below the valid bits of a left-justified PCM code.</summary>
    private static int PaddingMask(int containerBits, int validBits) =>
        validBits >= containerBits ? -1 : -(1 << (containerBits - validBits));
}
