// The text split into pieces (HF's PreTokenizedString): each piece keeps its alignments to the original input and,
// once a model or the added vocabulary has handled it, its tokens.
namespace NluSharp.Tokenizers.Pipeline;

internal sealed class Split
{
    public NormalizedString Normalized;
    public List<Token>? Tokens;

    public Split(NormalizedString normalized, List<Token>? tokens = null) { Normalized = normalized; Tokens = tokens; }
}

/// <summary>How a pattern's matches become pieces (HF's SplitDelimiterBehavior).</summary>
internal enum SplitDelimiterBehavior { Removed, Isolated, MergedWithPrevious, MergedWithNext, Contiguous }

internal sealed class PreTokenizedString
{
    public readonly string Original;
    public List<Split> Splits;

    public PreTokenizedString(string original)
    {
        Original = original;
        Splits = new List<Split> { new(NormalizedString.FromOriginal(original)) };
    }

    /// <summary>Replaces every not-yet-tokenized piece by the pieces <paramref name="split"/> makes of it; empty pieces are dropped.</summary>
    public void Split(Action<NormalizedString, List<Split>> split)
    {
        var result = new List<Split>(Splits.Count * 2);
        var scratch = new List<Split>();
        foreach (var s in Splits)
        {
            if (s.Tokens != null) { result.Add(s); continue; }
            scratch.Clear();
            split(s.Normalized, scratch);
            foreach (var n in scratch)
                if (n.Normalized.Length > 0) result.Add(n);
        }
        Splits = result;
    }

    /// <summary>Applies <paramref name="normalize"/> to every not-yet-tokenized piece.</summary>
    public void Normalize(Action<NormalizedString> normalize)
    {
        foreach (var s in Splits)
            if (s.Tokens == null) normalize(s.Normalized);
    }
}

internal static class SplitHelper
{
    /// <summary>
    /// Cuts <paramref name="ns"/> by matches covering it in order ((start, end, isMatch) runs, as HF's Pattern::find_matches
    /// returns them) according to <paramref name="behavior"/>.
    /// </summary>
    public static void Apply(NormalizedString ns, List<(int Start, int End, bool IsMatch)> matches, SplitDelimiterBehavior behavior, List<Split> output)
    {
        var pieces = new List<(int Start, int End, bool Remove)>(matches.Count);
        switch (behavior)
        {
            case SplitDelimiterBehavior.Isolated:
                foreach (var m in matches) pieces.Add((m.Start, m.End, false));
                break;
            case SplitDelimiterBehavior.Removed:
                foreach (var m in matches) pieces.Add((m.Start, m.End, m.IsMatch));
                break;
            case SplitDelimiterBehavior.Contiguous:
            {
                bool? previous = null;
                foreach (var m in matches)
                {
                    if (previous == m.IsMatch && pieces.Count > 0 && m.IsMatch) pieces[^1] = (pieces[^1].Start, m.End, false);
                    else pieces.Add((m.Start, m.End, false));
                    previous = m.IsMatch;
                }
                break;
            }
            case SplitDelimiterBehavior.MergedWithPrevious:
            {
                bool previousMatch = false;
                foreach (var m in matches)
                {
                    if (m.IsMatch && !previousMatch && pieces.Count > 0) pieces[^1] = (pieces[^1].Start, m.End, false);
                    else pieces.Add((m.Start, m.End, false));
                    previousMatch = m.IsMatch;
                }
                break;
            }
            case SplitDelimiterBehavior.MergedWithNext:
            {
                bool previousMatch = false;
                for (int i = matches.Count - 1; i >= 0; i--)
                {
                    var m = matches[i];
                    if (m.IsMatch && !previousMatch && pieces.Count > 0) pieces[^1] = (m.Start, pieces[^1].End, false);
                    else pieces.Add((m.Start, m.End, false));
                    previousMatch = m.IsMatch;
                }
                pieces.Reverse();
                break;
            }
        }
        foreach (var p in pieces)
            if (!p.Remove && p.End > p.Start) output.Add(new Split(p.Start == 0 && p.End == ns.Length ? ns : ns.Slice(p.Start, p.End)));
    }

    /// <summary>HF's find_matches for a character predicate: every matching code point is its own match.</summary>
    public static List<(int, int, bool)> MatchChars(string text, Func<int, bool> predicate)
    {
        var matches = new List<(int, int, bool)>();
        int last = 0;
        for (int i = 0; i < text.Length;)
        {
            int cp = Unicode.CharClasses.CodePointAt(text, i, out int len);
            if (predicate(cp))
            {
                if (last < i) matches.Add((last, i, false));
                matches.Add((i, i + len, true));
                last = i + len;
            }
            i += len;
        }
        if (last < text.Length) matches.Add((last, text.Length, false));
        return matches;
    }

    /// <summary>Turns sorted, non-overlapping match ranges into HF's covering (start, end, isMatch) runs.</summary>
    public static List<(int, int, bool)> FromMatches(int length, IEnumerable<(int Start, int End)> found)
    {
        var matches = new List<(int, int, bool)>();
        int last = 0;
        foreach (var (s, e) in found)
        {
            if (last < s) matches.Add((last, s, false));
            matches.Add((s, e, true));
            last = e;
        }
        if (last < length) matches.Add((last, length, false));
        return matches;
    }
}
