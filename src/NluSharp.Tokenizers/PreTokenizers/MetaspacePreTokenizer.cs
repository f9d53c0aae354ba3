// HF Metaspace pre-tokenizer (pre_tokenizers/metaspace.rs): spaces become ▁, optionally prepended, split before each.
using NluSharp.Tokenizers.Pipeline;

namespace NluSharp.Tokenizers.PreTokenizers;

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
