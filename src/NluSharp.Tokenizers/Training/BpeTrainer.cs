// BPE training as Hugging Face's BpeTrainer (models/bpe/trainer.rs) does it: count words, seed the vocabulary with the
// special tokens and the alphabet (sorted by code point), then repeatedly merge the most frequent adjacent pair
// (ties: the pair of smallest ids) with a lazily updated max-heap, until the vocabulary reaches its size.
namespace NluSharp.Tokenizers.Training;

/// <summary>Options shared by the trainers.</summary>
public sealed record TrainerOptions(int VocabSize, long MinFrequency = 0, IReadOnlyList<string>? SpecialTokens = null,
    IReadOnlyList<string>? InitialAlphabet = null, string? ContinuingSubwordPrefix = null, string? EndOfWordSuffix = null);

internal sealed class BpeTrainer(TrainerOptions options)
{
    /// <summary>Result: vocabulary in id order and merges in rank order.</summary>
    public sealed record Result(List<string> Vocab, List<(string, string)> Merges);

    sealed class Word
    {
        public List<int> Symbols = new();
    }

    sealed class Entry
    {
        public (int A, int B) Pair;
        public long Count;
        public HashSet<int> Positions = new();
    }

    // Max-heap order of HF's Merge: larger count first, then the smaller pair.
    sealed class EntryOrder : IComparer<(long Count, int A, int B)>
    {
        public int Compare((long Count, int A, int B) x, (long Count, int A, int B) y)
        {
            if (x.Count != y.Count) return y.Count.CompareTo(x.Count);
            if (x.A != y.A) return x.A.CompareTo(y.A);
            return x.B.CompareTo(y.B);
        }
    }

    static long Key(int a, int b) => ((long)a << 32) | (uint)b;

    public Result Train(IReadOnlyDictionary<string, long> wordCounts, CancellationToken cancellationToken = default)
    {
        var wordToId = new Dictionary<string, int>(StringComparer.Ordinal);
        var idToWord = new List<string>();
        void AddToken(string t)
        {
            if (wordToId.ContainsKey(t)) return;
            wordToId[t] = idToWord.Count;
            idToWord.Add(t);
        }
        foreach (var s in options.SpecialTokens ?? []) AddToken(s);

        // Alphabet: every character of the words (and of the initial alphabet), sorted by code point.
        var alphabet = new Dictionary<int, long>();
        foreach (var (word, count) in wordCounts)
            foreach (var r in word.EnumerateRunes()) alphabet[r.Value] = alphabet.GetValueOrDefault(r.Value) + count;
        foreach (var a in options.InitialAlphabet ?? [])
            foreach (var r in a.EnumerateRunes()) alphabet[r.Value] = long.MaxValue;
        foreach (var cp in alphabet.Keys.Order()) AddToken(char.ConvertFromUtf32(cp));

        // Words as symbol ids (words in ordinal order: HF iterates a hash map here; only ids of prefixed pieces depend on it).
        var wordList = wordCounts.Keys.Order(StringComparer.Ordinal).ToList();
        var words = new List<Word>(wordList.Count);
        var counts = new long[wordList.Count];
        for (int w = 0; w < wordList.Count; w++)
        {
            counts[w] = wordCounts[wordList[w]];
            var word = new Word();
            var runes = wordList[w].EnumerateRunes().Select(r => r.ToString()).ToList();
            for (int i = 0; i < runes.Count; i++)
            {
                var s = runes[i];
                if (i > 0 && options.ContinuingSubwordPrefix != null) s = options.ContinuingSubwordPrefix + s;
                if (i == runes.Count - 1 && options.EndOfWordSuffix != null) s += options.EndOfWordSuffix;
                AddToken(s);
                word.Symbols.Add(wordToId[s]);
            }
            words.Add(word);
        }

        // Pair counts and where they occur.
        var pairCounts = new Dictionary<long, long>();
        var whereToUpdate = new Dictionary<long, HashSet<int>>();
        for (int w = 0; w < words.Count; w++)
        {
            var sym = words[w].Symbols;
            for (int i = 0; i + 1 < sym.Count; i++)
            {
                long k = Key(sym[i], sym[i + 1]);
                pairCounts[k] = pairCounts.GetValueOrDefault(k) + counts[w];
                if (!whereToUpdate.TryGetValue(k, out var set)) whereToUpdate[k] = set = new HashSet<int>();
                set.Add(w);
            }
        }
        var queue = new PriorityQueue<Entry, (long, int, int)>(new EntryOrder());
        void Push(Entry e) => queue.Enqueue(e, (e.Count, e.Pair.A, e.Pair.B));
        foreach (var (k, pos) in whereToUpdate)
        {
            long c = pairCounts[k];
            if (c > 0) Push(new Entry { Pair = ((int)(k >> 32), (int)(uint)k), Count = c, Positions = pos });
        }
        whereToUpdate.Clear();

        var merges = new List<(string, string)>();
        while (wordToId.Count < options.VocabSize && queue.Count > 0)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var top = queue.Dequeue();
            long current = pairCounts.GetValueOrDefault(Key(top.Pair.A, top.Pair.B));
            if (top.Count != current)
            {
                top.Count = current;
                Push(top);
                continue;
            }
            if (top.Count < 1 || options.MinFrequency > top.Count) break;
            string partA = idToWord[top.Pair.A], partB = idToWord[top.Pair.B];
            if (options.ContinuingSubwordPrefix is { Length: > 0 } prefix && partB.StartsWith(prefix, StringComparison.Ordinal)) partB = partB[prefix.Length..];
            string newToken = partA + partB;
            AddToken(newToken);
            int newId = wordToId[newToken];
            merges.Add((idToWord[top.Pair.A], idToWord[top.Pair.B]));
            foreach (int w in top.Positions.Order())
                foreach (var (pair, change) in Merge(words[w].Symbols, top.Pair.A, top.Pair.B, newId))
                {
                    pairCounts[pair] = pairCounts.GetValueOrDefault(pair) + change * counts[w];
                    if (change > 0)
                    {
                        if (!whereToUpdate.TryGetValue(pair, out var set)) whereToUpdate[pair] = set = new HashSet<int>();
                        set.Add(w);
                    }
                }
            foreach (var (k, pos) in whereToUpdate.OrderBy(kv => kv.Key))
            {
                long c = pairCounts[k];
                if (c > 0) Push(new Entry { Pair = ((int)(k >> 32), (int)(uint)k), Count = c, Positions = pos });
            }
            whereToUpdate.Clear();
        }
        return new Result(idToWord, merges);
    }

    /// <summary>HF Word::merge: replaces every (a, b) left to right and reports the pair count changes.</summary>
    static List<(long Pair, int Change)> Merge(List<int> symbols, int a, int b, int replacement)
    {
        var changes = new List<(long, int)>();
        for (int i = 0; i < symbols.Count; i++)
        {
            if (symbols[i] != a || i + 1 >= symbols.Count || symbols[i + 1] != b) continue;
            if (i > 0)
            {
                changes.Add((Key(symbols[i - 1], a), -1));
                changes.Add((Key(symbols[i - 1], replacement), 1));
            }
            symbols[i] = replacement;
            symbols.RemoveAt(i + 1);
            if (i < symbols.Count - 1)
            {
                changes.Add((Key(b, symbols[i + 1]), -1));
                changes.Add((Key(replacement, symbols[i + 1]), 1));
            }
        }
        return changes;
    }
}
