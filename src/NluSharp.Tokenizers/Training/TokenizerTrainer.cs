// Trains new tokenizers from text, laid out as Hugging Face's trainers and tokenizer classes do: BERT-style WordPiece,
// RoBERTa-style byte-level BPE, and SentencePiece-style Unigram (Metaspace + NFKC); save with Tokenizer.Save.
using NluSharp.Tokenizers.Decoders;
using NluSharp.Tokenizers.Models;
using NluSharp.Tokenizers.Normalizers;
using NluSharp.Tokenizers.Pipeline;
using NluSharp.Tokenizers.PostProcessors;
using NluSharp.Tokenizers.PreTokenizers;

namespace NluSharp.Tokenizers.Training;

/// <summary>Trainers for WordPiece, byte-level BPE and Unigram tokenizers.</summary>
public static class TokenizerTrainer
{
    /// <summary>Reads the training lines of text files (each keeps its "\n", as Hugging Face's trainer reads them).</summary>
    public static IEnumerable<string> ReadLines(IEnumerable<string> files)
    {
        foreach (var f in files)
        {
            if (!File.Exists(f)) throw new FileNotFoundException($"training file not found: {f}", f);
            foreach (var line in WordCounter.LinesWithEnding(File.ReadAllText(f))) yield return line;
        }
    }

    /// <summary>
    /// BERT-style WordPiece (HF WordPieceTrainer: BPE training with the "##" continuation prefix, the learned vocabulary
    /// used greedily): BertNormalizer (lowercase), BertPreTokenizer, BertProcessing, WordPiece decoder.
    /// Default special tokens [PAD] [UNK] [CLS] [SEP] [MASK].
    /// </summary>
    public static Tokenizer TrainWordPiece(IEnumerable<string> lines, int vocabSize, long minFrequency = 0, IReadOnlyList<string>? specialTokens = null,
        bool lowercase = true, CancellationToken cancellationToken = default)
    {
        specialTokens ??= ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]"];
        var normalizer = new BertNormalizer(true, true, null, lowercase);
        var counting = new HfPipeline(normalizer, new BertPreTokenizer(), EmptyBpe(), new AddedVocabulary([], null), null);
        var counts = WordCounter.Count(counting, lines, cancellationToken);
        var result = new BpeTrainer(new TrainerOptions(vocabSize, minFrequency, specialTokens, ContinuingSubwordPrefix: "##")).Train(counts, cancellationToken);
        var vocab = new Vocabulary(result.Vocab.Select((t, i) => new KeyValuePair<string, int>(t, i)));
        string unk = specialTokens.FirstOrDefault(s => s.Contains("UNK", StringComparison.OrdinalIgnoreCase)) ?? specialTokens[0];
        var model = new WordPieceModel(vocab, unk, "##", 100);
        var added = SpecialAdded(specialTokens, vocab, normalized: false);
        IPostProcessor? post = vocab["[CLS]"] is int cls && vocab["[SEP]"] is int sep ? new BertProcessing(("[SEP]", sep), ("[CLS]", cls)) : null;
        return new Tokenizer(new HfPipeline(normalizer, new BertPreTokenizer(), model, new AddedVocabulary(added, normalizer), new WordPieceDecoder("##", true)), post);
    }

    /// <summary>
    /// RoBERTa-style byte-level BPE (HF BpeTrainer with the 256-byte initial alphabet): ByteLevel pre-tokenizer and
    /// decoder, RobertaProcessing when &lt;s&gt; and &lt;/s&gt; are special tokens. Default specials &lt;s&gt; &lt;pad&gt; &lt;/s&gt; &lt;unk&gt; &lt;mask&gt;.
    /// </summary>
    public static Tokenizer TrainByteLevelBpe(IEnumerable<string> lines, int vocabSize, long minFrequency = 0, IReadOnlyList<string>? specialTokens = null,
        bool addPrefixSpace = false, CancellationToken cancellationToken = default)
    {
        specialTokens ??= ["<s>", "<pad>", "</s>", "<unk>", "<mask>"];
        var pre = new ByteLevelPreTokenizer(addPrefixSpace, true);
        var counting = new HfPipeline(null, pre, EmptyBpe(), new AddedVocabulary([], null), null);
        var counts = WordCounter.Count(counting, lines, cancellationToken);
        var result = new BpeTrainer(new TrainerOptions(vocabSize, minFrequency, specialTokens, ByteLevelAlphabet.All.ToList())).Train(counts, cancellationToken);
        var vocab = new Vocabulary(result.Vocab.Select((t, i) => new KeyValuePair<string, int>(t, i)));
        var model = new BpeModel(vocab, result.Merges, null, null, null, false, false, false);
        var added = SpecialAdded(specialTokens, vocab, normalized: false);
        IPostProcessor post = vocab["<s>"] is int bos && vocab["</s>"] is int eos
            ? new RobertaProcessing(("</s>", eos), ("<s>", bos), true, addPrefixSpace)
            : new ByteLevelProcessing(true, addPrefixSpace);
        return new Tokenizer(new HfPipeline(null, pre, model, new AddedVocabulary(added, null), new ByteLevelDecoder()), post);
    }

    /// <summary>
    /// Unigram language model (HF UnigramTrainer / sentencepiece: seed substrings, EM with pruning): NFKC,
    /// Metaspace (▁, always prepended), Metaspace decoder. Default specials &lt;unk&gt; &lt;s&gt; &lt;/s&gt; (the first is the unknown token).
    /// </summary>
    public static Tokenizer TrainUnigram(IEnumerable<string> lines, int vocabSize, IReadOnlyList<string>? specialTokens = null,
        CancellationToken cancellationToken = default)
    {
        specialTokens ??= ["<unk>", "<s>", "</s>"];
        var normalizer = new UnicodeFormNormalizer(compose: true, compatibility: true);
        var pre = new MetaspacePreTokenizer('▁', PrependScheme.Always, true);
        var counting = new HfPipeline(normalizer, pre, EmptyBpe(), new AddedVocabulary([], null), null);
        var counts = WordCounter.Count(counting, lines, cancellationToken);
        var pieces = new UnigramTrainer(vocabSize, specialTokens).Train(counts, cancellationToken);
        var model = new UnigramModel(pieces, 0, false);
        var vocab = new Vocabulary(pieces.Select((p, i) => new KeyValuePair<string, int>(p.Piece, i)));
        var added = SpecialAdded(specialTokens, vocab, normalized: false);
        return new Tokenizer(new HfPipeline(normalizer, pre, model, new AddedVocabulary(added, normalizer), new MetaspaceDecoder('▁', PrependScheme.Always)), null);
    }

    static BpeModel EmptyBpe() => new(new Vocabulary([]), [], null, null, null, false, false, false);

    static List<AddedToken> SpecialAdded(IReadOnlyList<string> specials, Vocabulary vocab, bool normalized) =>
        specials.Where(s => vocab[s] != null).Select(s => new AddedToken(vocab[s]!.Value, s, Normalized: normalized, Special: true)).ToList();
}
