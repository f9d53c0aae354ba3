// HF Fuse decoder (decoders/fuse.rs): concatenates all tokens into one.

namespace NluSharp.Tokenizers.Decoders;

internal sealed class FuseDecoder : IDecoder
{
    public List<string> DecodeChain(List<string> tokens) => [string.Concat(tokens)];
}
