// HF Strip normalizer (normalizers/strip.rs): leading/trailing whitespace removed.
using NluSharp.Tokenizers.Pipeline;
using NluSharp.Tokenizers.Unicode;

namespace NluSharp.Tokenizers.Normalizers;

/// <summary>HF Strip: removes leading/trailing whitespace.</summary>
internal sealed class StripNormalizer(bool left, bool right) : INormalizer
{
    public void Normalize(NormalizedString text)
    {
        var s = text.Text;
        int start = 0, end = s.Length;
        if (left) while (start < end && CharClasses.IsWhitespace(s[start])) start++;
        if (right) while (end > start && CharClasses.IsWhitespace(s[end - 1])) end--;
        if (start == 0 && end == s.Length) return;
        var cps = new List<int>(); var src = new List<int>();
        for (int i = start; i < end;) { cps.Add(CharClasses.CodePointAt(s, i, out int len)); src.Add(i); i += len; }
        text.Rebuild(cps, src);
    }
}
