// ByteLevel pre-tokenizer (HF pre_tokenizers/byte_level.rs): optional prefix space, GPT-2's split regex, then every
// UTF-8 byte becomes one printable char (all bytes of a character keep that character's alignment).
using System.Text;
using NluSharp.Tokenizers.Pipeline;
using NluSharp.Tokenizers.Unicode;

namespace NluSharp.Tokenizers.PreTokenizers;

internal sealed class ByteLevelPreTokenizer(bool addPrefixSpace, bool useRegex) : IPreTokenizer
{
    public bool AddPrefixSpace => addPrefixSpace;
    public bool UseRegex => useRegex;

    public void PreTokenize(PreTokenizedString text)
    {
        text.Split((ns, output) =>
        {
            if (addPrefixSpace && !ns.Text.StartsWith(' ')) ns.Prepend(" ");
            if (!useRegex) { output.Add(new Split(ns)); return; }
            var found = new List<(int, int)>();
            Gpt2Split(ns.Text, found);
            SplitHelper.Apply(ns, SplitHelper.FromMatches(ns.Length, found), SplitDelimiterBehavior.Isolated, output);
        });
        text.Normalize(ToBytes);
    }

    static void ToBytes(NormalizedString ns)
    {
        var s = ns.Text;
        if (System.Text.Ascii.IsValid(s))
        {
            // One byte per char: the alignments stay, only the characters change.
            ns.ReplaceTextSameLength(string.Create(s.Length, s, static (span, src) =>
            {
                for (int i = 0; i < span.Length; i++) span[i] = ByteLevelAlphabet.ByteToChar[src[i]];
            }));
            return;
        }
        var sb = new StringBuilder(s.Length + 8);
        var starts = new int[s.Length * 4];
        var ends = new int[s.Length * 4];
        Span<byte> utf8 = stackalloc byte[4];
        for (int i = 0; i < s.Length;)
        {
            int cp = CharClasses.CodePointAt(s, i, out int len);
            if (cp is >= 0xD800 and <= 0xDFFF) cp = 0xFFFD; // a lone surrogate cannot be UTF-8 encoded
            int n = new Rune(cp).EncodeToUtf8(utf8);
            for (int k = 0; k < n; k++)
            {
                starts[sb.Length] = ns.Starts[i];
                ends[sb.Length] = ns.Ends[i];
                sb.Append(ByteLevelAlphabet.ByteToChar[utf8[k]]);
            }
            i += len;
        }
        var replacement = new NormalizedString(sb.ToString(), starts[..sb.Length], ends[..sb.Length], ns.OriginalStart);
        ns.ReplaceWith(replacement);
    }

    /// <summary>
    /// GPT-2's pattern <c>'s|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+</c>, matched by hand on
    /// code points (a .NET Regex would see the two halves of an astral letter as non-letters).
    /// </summary>
    internal static void Gpt2Split(string s, List<(int, int)> found)
    {
        int i = 0;
        while (i < s.Length)
        {
            int start = i;
            int end = MatchAt(s, i);
            found.Add((start, end));
            i = end;
        }
    }

    enum Kind { Space, Letter, Number, Other }

    static Kind KindOf(int c)
    {
        if (c < 128)
        {
            if (c is >= 'a' and <= 'z' or >= 'A' and <= 'Z') return Kind.Letter;
            if (c is >= '0' and <= '9') return Kind.Number;
            if (c is ' ' or >= 9 and <= 13) return Kind.Space;
            return Kind.Other;
        }
        if (CharClasses.IsWhitespace(c)) return Kind.Space;
        if (CharClasses.IsLetter(c)) return Kind.Letter;
        if (CharClasses.IsNumber(c)) return Kind.Number;
        return Kind.Other;
    }

    static int MatchAt(string s, int i)
    {
        if (s[i] == '\'' && i + 1 < s.Length)
        {
            char a = s[i + 1];
            if (a is 's' or 't' or 'm' or 'd') return i + 2;
            if (i + 2 < s.Length)
            {
                char b = s[i + 2];
                if (a == 'r' && b == 'e' || a == 'v' && b == 'e' || a == 'l' && b == 'l') return i + 3;
            }
        }
        int c0 = CharClasses.CodePointAt(s, i, out int l0);
        var k0 = KindOf(c0);
        int p = i;
        Kind k = k0;
        if (c0 == ' ' && i + 1 < s.Length)
        {
            int c1 = CharClasses.CodePointAt(s, i + 1, out _);
            var k1 = KindOf(c1);
            if (k1 != Kind.Space) { p = i + 1; k = k1; }
        }
        if (k != Kind.Space)
        {
            // ` ?\p{L}+`, ` ?\p{N}+` or ` ?[^\s\p{L}\p{N}]+`: extend over the same class.
            int j = p;
            while (j < s.Length)
            {
                int c = CharClasses.CodePointAt(s, j, out int len);
                if (KindOf(c) != k) break;
                j += len;
            }
            return j;
        }
        // Whitespace run [i, j).
        int end = i;
        int lastStart = i;
        while (end < s.Length)
        {
            int c = CharClasses.CodePointAt(s, end, out int len);
            if (KindOf(c) != Kind.Space) break;
            lastStart = end;
            end += len;
        }
        if (end == s.Length) return end;          // \s+(?!\S) at the end of the text
        if (lastStart > i) return lastStart;      // \s+(?!\S): leave the last space for the next word
        return end;                               // \s+ (a single whitespace char before a non-space)
    }
}
