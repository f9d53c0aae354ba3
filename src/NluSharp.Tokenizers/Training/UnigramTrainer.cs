// Unigram training after sentencepiece's trainer as Hugging Face's UnigramTrainer ports it (models/unigram/trainer.rs):
// seed pieces = every character plus frequent substrings (score freq·length), then rounds of EM (expected counts by
// forward-backward over each word's lattice, Bayesian M-step with digamma) and pruning of the pieces whose removal
// costs the least likelihood, until 1.1 × vocab size remain; finally the best pieces plus every character.
namespace NluSharp.Tokenizers.Training;

internal sealed class UnigramTrainer(int vocabSize, IReadOnlyList<string> specialTokens)
{
    const int MaxPieceLength = 16;
    const int SeedSize = 1_000_000;
    const double ShrinkingFactor = 0.75;
    const int SubIterations = 2;
    const double UnkPenalty = 10.0;

    sealed class Model
    {
        public readonly List<(string Piece, double Score)> Pieces;
        public readonly Dictionary<string, int> Ids = new(StringComparer.Ordinal);
        public readonly Dictionary<string, int>.AlternateLookup<ReadOnlySpan<char>> Lookup;
        public readonly double MinScore;

        public Model(List<(string, double)> pieces)
        {
            Pieces = pieces;
            for (int i = 0; i < pieces.Count; i++) Ids.TryAdd(pieces[i].Item1, i);
            Lookup = Ids.GetAlternateLookup<ReadOnlySpan<char>>();
            MinScore = pieces.Skip(1).Select(p => p.Item2).Where(s => !double.IsNaN(s)).DefaultIfEmpty(0).Min();
        }

        /// <summary>Lattice edges (start, end, id, score) of a word; id 0 (unknown) covers characters no piece covers.</summary>
        public List<(int Start, int End, int Id, double Score)> Edges(string word, int excludeId = -1)
        {
            var edges = new List<(int, int, int, double)>();
            for (int s = 0; s < word.Length;)
            {
                int charLen = char.IsHighSurrogate(word[s]) && s + 1 < word.Length ? 2 : 1;
                bool single = false;
                for (int len = 1, cps = 0; s + len <= word.Length && cps < MaxPieceLength; len++)
                {
                    if (char.IsHighSurrogate(word[s + len - 1]) && s + len < word.Length) continue;
                    cps++;
                    if (Lookup.TryGetValue(word.AsSpan(s, len), out int id) && id != 0 && id != excludeId)
                    {
                        edges.Add((s, s + len, id, Pieces[id].Score));
                        if (len == charLen) single = true;
                    }
                }
                if (!single) edges.Add((s, s + charLen, 0, MinScore - UnkPenalty));
                s += charLen;
            }
            return edges;
        }
    }

    static double LogSumExp(double a, double b)
    {
        if (double.IsNegativeInfinity(a)) return b;
        if (double.IsNegativeInfinity(b)) return a;
        return Math.Max(a, b) + Math.Log(1 + Math.Exp(-Math.Abs(a - b)));
    }

    // Digamma by recurrence and asymptotic series (as HF's trainer computes it).
    static double Digamma(double x)
    {
        double result = 0;
        while (x < 7) { result -= 1 / x; x += 1; }
        x -= 0.5;
        double xx = 1.0 / x, xx2 = xx * xx, xx4 = xx2 * xx2;
        result += Math.Log(x) + (1.0 / 24.0) * xx2 - (7.0 / 960.0) * xx4 + (31.0 / 8064.0) * xx4 * xx2 - (127.0 / 30720.0) * xx4 * xx4;
        return result;
    }

    /// <summary>Viterbi segmentation (piece ids), or null when the word cannot be segmented.</summary>
    static List<int>? Viterbi(string word, List<(int Start, int End, int Id, double Score)> edges)
    {
        int n = word.Length;
        var best = new double[n + 1];
        var back = new (int Start, int Id)[n + 1];
        Array.Fill(best, double.NegativeInfinity);
        best[0] = 0;
        foreach (var e in edges.OrderBy(e => e.Start))
        {
            if (double.IsNegativeInfinity(best[e.Start])) continue;
            double c = best[e.Start] + e.Score;
            if (c > best[e.End]) { best[e.End] = c; back[e.End] = (e.Start, e.Id); }
        }
        if (double.IsNegativeInfinity(best[n])) return null;
        var ids = new List<int>();
        for (int p = n; p > 0; p = back[p].Start) ids.Add(back[p].Id);
        ids.Reverse();
        return ids;
    }

    public List<(string Piece, double Score)> Train(IReadOnlyDictionary<string, long> wordCounts, CancellationToken cancellationToken = default)
    {
        var sentences = wordCounts.OrderBy(kv => kv.Key, StringComparer.Ordinal).Select(kv => (kv.Key, (double)kv.Value)).ToList();
        var requiredChars = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var (w, c) in sentences)
            foreach (var r in w.EnumerateRunes()) requiredChars[r.ToString()] = requiredChars.GetValueOrDefault(r.ToString()) + c;

        var pieces = new List<(string, double)> { ("<UNK>", double.NaN) };
        pieces.AddRange(Seeds(sentences, requiredChars));
        int desired = vocabSize * 11 / 10;
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            for (int iter = 0; iter < SubIterations; iter++)
            {
                var model = new Model(pieces);
                var expected = EStep(model, sentences);
                pieces = MStep(pieces, expected);
            }
            if (pieces.Count <= desired) break;
            pieces = Prune(new Model(pieces), sentences, desired);
        }
        return Finalize(new Model(pieces), requiredChars);
    }

    static IEnumerable<(string, double)> Seeds(List<(string Word, double Count)> sentences, Dictionary<string, double> chars)
    {
        var counts = new Dictionary<string, double>(StringComparer.Ordinal);
        var lookup = counts.GetAlternateLookup<ReadOnlySpan<char>>();
        foreach (var (w, c) in sentences)
            for (int s = 0; s < w.Length; s++)
            {
                if (char.IsLowSurrogate(w[s])) continue;
                for (int len = 1, cps = 0; s + len <= w.Length && cps < MaxPieceLength; len++)
                {
                    if (char.IsHighSurrogate(w[s + len - 1]) && s + len < w.Length) continue;
                    cps++;
                    if (cps < 2) continue;
                    var span = w.AsSpan(s, len);
                    if (span[1..].Contains('▁')) break; // '▁' only at the start of a piece
                    lookup[span] = (lookup.TryGetValue(span, out var v) ? v : 0) + c;
                }
            }
        var seeds = chars.OrderByDescending(kv => kv.Value).ThenBy(kv => kv.Key, StringComparer.Ordinal).Select(kv => (kv.Key, kv.Value)).ToList();
        seeds.AddRange(counts.Where(kv => kv.Value >= 2).Select(kv => (kv.Key, kv.Value * kv.Key.EnumerateRunes().Count()))
            .OrderByDescending(p => p.Item2).ThenBy(p => p.Key, StringComparer.Ordinal).Take(Math.Max(0, SeedSize - seeds.Count)));
        double logSum = Math.Log(seeds.Sum(p => p.Item2));
        return seeds.Select(p => (p.Item1, Math.Log(p.Item2) - logSum));
    }

    static double[] EStep(Model model, List<(string Word, double Count)> sentences)
    {
        var expected = new double[model.Pieces.Count];
        foreach (var (word, count) in sentences)
        {
            var edges = model.Edges(word);
            int n = word.Length;
            var alpha = new double[n + 1];
            var beta = new double[n + 1];
            Array.Fill(alpha, double.NegativeInfinity);
            Array.Fill(beta, double.NegativeInfinity);
            alpha[0] = 0; beta[n] = 0;
            var byStart = edges.OrderBy(e => e.Start).ToList();
            foreach (var e in byStart) if (!double.IsNegativeInfinity(alpha[e.Start])) alpha[e.End] = LogSumExp(alpha[e.End], alpha[e.Start] + e.Score);
            foreach (var e in edges.OrderByDescending(e => e.End)) if (!double.IsNegativeInfinity(beta[e.End])) beta[e.Start] = LogSumExp(beta[e.Start], beta[e.End] + e.Score);
            double z = alpha[n];
            if (double.IsNegativeInfinity(z)) continue;
            foreach (var e in edges)
                expected[e.Id] += count * Math.Exp(alpha[e.Start] + e.Score + beta[e.End] - z);
        }
        return expected;
    }

    static List<(string, double)> MStep(List<(string Piece, double Score)> pieces, double[] expected)
    {
        var kept = new List<(string, double)> { (pieces[0].Piece, double.NaN) };
        double sum = 0;
        for (int i = 1; i < pieces.Count; i++)
        {
            if (expected[i] < 0.5) continue; // HF/sentencepiece kExpectedFrequencyThreshold
            kept.Add((pieces[i].Piece, expected[i]));
            sum += expected[i];
        }
        double logSum = Digamma(sum);
        return kept.Select((p, i) => i == 0 ? p : (p.Item1, Digamma(p.Item2) - logSum)).ToList();
    }

    static List<(string, double)> Prune(Model model, List<(string Word, double Count)> sentences, int desired)
    {
        var pieces = model.Pieces;
        var alwaysKeep = new bool[pieces.Count];
        var alternatives = new List<int>?[pieces.Count];
        for (int id = 1; id < pieces.Count; id++)
        {
            var piece = pieces[id].Piece;
            var best = Viterbi(piece, model.Edges(piece));
            if (best is { Count: >= 2 }) { alwaysKeep[id] = false; continue; }
            var alternative = Viterbi(piece, model.Edges(piece, excludeId: id));
            alwaysKeep[id] = true;
            if (alternative != null && alternative.All(a => a != 0)) alternatives[id] = alternative;
        }
        var freq = new double[pieces.Count];
        var inverted = new List<int>[pieces.Count];
        double vsum = 0;
        for (int i = 0; i < sentences.Count; i++)
        {
            var (word, count) = sentences[i];
            vsum += count;
            foreach (var id in Viterbi(word, model.Edges(word)) ?? [])
            {
                freq[id] += count;
                (inverted[id] ??= new List<int>()).Add(i);
            }
        }
        double sum = freq.Sum(), logSum = Math.Log(sum);
        var result = new List<(string, double)> { pieces[0] };
        var candidates = new List<(int Id, double Loss)>();
        for (int id = 1; id < pieces.Count; id++)
        {
            if (freq[id] == 0 && !alwaysKeep[id]) continue;
            if (alternatives[id] == null) { result.Add(pieces[id]); continue; }
            double f = inverted[id]?.Sum(n => sentences[n].Count) ?? 0;
            if (f == 0) continue;
            f /= vsum;
            double logProbPiece = Math.Log(freq[id]) - logSum;
            double logSumAlt = Math.Log(sum + freq[id] * (alternatives[id]!.Count - 1));
            double logProbAlt = alternatives[id]!.Sum(a => Math.Log(freq[a] + freq[id]) - logSumAlt);
            double loss = f * (logProbPiece - logProbAlt);
            if (!double.IsNaN(loss)) candidates.Add((id, loss));
        }
        int pruned = Math.Max(desired, (int)(pieces.Count * ShrinkingFactor));
        foreach (var (id, _) in candidates.OrderByDescending(c => c.Loss).ThenBy(c => c.Id))
        {
            if (result.Count >= pruned) break;
            result.Add(pieces[id]);
        }
        return result;
    }

    List<(string, double)> Finalize(Model model, Dictionary<string, double> requiredChars)
    {
        var pieces = new List<(string, double)>();
        var inserted = new HashSet<string>(StringComparer.Ordinal) { "<UNK>" };
        foreach (var s in specialTokens) inserted.Add(s);
        double penalty = 0;
        foreach (var c in requiredChars.Keys.Order(StringComparer.Ordinal))
        {
            if (!inserted.Add(c)) continue;
            if (model.Ids.TryGetValue(c, out int id)) pieces.Add((c, model.Pieces[id].Score));
            else { pieces.Add((c, model.MinScore + penalty)); penalty += 0.0001; }
        }
        int budget = vocabSize - specialTokens.Count;
        foreach (var (piece, score) in model.Pieces.Skip(1).OrderByDescending(p => p.Score))
        {
            if (pieces.Count >= budget) break;
            if (inserted.Add(piece)) pieces.Add((piece, double.IsNaN(score) ? 0 : score));
        }
        return specialTokens.Select(s => (s, 0.0)).Concat(pieces.OrderByDescending(p => p.Item2)).ToList();
    }
}
