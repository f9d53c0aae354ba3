// HF StripAccents normalizer (normalizers/strip.rs): drops combining marks.
using NluSharp.Tokenizers.Pipeline;
using NluSharp.Tokenizers.Unicode;

namespace NluSharp.Tokenizers.Normalizers;

/// <summary>HF StripAccents: removes every combining mark, Mn, Mc and Me (it does not decompose; pair it with NFD/NFKD).</summary>
internal sealed class StripAccentsNormalizer : INormalizer
{
    public void Normalize(NormalizedString text) => text.MapCodePoints((c, o) => { if (!CharClasses.IsCombiningMark(c)) o.Add(c); });
}
