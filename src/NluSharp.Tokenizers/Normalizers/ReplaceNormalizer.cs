// HF Replace normalizer (normalizers/replace.rs): literal or regex pattern → content, with HF's alignments.
using System.Text;
using NluSharp.Tokenizers.Pipeline;
using NluSharp.Tokenizers.Unicode;

namespace NluSharp.Tokenizers.Normalizers;

/// <summary>HF Replace (literal or regex pattern): every occurrence becomes <c>content</c>.</summary>
internal sealed class ReplaceNormalizer(string pattern, System.Text.RegularExpressions.Regex? regex, string content) : INormalizer
{
    public void Normalize(NormalizedString text)
    {
        var s = text.Text;
        var found = new List<(int, int)>();
        if (regex != null)
            foreach (System.Text.RegularExpressions.Match m in regex.Matches(s)) { if (m.Length > 0) found.Add((m.Index, m.Index + m.Length)); }
        else if (pattern.Length > 0)
            for (int i = s.IndexOf(pattern, StringComparison.Ordinal); i >= 0; i = s.IndexOf(pattern, i + pattern.Length, StringComparison.Ordinal))
                found.Add((i, i + pattern.Length));
        if (found.Count == 0) return;
        var cps = new List<int>(s.Length);
        var src = new List<int>(s.Length);
        int pos = 0;
        foreach (var (start, end) in found)
        {
            AddRange(s, pos, start, cps, src);
            // HF replace(): the match is removed and the content inserted after it, so every inserted char takes the
            // alignment of the match's last character.
            int last = end - (end - 2 >= start && char.IsLowSurrogate(s[end - 1]) && char.IsHighSurrogate(s[end - 2]) ? 2 : 1);
            foreach (var r in content.EnumerateRunes()) { cps.Add(r.Value); src.Add(last); }
            pos = end;
        }
        AddRange(s, pos, s.Length, cps, src);
        text.Rebuild(cps, src);
    }

    static void AddRange(string s, int from, int to, List<int> cps, List<int> src)
    {
        for (int i = from; i < to;)
        {
            cps.Add(CharClasses.CodePointAt(s, i, out int len)); src.Add(i); i += len;
        }
    }
}
