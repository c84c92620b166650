using System.Globalization;

namespace Phase.IO;

/// <summary>Builds the exceptions the readers and writers throw, so every message starts with the source it is about.</summary>
internal static class IoErrors
{
    /// <summary>The name used in messages for a stream that is not a <see cref="FileStream"/>.</summary>
    public static string SourceName(Stream stream, string kind) =>
        stream is FileStream fs ? fs.Name : kind + " stream";

    public static InvalidDataException Invalid(string source, string message) =>
        new(string.Create(CultureInfo.InvariantCulture, $"{source}: {message}"));

    public static InvalidDataException Invalid(string source, string message, Exception inner) =>
        new(string.Create(CultureInfo.InvariantCulture, $"{source}: {message}"), inner);

    public static NotSupportedException NotSupported(string source, string message) =>
        new(string.Create(CultureInfo.InvariantCulture, $"{source}: {message}"));

    /// <summary>A four-character code as text, with non-printable bytes escaped (<c>'fmt '</c>, <c>'\x00\x01ab'</c>).</summary>
    public static string FourCC(ReadOnlySpan<byte> id) => "'" + DisplayText.EscapeAscii(id) + "'";
}
