// BertPreTokenizer (HF pre_tokenizers/bert.rs): split on whitespace (removed), then isolate every punctuation char.
using NluSharp.Tokenizers.Pipeline;
using NluSharp.Tokenizers.Unicode;

namespace NluSharp.Tokenizers.PreTokenizers;

internal sealed class BertPreTokenizer : IPreTokenizer
{
    public void PreTokenize(PreTokenizedString text) => text.Split((ns, output) =>
    {
        // One pass gives the same pieces as HF's two splits: runs of other chars, and punctuation chars on their own.
        var s = ns.Text;
        int wordStart = -1;
        for (int i = 0; i < s.Length;)
        {
            int c = CharClasses.CodePointAt(s, i, out int len);
            bool ws = c < 128 ? c is ' ' or >= 9 and <= 13 : CharClasses.IsWhitespace(c);
            if (ws || CharClasses.IsBertPunctuation(c))
            {
                if (wordStart >= 0) { output.Add(new Split(ns.Slice(wordStart, i))); wordStart = -1; }
                if (!ws) output.Add(new Split(ns.Slice(i, i + len)));
            }
            else if (wordStart < 0) wordStart = i;
            i += len;
        }
        if (wordStart >= 0) output.Add(new Split(wordStart == 0 ? ns : ns.Slice(wordStart, s.Length)));
    });
}
