// What a tokenizer needs from its model side: encode one text (before special tokens), map ids and tokens, decode.
namespace NluSharp.Tokenizers.Pipeline;

internal abstract class SequenceEncoder
{
    /// <summary>Tokens of one text with UTF-16 offsets into it; type ids set to <paramref name="typeId"/>.</summary>
    public abstract Encoding EncodeSequence(string text, int typeId);

    public abstract string Decode(IReadOnlyList<int> ids, bool skipSpecialTokens);

    public abstract int? TokenToId(string token);

    public abstract string? IdToToken(int id);

    public abstract int VocabSize { get; }
}
