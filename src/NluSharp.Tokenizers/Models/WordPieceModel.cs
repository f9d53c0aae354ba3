// WordPiece (HF models/wordpiece): greedy longest-match-first over the word, continuation pieces carry a prefix
// ("##"); a word with an unmatchable rest, or longer than max_input_chars_per_word code points, is one unknown token.
using System.Collections.Concurrent;
using NluSharp.Tokenizers.Pipeline;

namespace NluSharp.Tokenizers.Models;

internal sealed class WordPieceModel : ITokenizerModel
{
    public Vocabulary Vocab { get; }
    public string UnkToken { get; }
    public string ContinuingSubwordPrefix { get; }
    public int MaxInputCharsPerWord { get; }

    readonly Vocabulary _continuations; // pieces that start with the prefix, stored without it
    readonly int _unkId;
    readonly ConcurrentDictionary<string, Token[]> _cache = new(StringComparer.Ordinal);
    const int CacheCapacity = 100_000;

    public WordPieceModel(Vocabulary vocab, string unkToken, string continuingSubwordPrefix, int maxInputCharsPerWord)
    {
        Vocab = vocab; UnkToken = unkToken; ContinuingSubwordPrefix = continuingSubwordPrefix; MaxInputCharsPerWord = maxInputCharsPerWord;
        _unkId = vocab[unkToken] ?? throw new InvalidDataException($"WordPiece unk_token '{unkToken}' is not in the vocabulary");
        _continuations = new Vocabulary(vocab.Entries
            .Where(e => e.Key.StartsWith(continuingSubwordPrefix, StringComparison.Ordinal) && continuingSubwordPrefix.Length > 0)
            .Select(e => new KeyValuePair<string, int>(e.Key[continuingSubwordPrefix.Length..], e.Value)));
    }

    public int VocabSize => Vocab.Count;
    public int? TokenToId(string token) => Vocab[token];
    public string? IdToToken(int id) => Vocab.Token(id);

    public void Tokenize(string word, List<Token> output)
    {
        if (_cache.TryGetValue(word, out var cached)) { output.AddRange(cached); return; }
        int before = output.Count;
        TokenizeUncached(word, output);
        if (_cache.Count < CacheCapacity) _cache.TryAdd(word, output.GetRange(before, output.Count - before).ToArray());
    }

    void TokenizeUncached(string word, List<Token> output)
    {
        int codePoints = 0;
        foreach (var _ in word.EnumerateRunes()) if (++codePoints > MaxInputCharsPerWord) break;
        if (codePoints > MaxInputCharsPerWord) { output.Add(new Token(_unkId, UnkToken, 0, word.Length)); return; }
        int before = output.Count;
        int start = 0;
        while (start < word.Length)
        {
            int end = word.Length;
            int id = -1;
            while (start < end)
            {
                var piece = word.AsSpan(start, end - start);
                bool found = start == 0 ? Vocab.TryGetId(piece, out id) : PrefixedLookup(piece, out id);
                if (found) break;
                id = -1;
                end -= end - 1 > start && char.IsLowSurrogate(word[end - 1]) && char.IsHighSurrogate(word[end - 2]) ? 2 : 1;
            }
            if (id < 0)
            {
                output.RemoveRange(before, output.Count - before);
                output.Add(new Token(_unkId, UnkToken, 0, word.Length));
                return;
            }
            output.Add(new Token(id, Vocab.Token(id)!, start, end));
            start = end;
        }
    }

    bool PrefixedLookup(ReadOnlySpan<char> piece, out int id)
    {
        if (ContinuingSubwordPrefix.Length > 0) return _continuations.TryGetId(piece, out id);
        return Vocab.TryGetId(piece, out id);
    }
}
