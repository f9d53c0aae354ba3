// HF Punctuation pre-tokenizer (pre_tokenizers/punctuation.rs): splits on punctuation with a delimiter behavior.
using NluSharp.Tokenizers.Pipeline;
using NluSharp.Tokenizers.Unicode;

namespace NluSharp.Tokenizers.PreTokenizers;

/// <summary>HF Punctuation: splits on BERT punctuation with the given behavior (default Isolated).</summary>
internal sealed class PunctuationPreTokenizer(SplitDelimiterBehavior behavior) : IPreTokenizer
{
    public void PreTokenize(PreTokenizedString text) => text.Split((ns, output) =>
        SplitHelper.Apply(ns, SplitHelper.MatchChars(ns.Text, CharClasses.IsBertPunctuation), behavior, output));
}
