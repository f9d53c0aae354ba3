// HF Precompiled normalizer (normalizers/precompiled.rs + spm_precompiled): SentencePiece's charsmap applied per
// grapheme cluster: a grapheme shorter than 6 UTF-8 bytes is looked up whole (shortest trie match replaces it), else
// each of its characters is looked up alone. This is HF's behaviour, not sentencepiece's (see SentencePieceNormalizer).
using System.Globalization;
using System.Text;
using NluSharp.Tokenizers.Pipeline;
using NluSharp.Tokenizers.SentencePiece;
using NluSharp.Tokenizers.Unicode;

namespace NluSharp.Tokenizers.Normalizers;

internal sealed class PrecompiledNormalizer(PrecompiledCharsMap charsMap) : INormalizer
{
    public PrecompiledCharsMap CharsMap => charsMap;

    public void Normalize(NormalizedString text)
    {
        var s = text.Text;
        if (s.Length == 0) return;
        var cps = new List<int>(s.Length);
        var src = new List<int>(s.Length);
        bool modified = false;
        Span<(int, int)> results = stackalloc (int, int)[32];
        for (int g = 0; g < s.Length;)
        {
            int glen = StringInfo.GetNextTextElementLength(s.AsSpan(g));
            if (glen <= 0) glen = 1;
            var grapheme = s.AsSpan(g, glen);
            if (System.Text.Encoding.UTF8.GetByteCount(grapheme) < 6 && Transform(grapheme, results) is string whole)
            {
                Replace(s, g, glen, whole, cps, src);
                modified = true;
            }
            else
            {
                for (int i = g; i < g + glen;)
                {
                    CharClasses.CodePointAt(s, i, out int len);
                    if (Transform(s.AsSpan(i, len), results) is string part) { Replace(s, i, len, part, cps, src); modified = true; }
                    else { cps.Add(CharClasses.CodePointAt(s, i, out _)); src.Add(i); }
                    i += len;
                }
            }
            g += glen;
        }
        if (modified) text.Rebuild(cps, src);
    }

    string? Transform(ReadOnlySpan<char> chunk, Span<(int, int)> results)
    {
        var bytes = System.Text.Encoding.UTF8.GetBytes(chunk.ToString());
        int n = charsMap.CommonPrefixSearch(bytes, results);
        if (n == 0) return null;
        return System.Text.Encoding.UTF8.GetString(charsMap.Replacement(results[0].Item2));
    }

    // HF precompiled.rs replace(): new char k takes the alignment of old char k; extra new chars that of the last old char.
    static void Replace(string s, int start, int length, string replacement, List<int> cps, List<int> src)
    {
        var oldStarts = new List<int>();
        for (int i = start; i < start + length;) { oldStarts.Add(i); CharClasses.CodePointAt(s, i, out int l); i += l; }
        int k = 0;
        foreach (var r in replacement.EnumerateRunes())
        {
            cps.Add(r.Value);
            src.Add(oldStarts[Math.Min(k, oldStarts.Count - 1)]);
            k++;
        }
    }
}
