// HF Lowercase normalizer (normalizers/utils.rs): char-wise full lowercase, as Rust's char::to_lowercase.
using NluSharp.Tokenizers.Pipeline;
using NluSharp.Tokenizers.Unicode;

namespace NluSharp.Tokenizers.Normalizers;

internal sealed class LowercaseNormalizer : INormalizer
{
    public void Normalize(NormalizedString text) => text.MapCodePoints(CharClasses.AppendLowercase);
}
