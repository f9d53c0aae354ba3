// HF Prepend normalizer (normalizers/prepend.rs): a prefix sharing the first character's alignment.
using NluSharp.Tokenizers.Pipeline;

namespace NluSharp.Tokenizers.Normalizers;

internal sealed class PrependNormalizer(string prepend) : INormalizer
{
    public void Normalize(NormalizedString text) => text.Prepend(prepend);
}
