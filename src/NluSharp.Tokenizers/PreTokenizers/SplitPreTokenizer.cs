// HF Split pre-tokenizer (pre_tokenizers/split.rs): literal or regex pattern, delimiter behavior, optional invert.
using System.Text.RegularExpressions;
using NluSharp.Tokenizers.Pipeline;

namespace NluSharp.Tokenizers.PreTokenizers;

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
