// HF Digits pre-tokenizer (pre_tokenizers/digits.rs): isolates digits, one by one or in runs.
using NluSharp.Tokenizers.Pipeline;
using NluSharp.Tokenizers.Unicode;

namespace NluSharp.Tokenizers.PreTokenizers;

/// <summary>HF Digits: isolates digits, one by one or as contiguous runs.</summary>
internal sealed class DigitsPreTokenizer(bool individualDigits) : IPreTokenizer
{
    static bool IsNumeric(int c) => CharClasses.IsNumber(c);

    public void PreTokenize(PreTokenizedString text) => text.Split((ns, output) =>
        SplitHelper.Apply(ns, SplitHelper.MatchChars(ns.Text, IsNumeric),
            individualDigits ? SplitDelimiterBehavior.Isolated : SplitDelimiterBehavior.Contiguous, output));
}
