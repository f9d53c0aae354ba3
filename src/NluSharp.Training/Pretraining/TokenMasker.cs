// Dynamic masking for masked-language-model pretraining, decided on the fly from (seed, step, row): the same step masks
// the same tokens in every run and after any resume, and every epoch sees new masks (RoBERTa's dynamic masking).
//   mlm:  each non-special token is selected with probability 0.15; of those, 80 % become [MASK], 10 % a random token
//         (uniform over the whole vocabulary, as torch.randint(len(tokenizer))), 10 % stay (transformers'
//         DataCollatorForLanguageModeling.torch_mask_tokens).
//   wwm:  whole words: shuffled word groups are taken while the count stays within round(0.15·T), then 80/10/10 per
//         token (DataCollatorForWholeWordMask._whole_word_mask).
//   span: SpanBERT (Joshi et al. 2020): span lengths in words ~ Geometric(0.2) clipped at 10, random start words, until
//         15 % of the tokens are masked; 80/10/10 decided per span.
// Random numbers are counter-based (CounterRandom), not torch's generator, so the masks are not torch's masks.
using NluSharp.Engine;

namespace NluSharp.Training.Pretraining;

/// <summary>How tokens are chosen for prediction.</summary>
public enum MaskingObjective
{
    /// <summary>Independent tokens (BERT).</summary>
    Mlm,
    /// <summary>Whole words.</summary>
    WholeWord,
    /// <summary>Contiguous spans of words (SpanBERT).</summary>
    Span,
}

/// <summary>A masked micro-batch: the corrupted ids and, for every position to predict, its flat index and original id.</summary>
/// <param name="InputIds">Ids after masking (B·T).</param>
/// <param name="Positions">Flat positions b·T + t that are predicted, ascending.</param>
/// <param name="Labels">The original id at each of <paramref name="Positions"/>.</param>
public sealed record MaskedBatch(int[] InputIds, int[] Positions, int[] Labels);

/// <summary>Chooses and corrupts the tokens to predict.</summary>
public sealed class TokenMasker
{
    readonly MaskingObjective objective;
    readonly int vocabSize, maskId;
    readonly bool[] special, continuesWord;
    readonly double probability, maskFraction, randomFraction;
    const double SpanGeometricP = 0.2;
    const int SpanMaxWords = 10, WholeWordMaxPredictions = 512;

    /// <summary>A masker for a vocabulary.</summary>
    /// <param name="objective">mlm, whole-word or span.</param>
    /// <param name="vocabSize">Random replacements are drawn from [0, vocabSize).</param>
    /// <param name="maskId">The [MASK] id.</param>
    /// <param name="specialIds">Ids never selected ([CLS], [SEP], [PAD], ...).</param>
    /// <param name="continuesWord">Per id: true when the token continues the previous token's word ("##ing").</param>
    /// <param name="probability">Fraction of tokens to predict (HF mlm_probability, 0.15).</param>
    /// <param name="maskFraction">Of the selected tokens, the share replaced by [MASK] (BERT 0.8; ELECTRA 0.85).</param>
    /// <param name="randomFraction">Of the selected tokens, the share replaced by a random token (BERT 0.1; ELECTRA 0); the rest stay.</param>
    public TokenMasker(MaskingObjective objective, int vocabSize, int maskId, IEnumerable<int> specialIds, bool[] continuesWord, double probability = 0.15,
        double maskFraction = 0.8, double randomFraction = 0.1)
    {
        if (probability is <= 0 or >= 1) throw new ArgumentException($"--mlm-probability must be in (0, 1), got {probability}");
        if (maskFraction < 0 || randomFraction < 0 || maskFraction + randomFraction > 1)
            throw new ArgumentException($"mask fraction {maskFraction} and random fraction {randomFraction} must be >= 0 with a sum of at most 1");
        (this.maskFraction, this.randomFraction) = (maskFraction, randomFraction);
        if ((uint)maskId >= (uint)vocabSize) throw new ArgumentException($"mask id {maskId} is outside the vocabulary of {vocabSize}");
        (this.objective, this.vocabSize, this.maskId, this.probability, this.continuesWord) = (objective, vocabSize, maskId, probability, continuesWord);
        special = new bool[vocabSize];
        foreach (var id in specialIds) if ((uint)id < (uint)vocabSize) special[id] = true;
    }

    /// <summary>Masks <paramref name="ids"/> (B rows of T) for step <paramref name="step"/> of the run seeded <paramref name="seed"/>.</summary>
    public MaskedBatch Mask(ReadOnlySpan<int> ids, int B, int T, ulong seed, ulong step)
    {
        if (ids.Length != B * T) throw new ArgumentException($"{ids.Length} ids for a batch of {B}×{T}");
        var input = ids.ToArray();
        var positions = new List<int>(B * T / 5);
        var labels = new List<int>(B * T / 5);
        var selected = new bool[T];
        var action = new byte[T];   // 0 keep, 1 [MASK], 2 random token
        for (int b = 0; b < B; b++)
        {
            var random = new Draws(CounterRandom.StreamKey(seed, Hash(step, (ulong)b)));
            var row = input.AsSpan(b * T, T);
            Array.Clear(selected); Array.Clear(action);
            switch (objective)
            {
                case MaskingObjective.Mlm: SelectTokens(row, selected, action, ref random); break;
                case MaskingObjective.WholeWord: SelectWholeWords(row, selected, action, ref random); break;
                default: SelectSpans(row, selected, action, ref random); break;
            }
            for (int t = 0; t < T; t++)
            {
                if (!selected[t]) continue;
                positions.Add(b * T + t);
                labels.Add(row[t]);
                if (action[t] == 1) row[t] = maskId;
                else if (action[t] == 2) row[t] = random.Below(vocabSize);
            }
        }
        return new MaskedBatch(input, positions.ToArray(), labels.ToArray());
    }

    static ulong Hash(ulong step, ulong row) => step * 0x9E3779B97F4A7C15UL ^ (row + 0x4D4C4D5F4D41534BUL) * 0xC2B2AE3D27D4EB4FUL;

    // HF: 80 % [MASK]; of the remaining 20 %, half a random token (two draws, as torch_mask_tokens' two Bernoullis).
    byte Corruption(ref Draws random) =>
        random.Uniform() < maskFraction ? (byte)1 : random.Uniform() < randomFraction / (1 - maskFraction) ? (byte)2 : (byte)0;

    void SelectTokens(ReadOnlySpan<int> row, bool[] selected, byte[] action, ref Draws random)
    {
        for (int t = 0; t < row.Length; t++)
        {
            if (special[row[t]] || random.Uniform() >= probability) continue;
            selected[t] = true;
            action[t] = Corruption(ref random);
        }
    }

    /// <summary>Word groups of a row: runs of a word-start token followed by continuation tokens, specials excluded.</summary>
    List<(int Start, int End)> Words(ReadOnlySpan<int> row)
    {
        var words = new List<(int, int)>();
        for (int t = 0; t < row.Length; t++)
        {
            if (special[row[t]]) continue;
            if (words.Count > 0 && continuesWord[row[t]] && words[^1].Item2 == t) words[^1] = (words[^1].Item1, t + 1);
            else words.Add((t, t + 1));
        }
        return words;
    }

    void SelectWholeWords(ReadOnlySpan<int> row, bool[] selected, byte[] action, ref Draws random)
    {
        var words = Words(row);
        for (int i = words.Count - 1; i > 0; i--) { int j = random.Below(i + 1); (words[i], words[j]) = (words[j], words[i]); }
        int budget = Math.Min(WholeWordMaxPredictions, Math.Max(1, (int)Math.Round(row.Length * probability, MidpointRounding.ToEven)));
        int count = 0;
        foreach (var (start, end) in words)
        {
            if (count >= budget) break;
            if (count + end - start > budget) continue;
            for (int t = start; t < end; t++) { selected[t] = true; action[t] = Corruption(ref random); }
            count += end - start;
        }
    }

    void SelectSpans(ReadOnlySpan<int> row, bool[] selected, byte[] action, ref Draws random)
    {
        var words = Words(row);
        if (words.Count == 0) return;
        int tokens = words.Sum(w => w.End - w.Start);
        int budget = Math.Max(1, (int)Math.Round(tokens * probability, MidpointRounding.ToEven));
        int count = 0;
        for (int attempt = 0; attempt < 10 * budget && count < budget; attempt++)
        {
            int length = Math.Min(SpanMaxWords, 1 + (int)Math.Floor(Math.Log(1 - random.Uniform()) / Math.Log(1 - SpanGeometricP)));
            int first = random.Below(words.Count);
            int last = Math.Min(words.Count, first + length) - 1;
            int start = words[first].Start, end = words[last].End;
            int added = 0;
            for (int t = start; t < end; t++) if (!special[row[t]] && !selected[t]) added++;
            if (added == 0 || count + added > budget) continue;
            byte corruption = Corruption(ref random);
            for (int t = start; t < end; t++)
                if (!special[row[t]] && !selected[t]) { selected[t] = true; action[t] = corruption; }
            count += added;
        }
    }

    /// <summary>A counter-based stream of uniform numbers.</summary>
    struct Draws(ulong key)
    {
        ulong counter;
        public float Uniform() => CounterRandom.Uniform(key, counter++);
        public int Below(int n) => Math.Min(n - 1, (int)(Uniform() * n));
    }

    /// <summary>Per-id "continues the previous word" flags from the vocabulary's conventions: WordPiece "##x", byte-level BPE tokens without "Ġ", SentencePiece pieces without "▁".</summary>
    public static bool[] ContinuationFlags(Func<int, string?> idToToken, int vocabSize)
    {
        var tokens = Enumerable.Range(0, vocabSize).Select(idToToken).ToArray();
        bool wordPiece = tokens.Any(t => t != null && t.StartsWith("##", StringComparison.Ordinal) && t.Length > 2);
        bool byteLevel = !wordPiece && tokens.Any(t => t != null && t.StartsWith('Ġ'));
        bool sentencePiece = !wordPiece && !byteLevel && tokens.Any(t => t != null && t.StartsWith('▁'));
        return tokens.Select(t => t != null && (wordPiece ? t.StartsWith("##", StringComparison.Ordinal) && t.Length > 2
            : byteLevel ? !t.StartsWith('Ġ') && !(t.StartsWith('<') && t.EndsWith('>'))
            : sentencePiece && !t.StartsWith('▁') && !(t.StartsWith('<') && t.EndsWith('>')))).ToArray();
    }
}
