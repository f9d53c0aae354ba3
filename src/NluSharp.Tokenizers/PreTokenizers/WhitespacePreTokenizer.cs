// HF Whitespace pre-tokenizer (pre_tokenizers/whitespace.rs): keeps the matches of \w+|[^\w\s]+.
using NluSharp.Tokenizers.Pipeline;
using NluSharp.Tokenizers.Unicode;

namespace NluSharp.Tokenizers.PreTokenizers;

/// <summary>HF Whitespace: keeps the matches of <c>\w+|[^\w\s]+</c>, drops the rest.</summary>
internal sealed class WhitespacePreTokenizer : IPreTokenizer
{
    static bool IsWord(int c) => CharClasses.IsRegexWord(c);

    public void PreTokenize(PreTokenizedString text) => text.Split((ns, output) =>
    {
        var s = ns.Text;
        var found = new List<(int, int)>();
        for (int i = 0; i < s.Length;)
        {
            int c = CharClasses.CodePointAt(s, i, out int len);
            if (CharClasses.IsWhitespace(c)) { i += len; continue; }
            bool word = IsWord(c);
            int j = i + len;
            while (j < s.Length)
            {
                int d = CharClasses.CodePointAt(s, j, out int l);
                if (CharClasses.IsWhitespace(d) || IsWord(d) != word) break;
                j += l;
            }
            found.Add((i, j));
            i = j;
        }
        foreach (var (a, b) in found) output.Add(new Split(ns.Slice(a, b)));
    });
}
