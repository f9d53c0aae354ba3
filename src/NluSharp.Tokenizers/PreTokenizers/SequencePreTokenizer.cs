// HF Sequence pre-tokenizer: the pre-tokenizers applied in order.
using NluSharp.Tokenizers.Pipeline;

namespace NluSharp.Tokenizers.PreTokenizers;

internal sealed class SequencePreTokenizer(IReadOnlyList<IPreTokenizer> preTokenizers) : IPreTokenizer
{
    public void PreTokenize(PreTokenizedString text)
    {
        foreach (var p in preTokenizers) p.PreTokenize(text);
    }
}
