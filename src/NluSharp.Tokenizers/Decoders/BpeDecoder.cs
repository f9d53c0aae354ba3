// HF BPEDecoder (decoders/bpe.rs): the end-of-word suffix becomes a space.

namespace NluSharp.Tokenizers.Decoders;

/// <summary>HF BPEDecoder: the end-of-word suffix becomes a space (nothing after the last token).</summary>
internal sealed class BpeDecoder(string suffix) : IDecoder
{
    public List<string> DecodeChain(List<string> tokens) =>
        tokens.Select((t, i) => t.Replace(suffix, i == tokens.Count - 1 ? "" : " ")).ToList();
}
