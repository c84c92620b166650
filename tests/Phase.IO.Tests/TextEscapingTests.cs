using Phase.IO;
using static Phase.Tests.NpyBuilder;

namespace Phase.Tests;

/// <summary>Text from files reaches messages escaped (<see cref="DisplayText"/>): .npy header keys and dtypes, WAV chunk
/// ids — no control character or terminal escape sequence passes through.</summary>
public class TextEscapingTests
{
    private static readonly byte[] Six = F4(1, 2, 3, 4, 5, 6);

    [Theory]
    [InlineData("plain text", "plain text")]
    [InlineData("\u001b[31mred\u001b[0m", @"\x1B[31mred\x1B[0m")]
    [InlineData("tab\there\r\nnew", @"tab\x09here\x0D\x0Anew")]
    [InlineData("bell\u0007 del\u007f c1\u009b", @"bell\x07 del\x7F c1\x9B")]
    [InlineData("back\\slash", @"back\\slash")]
    [InlineData("rtl\u202Eoverride\u2066", @"rtl\u202Eoverride\u2066")]
    [InlineData("émoji 🎵 ok", "émoji 🎵 ok")]
    public void Escape_writes_controls_as_hex_and_keeps_printable_text(string input, string expected) =>
        Assert.Equal(expected, DisplayText.Escape(input));

    [Fact]
    public void Escape_cuts_long_text_and_handles_null()
    {
        Assert.Equal(new string('a', 10) + "…", DisplayText.Escape(new string('a', 50), 10));
        Assert.Equal(string.Empty, DisplayText.Escape(null));
        Assert.Equal(@"lone \uD800 surrogate", DisplayText.Escape("lone " + (char)0xD800 + " surrogate"));
        Assert.Throws<ArgumentOutOfRangeException>(() => DisplayText.Escape("x", 0));
        Assert.Equal(@"fmt\x00\x27\x5C", DisplayText.EscapeAscii("fmt\0'\\"u8));
    }

    [Theory]
    [InlineData("{'descr': '<f4', 'fortran_order': False, 'shape': (6,), '\u001b[2J': 1}", @"unexpected key '\x1B[2J'")]
    [InlineData("{'descr': '\u001b]0;x\u0007', 'fortran_order': False, 'shape': (6,)}", @"dtype '\x1B]0;x\x07'")]
    [InlineData("{'descr': '<f4', 'descr': '<f4', 'fortran_order': False, 'shape': (6,), '\u009b1m': 2}", "duplicate key 'descr'")]
    public void Npy_header_keys_and_dtypes_are_escaped_in_messages(string header, string expected)
    {
        Exception e = Assert.ThrowsAny<Exception>(() => NpyFile.Read(new MemoryStream(Build(header, Six))));
        Assert.Contains(expected, e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(e.Message, c => c is < ' ' or (>= '\u007f' and <= '\u009f'));
    }
}
