// HF WhitespaceSplit pre-tokenizer (pre_tokenizers/whitespace.rs): splits on whitespace, which is dropped.
using NluSharp.Tokenizers.Pipeline;
using NluSharp.Tokenizers.Unicode;

namespace NluSharp.Tokenizers.PreTokenizers;

/// <summary>HF WhitespaceSplit: split on whitespace, which is removed.</summary>
internal sealed class WhitespaceSplitPreTokenizer : IPreTokenizer
{
    public void PreTokenize(PreTokenizedString text) => text.Split((ns, output) =>
        SplitHelper.Apply(ns, SplitHelper.MatchChars(ns.Text, CharClasses.IsWhitespace), SplitDelimiterBehavior.Removed, output));
}
