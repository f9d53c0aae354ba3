// Unigram language model (HF models/unigram, from a tokenizer.json): Viterbi over all vocabulary pieces that match
// at each position (scores are log-probabilities); characters no piece covers become the unknown token with
// score min_score - 10, consecutive unknowns are fused, and with byte_fallback an unknown becomes <0xXX> pieces.
using System.Collections.Concurrent;
using System.Text;
using NluSharp.Tokenizers.Pipeline;

namespace NluSharp.Tokenizers.Models;

internal sealed class UnigramModel : ITokenizerModel
{
    public IReadOnlyList<(string Piece, double Score)> Pieces { get; }
    public int? UnkId { get; }
    public bool ByteFallback { get; }

    readonly Vocabulary _vocab;
    readonly double _minScore;
    readonly int _maxPieceLength;
    readonly ConcurrentDictionary<string, Token[]> _cache = new(StringComparer.Ordinal);
    const double UnkPenalty = 10.0;

    public UnigramModel(IReadOnlyList<(string Piece, double Score)> pieces, int? unkId, bool byteFallback)
    {
        Pieces = pieces; UnkId = unkId; ByteFallback = byteFallback;
        var entries = new List<KeyValuePair<string, int>>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (int i = 0; i < pieces.Count; i++)
            if (seen.Add(pieces[i].Piece)) entries.Add(new(pieces[i].Piece, i)); // HF keeps the first id of a duplicate
        _vocab = new Vocabulary(entries);
        _minScore = pieces.Count == 0 ? 0 : pieces.Min(p => p.Score);
        _maxPieceLength = pieces.Count == 0 ? 1 : pieces.Max(p => p.Piece.Length);
        if (unkId is int u && (u < 0 || u >= pieces.Count))
            throw new InvalidDataException($"Unigram unk_id {u} is outside the vocabulary (size {pieces.Count})");
    }

    public int VocabSize => Pieces.Count;
    public int? TokenToId(string token) => _vocab[token];
    public string? IdToToken(int id) => id >= 0 && id < Pieces.Count ? Pieces[id].Piece : null;

    public void Tokenize(string word, List<Token> output)
    {
        if (word.Length == 0) return;
        if (_cache.TryGetValue(word, out var cached)) { output.AddRange(cached); return; }
        int before = output.Count;
        foreach (var (start, end) in Viterbi(word))
        {
            var piece = word.AsSpan(start, end - start);
            if (_vocab.TryGetId(piece, out int id)) { output.Add(new Token(id, Pieces[id].Piece, start, end)); continue; }
            if (ByteFallback && TryBytes(piece.ToString(), start, end, output)) continue;
            if (UnkId is not int unk) throw new InvalidDataException("Unigram model has no unk_id but the text needs an unknown token");
            output.Add(new Token(unk, piece.ToString(), start, end));
        }
        if (_cache.Count < 100_000) _cache.TryAdd(word, output.GetRange(before, output.Count - before).ToArray());
    }

    bool TryBytes(string piece, int start, int end, List<Token> output)
    {
        var bytes = System.Text.Encoding.UTF8.GetBytes(piece);
        var tokens = new Token[bytes.Length];
        for (int k = 0; k < bytes.Length; k++)
        {
            string name = $"<0x{bytes[k]:X2}>";
            if (!_vocab.TryGetId(name, out int id)) return false;
            tokens[k] = new Token(id, name, start, end);
        }
        output.AddRange(tokens);
        return true;
    }

    /// <summary>HF Unigram::encode_optimized: best path ending at each position, unknown chars fused on the way back.</summary>
    List<(int Start, int End)> Viterbi(string s)
    {
        int n = s.Length;
        var score = new double[n + 1];
        var from = new int[n + 1];
        var ids = new int[n + 1];
        Array.Fill(from, -1);
        double unkScore = _minScore - UnkPenalty;
        for (int start = 0; start < n;)
        {
            int charLen = char.IsHighSurrogate(s[start]) && start + 1 < n && char.IsLowSurrogate(s[start + 1]) ? 2 : 1;
            double here = score[start];
            bool hasSingle = false;
            int limit = Math.Min(n - start, _maxPieceLength);
            for (int len = 1; len <= limit; len++)
            {
                if (!_vocab.TryGetId(s.AsSpan(start, len), out int id)) continue;
                int end = start + len;
                double candidate = Pieces[id].Score + here;
                if (from[end] < 0 || candidate > score[end]) { score[end] = candidate; from[end] = start; ids[end] = id; }
                if (len == charLen) hasSingle = true;
            }
            if (!hasSingle)
            {
                int end = start + charLen;
                double candidate = unkScore + here;
                if (from[end] < 0 || candidate > score[end]) { score[end] = candidate; from[end] = start; ids[end] = UnkId ?? -1; }
            }
            start += charLen;
        }
        var result = new List<(int, int)>();
        int unkEnd = -1;
        for (int end = n; end > 0;)
        {
            int start = from[end];
            bool isUnk = UnkId is int u && ids[end] == u;
            if (isUnk) { if (unkEnd < 0) unkEnd = end; }
            else
            {
                if (unkEnd >= 0) { result.Add((end, unkEnd)); unkEnd = -1; }
                result.Add((start, end));
            }
            if (isUnk && start == 0) { result.Add((0, unkEnd)); unkEnd = -1; }
            end = start;
        }
        result.Reverse();
        return result;
    }
}
