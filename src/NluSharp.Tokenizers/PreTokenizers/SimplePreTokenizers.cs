// The remaining HF pre-tokenizers: Whitespace, WhitespaceSplit, Metaspace, Punctuation, Digits, Split, Sequence.
using System.Globalization;
using System.Text.RegularExpressions;
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

/// <summary>HF WhitespaceSplit: split on whitespace, which is removed.</summary>
internal sealed class WhitespaceSplitPreTokenizer : IPreTokenizer
{
    public void PreTokenize(PreTokenizedString text) => text.Split((ns, output) =>
        SplitHelper.Apply(ns, SplitHelper.MatchChars(ns.Text, CharClasses.IsWhitespace), SplitDelimiterBehavior.Removed, output));
}

internal enum PrependScheme { Always, First, Never }

/// <summary>HF Metaspace: spaces become the replacement char (▁), optionally prepended, then split before each one.</summary>
internal sealed class MetaspacePreTokenizer(char replacement, PrependScheme prependScheme, bool split) : IPreTokenizer
{
    public char Replacement => replacement;
    public PrependScheme PrependScheme => prependScheme;
    public bool SplitOnReplacement => split;

    public void PreTokenize(PreTokenizedString text) => text.Split((ns, output) =>
    {
        if (ns.Text.Contains(' ')) ns.MapCodePoints((c, o) => o.Add(c == ' ' ? replacement : c));
        bool prepend = prependScheme == PrependScheme.Always
            || prependScheme == PrependScheme.First && ns.Starts.Length > 0 && ns.Starts[0] == 0;
        if (prepend && !ns.Text.StartsWith(replacement)) ns.Prepend(replacement.ToString());
        if (split)
            SplitHelper.Apply(ns, SplitHelper.MatchChars(ns.Text, c => c == replacement), SplitDelimiterBehavior.MergedWithNext, output);
        else output.Add(new Split(ns));
    });
}

/// <summary>HF Punctuation: splits on BERT punctuation with the given behavior (default Isolated).</summary>
internal sealed class PunctuationPreTokenizer(SplitDelimiterBehavior behavior) : IPreTokenizer
{
    public void PreTokenize(PreTokenizedString text) => text.Split((ns, output) =>
        SplitHelper.Apply(ns, SplitHelper.MatchChars(ns.Text, CharClasses.IsBertPunctuation), behavior, output));
}

/// <summary>HF Digits: isolates digits, one by one or as contiguous runs.</summary>
internal sealed class DigitsPreTokenizer(bool individualDigits) : IPreTokenizer
{
    static bool IsNumeric(int c) => CharClasses.IsNumber(c);

    public void PreTokenize(PreTokenizedString text) => text.Split((ns, output) =>
        SplitHelper.Apply(ns, SplitHelper.MatchChars(ns.Text, IsNumeric),
            individualDigits ? SplitDelimiterBehavior.Isolated : SplitDelimiterBehavior.Contiguous, output));
}

/// <summary>HF Split: a literal string or regex pattern, a delimiter behavior, optionally inverted.</summary>
internal sealed class SplitPreTokenizer(string? literal, Regex? regex, SplitDelimiterBehavior behavior, bool invert) : IPreTokenizer
{
    public void PreTokenize(PreTokenizedString text) => text.Split((ns, output) =>
    {
        var s = ns.Text;
        var found = new List<(int, int)>();
        if (regex != null)
        {
            foreach (Match m in regex.Matches(s)) if (m.Length > 0) found.Add((m.Index, m.Index + m.Length));
        }
        else if (!string.IsNullOrEmpty(literal))
        {
            for (int i = s.IndexOf(literal, StringComparison.Ordinal); i >= 0; i = s.IndexOf(literal, i + literal.Length, StringComparison.Ordinal))
                found.Add((i, i + literal.Length));
        }
        var matches = SplitHelper.FromMatches(s.Length, found);
        if (invert) matches = matches.Select(m => (m.Item1, m.Item2, !m.Item3)).ToList();
        SplitHelper.Apply(ns, matches, behavior, output);
    });
}

internal sealed class SequencePreTokenizer(IReadOnlyList<IPreTokenizer> preTokenizers) : IPreTokenizer
{
    public void PreTokenize(PreTokenizedString text)
    {
        foreach (var p in preTokenizers) p.PreTokenize(text);
    }
}
