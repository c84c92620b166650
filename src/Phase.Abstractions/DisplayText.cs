using System.Globalization;
using System.Text;

namespace Phase;

/// <summary>
/// Makes text that came from a file (a WAV chunk id, an <c>.npy</c> header key or dtype, ONNX metadata) safe to put in
/// an exception message or print to a terminal: control characters (including ESC, so no terminal escape sequence
/// passes through), C1 controls, bidirectional overrides and unpaired surrogates are written as <c>\xNN</c> /
/// <c>\uNNNN</c>, and a backslash as <c>\\</c> (so an escape in the output always comes from Phase); long text is cut.
/// </summary>
/// <remarks>Pure functions; thread-safe. Each call allocates the result string.</remarks>
public static class DisplayText
{
    /// <summary>The default length after which <see cref="Escape(string?, int)"/> cuts the text (characters of the input).</summary>
    public const int DefaultMaxLength = 200;

    /// <summary>Escapes <paramref name="text"/> for display (see the class remarks) and cuts it after
    /// <paramref name="maxLength"/> characters with <c>…</c>.</summary>
    /// <param name="text">Untrusted text; null gives an empty string.</param>
    /// <param name="maxLength">Characters of <paramref name="text"/> kept (≥ 1).</param>
    /// <returns>Printable text without the surrounding quotes.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="maxLength"/> is less than 1.</exception>
    public static string Escape(string? text, int maxLength = DefaultMaxLength)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxLength, 1);
        if (string.IsNullOrEmpty(text))
        {
            return string.Empty;
        }

        bool cut = text.Length > maxLength;
        ReadOnlySpan<char> span = cut ? text.AsSpan(0, maxLength) : text;
        if (!cut && !NeedsEscape(span))
        {
            return text;
        }

        var sb = new StringBuilder(span.Length + 8);
        for (int i = 0; i < span.Length; i++)
        {
            char c = span[i];
            if (char.IsHighSurrogate(c) && i + 1 < span.Length && char.IsLowSurrogate(span[i + 1]))
            {
                sb.Append(c).Append(span[i + 1]);
                i++;
            }
            else if (c == '\\')
            {
                sb.Append(@"\\");
            }
            else if (IsUnsafe(c))
            {
                sb.Append(c <= 0xFF
                    ? string.Create(CultureInfo.InvariantCulture, $"\\x{(int)c:X2}")
                    : string.Create(CultureInfo.InvariantCulture, $"\\u{(int)c:X4}"));
            }
            else
            {
                sb.Append(c);
            }
        }

        if (cut)
        {
            sb.Append('…');
        }

        return sb.ToString();
    }

    /// <summary>Escapes bytes as ASCII: printable ASCII as is (except the backslash and the quote), every other byte as
    /// <c>\xNN</c>. For binary identifiers such as RIFF chunk ids.</summary>
    /// <param name="bytes">Untrusted bytes.</param>
    /// <returns>Printable ASCII text without the surrounding quotes.</returns>
    public static string EscapeAscii(ReadOnlySpan<byte> bytes)
    {
        var sb = new StringBuilder(bytes.Length + 2);
        foreach (byte b in bytes)
        {
            if (b is >= 0x20 and < 0x7F && b != (byte)'\'' && b != (byte)'\\')
            {
                sb.Append((char)b);
            }
            else
            {
                sb.Append(CultureInfo.InvariantCulture, $"\\x{b:X2}");
            }
        }

        return sb.ToString();
    }

    /// <summary>Whether <paramref name="c"/> would be escaped by <see cref="Escape(string?, int)"/> (when not part of
    /// a valid surrogate pair).</summary>
    /// <param name="c">A UTF-16 code unit.</param>
    /// <returns>True for controls, bidi controls, surrogates and the backslash.</returns>
    public static bool IsUnsafe(char c) =>
        c < 0x20 || c == '\\' || (c >= 0x7F && c <= 0x9F)
        || c is '\u061C' or '\u200E' or '\u200F' or (>= '\u202A' and <= '\u202E') or (>= '\u2066' and <= '\u2069')
        || c is '\u2028' or '\u2029' or '\uFEFF' || char.IsSurrogate(c);

    private static bool NeedsEscape(ReadOnlySpan<char> span)
    {
        foreach (char c in span)
        {
            if (IsUnsafe(c))
            {
                return true;
            }
        }

        return false;
    }
}
