// A decoder stage (HF `decoder`): turns tokens back into text; stages chain (decode_chain), the result is concatenated.
namespace NluSharp.Tokenizers.Decoders;

internal interface IDecoder
{
    List<string> DecodeChain(List<string> tokens);
}
