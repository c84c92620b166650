using System.Globalization;
using System.Text;

namespace Phase.IO;

/// <summary>
/// Parses the tiny subset of Python literal syntax that .npy headers use — a dict of strings, booleans, integers and
/// tuples — without evaluating anything. Values come back as <see cref="string"/>, <see cref="bool"/>, null (None),
/// <see cref="long"/>, <see cref="PythonLiteral.Sequence"/> (tuple or list) or
/// <see cref="Dictionary{TKey, TValue}"/> (string keys).
/// </summary>
/// <remarks>Nesting is limited to <see cref="MaxDepth"/> levels so hostile input cannot exhaust the stack.</remarks>
internal sealed class PythonLiteral
{
    public const int MaxDepth = 16;

    private readonly string _text;
    private int _pos;

    private PythonLiteral(string text) => _text = text;

    /// <summary>A parsed tuple or list.</summary>
    public sealed class Sequence(List<object?> items, bool isTuple)
    {
        public List<object?> Items { get; } = items;

        public bool IsTuple { get; } = isTuple;
    }

    /// <summary>Parses one literal that must span the whole text (surrounding whitespace allowed).</summary>
    /// <exception cref="FormatException">The text is not a supported literal; the message says where and why.</exception>
    public static object? Parse(string text)
    {
        var parser = new PythonLiteral(text);
        object? value = parser.ParseValue(0);
        parser.SkipSpace();
        if (parser._pos != text.Length)
        {
            throw parser.Error("unexpected text after the literal");
        }

        return value;
    }

    /// <summary>Renders a parsed value back in Python syntax, for error messages.</summary>
    public static string Describe(object? value) => value switch
    {
        null => "None",
        string s => "'" + s + "'",
        bool b => b ? "True" : "False",
        long l => l.ToString(CultureInfo.InvariantCulture),
        Sequence q => (q.IsTuple ? "(" : "[") + string.Join(", ", q.Items.Select(Describe)) +
            (q.IsTuple && q.Items.Count == 1 ? ",)" : q.IsTuple ? ")" : "]"),
        Dictionary<string, object?> d => "{" + string.Join(", ", d.Select(kv => "'" + kv.Key + "': " + Describe(kv.Value))) + "}",
        _ => value.ToString() ?? string.Empty,
    };

    private object? ParseValue(int depth)
    {
        if (depth > MaxDepth)
        {
            throw Error($"nesting deeper than {MaxDepth} levels");
        }

        SkipSpace();
        if (_pos >= _text.Length)
        {
            throw Error("unexpected end of header");
        }

        char ch = _text[_pos];
        switch (ch)
        {
            case '{':
                return ParseDict(depth);
            case '(':
                return ParseSequence(')', isTuple: true, depth);
            case '[':
                return ParseSequence(']', isTuple: false, depth);
            case '\'':
            case '"':
                return ParseString();
            default:
                if (ch is '-' or '+' || char.IsAsciiDigit(ch))
                {
                    return ParseInteger();
                }

                if (char.IsAsciiLetter(ch))
                {
                    int start = _pos;
                    while (_pos < _text.Length && (char.IsAsciiLetterOrDigit(_text[_pos]) || _text[_pos] == '_'))
                    {
                        _pos++;
                    }

                    string word = _text[start.._pos];
                    return word switch
                    {
                        "True" => true,
                        "False" => false,
                        "None" => null,
                        _ => throw Error($"unsupported name '{DisplayText.Escape(word)}'", start),
                    };
                }

                throw Error($"unexpected character '{DisplayText.Escape(ch.ToString())}'");
        }
    }

    private Dictionary<string, object?> ParseDict(int depth)
    {
        _pos++; // {
        var dict = new Dictionary<string, object?>(StringComparer.Ordinal);
        while (true)
        {
            SkipSpace();
            if (Peek() == '}')
            {
                _pos++;
                return dict;
            }

            int keyAt = _pos;
            if (ParseValue(depth + 1) is not string key)
            {
                throw Error("dictionary keys must be strings", keyAt);
            }

            SkipSpace();
            Expect(':');
            object? value = ParseValue(depth + 1);
            if (!dict.TryAdd(key, value))
            {
                throw Error($"duplicate key '{DisplayText.Escape(key)}'", keyAt);
            }

            SkipSpace();
            char next = Peek();
            if (next == ',')
            {
                _pos++;
            }
            else if (next != '}')
            {
                throw Error("expected ',' or '}'");
            }
        }
    }

    private Sequence ParseSequence(char close, bool isTuple, int depth)
    {
        _pos++; // ( or [
        var items = new List<object?>();
        bool sawComma = false;
        while (true)
        {
            SkipSpace();
            if (Peek() == close)
            {
                _pos++;

                // (x) is a parenthesised value in Python, not a tuple; .npy shapes always write (x,).
                if (isTuple && items.Count == 1 && !sawComma)
                {
                    throw Error("a one-element tuple needs a trailing comma, e.g. (5,)", _pos - 1);
                }

                return new Sequence(items, isTuple);
            }

            items.Add(ParseValue(depth + 1));
            SkipSpace();
            char next = Peek();
            if (next == ',')
            {
                sawComma = true;
                _pos++;
            }
            else if (next != close)
            {
                throw Error($"expected ',' or '{close}'");
            }
        }
    }

    private string ParseString()
    {
        char quote = _text[_pos++];
        var sb = new StringBuilder();
        while (true)
        {
            if (_pos >= _text.Length)
            {
                throw Error("unterminated string");
            }

            char ch = _text[_pos++];
            if (ch == quote)
            {
                return sb.ToString();
            }

            if (ch == '\n')
            {
                throw Error("newline inside a string", _pos - 1);
            }

            if (ch == '\\')
            {
                if (_pos >= _text.Length)
                {
                    throw Error("unterminated string");
                }

                char esc = _text[_pos++];
                sb.Append(esc switch
                {
                    '\\' => '\\',
                    '\'' => '\'',
                    '"' => '"',
                    'n' => '\n',
                    't' => '\t',
                    _ => throw Error($"unsupported escape '\\{DisplayText.Escape(esc.ToString())}'", _pos - 2),
                });
                continue;
            }

            sb.Append(ch);
        }
    }

    private long ParseInteger()
    {
        int start = _pos;
        bool negative = false;
        if (_text[_pos] is '-' or '+')
        {
            negative = _text[_pos] == '-';
            _pos++;
        }

        if (_pos >= _text.Length || !char.IsAsciiDigit(_text[_pos]))
        {
            throw Error("expected a digit", _pos);
        }

        long value = 0;
        while (_pos < _text.Length && char.IsAsciiDigit(_text[_pos]))
        {
            int digit = _text[_pos] - '0';
            if (value > (long.MaxValue - digit) / 10)
            {
                throw Error("integer too large", start);
            }

            value = value * 10 + digit;
            _pos++;
        }

        // Python 2 wrote long integers with an L suffix: (3L, 4L).
        if (_pos < _text.Length && _text[_pos] is 'L' or 'l')
        {
            _pos++;
        }

        if (_pos < _text.Length && (char.IsAsciiLetterOrDigit(_text[_pos]) || _text[_pos] is '.' or '_'))
        {
            throw Error("only plain integers are supported", start);
        }

        return negative ? -value : value;
    }

    private void SkipSpace()
    {
        while (_pos < _text.Length && _text[_pos] is ' ' or '\t' or '\n' or '\r')
        {
            _pos++;
        }
    }

    private char Peek() => _pos < _text.Length ? _text[_pos] : '\0';

    private void Expect(char ch)
    {
        if (Peek() != ch)
        {
            throw Error($"expected '{ch}'");
        }

        _pos++;
    }

    private FormatException Error(string what, int? at = null) =>
        new(string.Create(CultureInfo.InvariantCulture, $"{what} at header character {at ?? _pos}"));
}
