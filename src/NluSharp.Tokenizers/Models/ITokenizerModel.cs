// A tokenization model (HF `model`): turns one pre-tokenized word into tokens with offsets inside that word.
using NluSharp.Tokenizers.Pipeline;

namespace NluSharp.Tokenizers.Models;

internal interface ITokenizerModel
{
    /// <summary>Appends the tokens of <paramref name="word"/> (offsets in UTF-16 units of the word).</summary>
    void Tokenize(string word, List<Token> output);

    int? TokenToId(string token);

    string? IdToToken(int id);

    /// <summary>Number of entries in the model's vocabulary (ids 0..VocabSize-1, possibly sparse).</summary>
    int VocabSize { get; }
}
