// Loads a SentencePiece .model as a Tokenizer (filled in below).
namespace NluSharp.Tokenizers.SentencePiece;

internal static class SentencePieceTokenizer
{
    public static Tokenizer Load(string path) => throw new NotSupportedException("not yet");
}
