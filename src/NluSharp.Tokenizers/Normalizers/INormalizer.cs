// A normalizer stage (HF `normalizer` in tokenizer.json): rewrites text while keeping alignments to the original.
using NluSharp.Tokenizers.Pipeline;

namespace NluSharp.Tokenizers.Normalizers;

internal interface INormalizer
{
    void Normalize(NormalizedString text);
}

internal static class NormalizerExtensions
{
    /// <summary>Normalizes a plain string (used for added tokens with normalized=true).</summary>
    public static string NormalizeString(this INormalizer normalizer, string text)
    {
        var ns = NormalizedString.FromOriginal(text);
        normalizer.Normalize(ns);
        return ns.Text;
    }
}
