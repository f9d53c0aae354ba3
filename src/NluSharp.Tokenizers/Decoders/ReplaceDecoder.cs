// HF Replace decoder (normalizers/replace.rs used as a decoder): literal pattern → content in every token.

namespace NluSharp.Tokenizers.Decoders;

/// <summary>HF Replace decoder (literal pattern).</summary>
internal sealed class ReplaceDecoder(string pattern, string content) : IDecoder
{
    public List<string> DecodeChain(List<string> tokens) => tokens.Select(t => pattern.Length == 0 ? t : t.Replace(pattern, content)).ToList();
}
