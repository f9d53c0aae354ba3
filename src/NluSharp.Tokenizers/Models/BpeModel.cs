// Byte-pair encoding (HF models/bpe): a word starts as one symbol per character (with optional continuing-subword
// prefix / end-of-word suffix, byte fallback or unknown token), then the pair of lowest merge rank is merged,
// leftmost first, until no merge applies (HF Word::merge_all with its (rank, position) min-heap; dropout off).
using System.Collections.Concurrent;
using System.Text;
using NluSharp.Tokenizers.Pipeline;

namespace NluSharp.Tokenizers.Models;

internal sealed class BpeModel : ITokenizerModel
{
    public Vocabulary Vocab { get; }
    /// <summary>Merges in rank order, as token pairs.</summary>
    public IReadOnlyList<(string Left, string Right)> Merges { get; }
    public string? UnkToken { get; }
    public string? ContinuingSubwordPrefix { get; }
    public string? EndOfWordSuffix { get; }
    public bool FuseUnk { get; }
    public bool ByteFallback { get; }
    public bool IgnoreMerges { get; }

    readonly Dictionary<long, (int Rank, int NewId)> _merges;
    readonly ConcurrentDictionary<string, Token[]> _cache = new(StringComparer.Ordinal);
    const int CacheCapacity = 100_000;

    public BpeModel(Vocabulary vocab, IReadOnlyList<(string, string)> merges, string? unkToken, string? continuingSubwordPrefix,
        string? endOfWordSuffix, bool fuseUnk, bool byteFallback, bool ignoreMerges)
    {
        Vocab = vocab; Merges = merges; UnkToken = unkToken; ContinuingSubwordPrefix = continuingSubwordPrefix;
        EndOfWordSuffix = endOfWordSuffix; FuseUnk = fuseUnk; ByteFallback = byteFallback; IgnoreMerges = ignoreMerges;
        _merges = new Dictionary<long, (int, int)>(merges.Count);
        int prefixLength = continuingSubwordPrefix?.Length ?? 0;
        for (int rank = 0; rank < merges.Count; rank++)
        {
            var (a, b) = merges[rank];
            int ida = vocab[a] ?? throw new InvalidDataException($"BPE merge {rank} ('{a}' '{b}'): '{a}' is not in the vocabulary");
            int idb = vocab[b] ?? throw new InvalidDataException($"BPE merge {rank} ('{a}' '{b}'): '{b}' is not in the vocabulary");
            // HF: the merged token drops the continuing-subword prefix of the right part.
            string merged = a + (prefixLength > 0 && b.StartsWith(continuingSubwordPrefix!, StringComparison.Ordinal) ? b[prefixLength..] : b);
            int newId = vocab[merged] ?? throw new InvalidDataException($"BPE merge {rank} ('{a}' '{b}'): merged token '{merged}' is not in the vocabulary");
            _merges[Key(ida, idb)] = (rank, newId); // HF collects into a map: a repeated pair keeps its last rank
        }
    }

    static long Key(int a, int b) => ((long)a << 32) | (uint)b;

    public int VocabSize => Vocab.Count;
    public int? TokenToId(string token) => Vocab[token];
    public string? IdToToken(int id) => Vocab.Token(id);

    public void Tokenize(string word, List<Token> output)
    {
        if (word.Length == 0) return;
        if (_cache.TryGetValue(word, out var cached)) { output.AddRange(cached); return; }
        int before = output.Count;
        if (IgnoreMerges && Vocab.TryGetId(word, out int whole)) output.Add(new Token(whole, Vocab.Token(whole)!, 0, word.Length));
        else MergeWord(word, output);
        if (_cache.Count < CacheCapacity) _cache.TryAdd(word, output.GetRange(before, output.Count - before).ToArray());
    }

    struct Symbol
    {
        public int Id, Start, End, Prev, Next;
        public bool Removed;
    }

    void MergeWord(string word, List<Token> output)
    {
        var symbols = new List<Symbol>(word.Length);
        int unkId = -1, unkStart = 0, unkEnd = 0;
        for (int i = 0; i < word.Length;)
        {
            int len = char.IsHighSurrogate(word[i]) && i + 1 < word.Length && char.IsLowSurrogate(word[i + 1]) ? 2 : 1;
            bool isFirst = i == 0, isLast = i + len == word.Length;
            string? prefix = isFirst ? null : ContinuingSubwordPrefix;
            string? suffix = isLast ? EndOfWordSuffix : null;
            int id;
            bool found;
            if (prefix == null && suffix == null) found = Vocab.TryGetId(word.AsSpan(i, len), out id);
            else found = Vocab.TryGetId(prefix + word.Substring(i, len) + suffix, out id);
            if (found)
            {
                if (unkId >= 0) { Add(symbols, unkId, unkStart, unkEnd); unkId = -1; }
                Add(symbols, id, i, i + len);
            }
            else if (!(ByteFallback && TryAddBytes(symbols, prefix + word.Substring(i, len) + suffix, i, i + len)) && UnkToken != null)
            {
                int unk = Vocab[UnkToken] ?? throw new InvalidDataException($"BPE unk_token '{UnkToken}' is not in the vocabulary");
                if (unkId >= 0 && FuseUnk) unkEnd = i + len;
                else
                {
                    if (unkId >= 0) Add(symbols, unkId, unkStart, unkEnd);
                    unkId = unk; unkStart = i; unkEnd = i + len;
                }
            }
            i += len;
        }
        if (unkId >= 0) Add(symbols, unkId, unkStart, unkEnd);
        MergeAll(symbols);
        foreach (var s in symbols)
            if (!s.Removed) output.Add(new Token(s.Id, Vocab.Token(s.Id)!, s.Start, s.End));
    }

    static void Add(List<Symbol> symbols, int id, int start, int end)
    {
        int index = symbols.Count;
        if (index > 0) { var p = symbols[index - 1]; p.Next = index; symbols[index - 1] = p; }
        symbols.Add(new Symbol { Id = id, Start = start, End = end, Prev = index - 1, Next = -1 });
    }

    // HF: each UTF-8 byte becomes <0xXX> when all of them are in the vocabulary. Byte symbols all carry the
    // character's span (HF gives them byte offsets inside the character, which map back to the whole character).
    bool TryAddBytes(List<Symbol> symbols, string s, int start, int end)
    {
        var bytes = System.Text.Encoding.UTF8.GetBytes(s);
        var ids = new int[bytes.Length];
        for (int k = 0; k < bytes.Length; k++)
            if (!Vocab.TryGetId($"<0x{bytes[k]:X2}>", out ids[k])) return false;
        foreach (var id in ids) Add(symbols, id, start, end);
        return true;
    }

    void MergeAll(List<Symbol> symbols)
    {
        if (symbols.Count < 2) return;
        var queue = new PriorityQueue<(int Pos, int NewId), (int Rank, int Pos)>();
        for (int i = 0; i + 1 < symbols.Count; i++)
            if (_merges.TryGetValue(Key(symbols[i].Id, symbols[i + 1].Id), out var m)) queue.Enqueue((i, m.NewId), (m.Rank, i));
        while (queue.TryDequeue(out var top, out _))
        {
            var current = symbols[top.Pos];
            if (current.Removed || current.Next < 0) continue;
            var right = symbols[current.Next];
            if (!_merges.TryGetValue(Key(current.Id, right.Id), out var m) || m.NewId != top.NewId) continue;
            current.Id = top.NewId;
            current.End = right.End;
            int rightIndex = current.Next;
            current.Next = right.Next;
            right.Removed = true;
            symbols[rightIndex] = right;
            if (right.Next >= 0) { var n = symbols[right.Next]; n.Prev = top.Pos; symbols[right.Next] = n; }
            symbols[top.Pos] = current;
            if (current.Prev >= 0 && _merges.TryGetValue(Key(symbols[current.Prev].Id, current.Id), out var mp))
                queue.Enqueue((current.Prev, mp.NewId), (mp.Rank, current.Prev));
            if (current.Next >= 0 && _merges.TryGetValue(Key(current.Id, symbols[current.Next].Id), out var mn))
                queue.Enqueue((top.Pos, mn.NewId), (mn.Rank, top.Pos));
        }
    }
}
