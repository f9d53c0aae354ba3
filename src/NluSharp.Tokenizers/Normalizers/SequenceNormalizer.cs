// HF Sequence normalizer: the normalizers chained in order.
using NluSharp.Tokenizers.Pipeline;

namespace NluSharp.Tokenizers.Normalizers;

internal sealed class SequenceNormalizer(IReadOnlyList<INormalizer> normalizers) : INormalizer
{
    public void Normalize(NormalizedString text)
    {
        foreach (var n in normalizers) n.Normalize(text);
    }
}
