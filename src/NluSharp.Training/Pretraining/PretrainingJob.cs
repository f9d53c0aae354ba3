// One pretraining run, as run_mlm.py does it with the Trainer: tokenize the corpus (once, streamed to disk), pack it
// into full-length sequences, hold out a slice, and train a *ForMaskedLM model with dynamic masking, evaluating
// held-out MLM loss, perplexity and masked-token accuracy. The output folder is a Hugging Face checkpoint
// (config.json with architectures ["BertForMaskedLM"], model.safetensors, tokenizer files) that `nlu train --model` fine-tunes.
using System.Text.Json.Nodes;
using NluSharp.Checkpoints.IO;
using NluSharp.Models;
using NluSharp.Tokenizers;
using NluSharp.Training.Data;
using NluSharp.Training.FineTuning;
using NluSharp.Training.Losses;
using NluSharp.Training.Trainers;

namespace NluSharp.Training.Pretraining;

/// <summary>Settings of a pretraining run beyond <see cref="TrainerOptions"/> (run_mlm.py's data arguments).</summary>
public sealed record PretrainingSettings
{
    /// <summary>Corpus files (.txt: a paragraph a line, blank line between documents; .jsonl: a document a line).</summary>
    public required IReadOnlyList<string> CorpusFiles { get; init; }
    /// <summary>JSONL field holding the text.</summary>
    public string TextField { get; init; } = "text";
    /// <summary>Masking objective.</summary>
    public MaskingObjective Objective { get; init; } = MaskingObjective.Mlm;
    /// <summary>Fraction of tokens predicted (run_mlm mlm_probability).</summary>
    public double MlmProbability { get; init; } = 0.15;
    /// <summary>Tokens per packed sequence including [CLS] and [SEP] (run_mlm max_seq_length).</summary>
    public int MaxSeqLength { get; init; } = 128;
    /// <summary>Percentage of sequences held out (run_mlm validation_split_percentage; 5 there, 1 here).</summary>
    public int ValidationSplitPercentage { get; init; } = 1;
    /// <summary>Evaluate on at most this many held-out sequences.</summary>
    public int? MaxEvalSamples { get; init; }
    /// <summary>Evaluation batch size.</summary>
    public int PerDeviceEvalBatchSize { get; init; } = 32;
    /// <summary>Where the tokenized corpus is kept; default OUTPUT/corpus-tokens.</summary>
    public string? TokenizedCorpusFolder { get; init; }

    /// <summary>Throws <see cref="ArgumentException"/> naming the first bad setting.</summary>
    public void Validate()
    {
        CorpusReader.Validate(CorpusFiles);
        if (MaxSeqLength < 8) throw new ArgumentException($"--max-seq-length must be at least 8 for pretraining, got {MaxSeqLength}");
        if (MlmProbability is <= 0 or >= 1) throw new ArgumentException($"--mlm-probability must be in (0, 1), got {MlmProbability}");
        if (ValidationSplitPercentage is < 0 or > 50) throw new ArgumentException($"--validation-split-percentage must be in [0, 50], got {ValidationSplitPercentage}");
        if (MaxEvalSamples is < 1) throw new ArgumentException($"--max-eval-samples must be at least 1, got {MaxEvalSamples}");
        if (PerDeviceEvalBatchSize < 1) throw new ArgumentException($"--per-device-eval-batch-size must be at least 1, got {PerDeviceEvalBatchSize}");
    }
}

/// <summary>What a pretraining run produced.</summary>
/// <param name="Training">The trainer's result.</param>
/// <param name="Evaluation">Final held-out metrics (eval_ keys), or null without a held-out split.</param>
/// <param name="TrainSequences">Packed training sequences per epoch.</param>
/// <param name="CorpusTokens">Tokens in the tokenized corpus.</param>
public sealed record PretrainingOutcome(TrainResult Training, IReadOnlyDictionary<string, double>? Evaluation, int TrainSequences, long CorpusTokens);

/// <summary>Runs masked-language-model pretraining.</summary>
public static class PretrainingJob
{
    /// <summary>Final held-out metrics file (as Trainer.save_metrics("eval")).</summary>
    public const string EvalResultsFile = "eval_results.json";

    /// <summary>The special ids of a BERT- or RoBERTa-style tokenizer: (cls, sep, mask, pad, all specials).</summary>
    public static (int Cls, int Sep, int Mask, int Pad, int[] Specials) SpecialIds(Tokenizer tokenizer)
    {
        int Find(string role, params string[] names) =>
            names.Select(tokenizer.TokenToId).FirstOrDefault(id => id != null)
            ?? throw new ArgumentException($"the tokenizer has no {role} token ({string.Join(" or ", names)}); pretraining needs it");
        int cls = Find("classification", "[CLS]", "<s>"), sep = Find("separator", "[SEP]", "</s>"), mask = Find("mask", "[MASK]", "<mask>");
        int pad = TokenizerFiles.PadId(tokenizer);
        var unk = tokenizer.TokenToId("[UNK]") ?? tokenizer.TokenToId("<unk>");
        return (cls, sep, mask, pad, new[] { cls, sep, mask, pad }.Concat(unk is int u ? [u] : Array.Empty<int>()).Distinct().ToArray());
    }

    /// <summary>The masker for a tokenizer's vocabulary (random replacements over <paramref name="vocabSize"/> ids).</summary>
    public static TokenMasker MaskerFor(Tokenizer tokenizer, int vocabSize, MaskingObjective objective, double probability = 0.15,
        double maskFraction = 0.8, double randomFraction = 0.1)
    {
        var (_, _, mask, _, specials) = SpecialIds(tokenizer);
        var continues = TokenMasker.ContinuationFlags(tokenizer.IdToToken, tokenizer.VocabSize).Concat(new bool[Math.Max(0, vocabSize - tokenizer.VocabSize)]).ToArray();
        return new TokenMasker(objective, vocabSize, mask, specials, continues, probability, maskFraction, randomFraction);
    }

    /// <summary>Pretrains <paramref name="model"/> with masked language modelling into <c>options.OutputDir</c>.</summary>
    public static PretrainingOutcome Run(MaskedLMModel model, Tokenizer tokenizer, IReadOnlyList<string> tokenizerFiles, TrainerOptions options,
        PretrainingSettings settings, IProgress<TrainingProgress>? progress = null, Action<string>? log = null, CancellationToken cancellationToken = default)
    {
        int vocab = model.Encoder.WordEmbeddings.Weight.Size(0);
        return Run(new MaskedLMPretrainer(model, MaskerFor(tokenizer, vocab, settings.Objective, settings.MlmProbability)), tokenizer, tokenizerFiles,
            options, settings, progress, log, cancellationToken);
    }

    /// <summary>ELECTRA: trains <paramref name="discriminator"/> with <paramref name="generator"/> (built on its embeddings) into <c>options.OutputDir</c>.</summary>
    public static PretrainingOutcome RunElectra(ElectraForPreTraining discriminator, ElectraForMaskedLM generator, Tokenizer tokenizer, IReadOnlyList<string> tokenizerFiles,
        TrainerOptions options, PretrainingSettings settings, IProgress<TrainingProgress>? progress = null, Action<string>? log = null, CancellationToken cancellationToken = default)
    {
        int vocab = discriminator.Encoder.WordEmbeddings.Weight.Size(0);
        // pretrain_helpers.mask: 85 % [MASK], the rest kept, no random tokens.
        var masker = MaskerFor(tokenizer, vocab, settings.Objective, settings.MlmProbability, maskFraction: 0.85, randomFraction: 0);
        return Run(new ElectraPretrainer(discriminator, generator, masker), tokenizer, tokenizerFiles, options, settings, progress, log, cancellationToken);
    }

    /// <summary>Runs any pretraining objective on the corpus of <paramref name="settings"/> into <c>options.OutputDir</c>.</summary>
    public static PretrainingOutcome Run(IPretrainer trainable, Tokenizer tokenizer, IReadOnlyList<string> tokenizerFiles, TrainerOptions options,
        PretrainingSettings settings, IProgress<TrainingProgress>? progress = null, Action<string>? log = null, CancellationToken cancellationToken = default)
    {
        settings.Validate();
        options.Validate();
        if (options.EvalStrategy != IntervalStrategy.No || options.LoadBestModelAtEnd)
        {
            var metric = options.BestMetricKey["eval_".Length..];
            if (!trainable.MetricNames.Contains(metric))
                throw new ArgumentException($"--metric-for-best-model is \"{options.MetricForBestModel}\"; pretraining reports {string.Join(", ", trainable.MetricNames)}");
        }
        int vocab = trainable.VocabSize;
        if (tokenizer.VocabSize > vocab)
            throw new ArgumentException($"the tokenizer has {tokenizer.VocabSize} tokens but the model's vocab_size is {vocab}");
        var (cls, sep, _, pad, _) = SpecialIds(tokenizer);
        tokenizer.Truncation = null;
        tokenizer.Padding = null;

        var folder = settings.TokenizedCorpusFolder ?? Path.Combine(options.OutputDir, "corpus-tokens");
        using var corpus = TokenizedCorpus.Prepare(settings.CorpusFiles, tokenizer, tokenizerFiles, sep, folder, settings.TextField, log);
        var train = new PackedSequences(corpus, settings.MaxSeqLength, cls, sep, settings.ValidationSplitPercentage, CorpusSplit.Train);
        IReadOnlyList<TrainingExample> heldOut = new PackedSequences(corpus, settings.MaxSeqLength, cls, sep, settings.ValidationSplitPercentage, CorpusSplit.Validation);
        if (settings.MaxEvalSamples is int cap && heldOut.Count > cap) heldOut = new Prefix(heldOut, cap);
        if (train.Count == 0) throw new ArgumentException($"the corpus has {corpus.TokenCount} tokens: not one training sequence of {settings.MaxSeqLength}");
        log?.Invoke($"sequences of {settings.MaxSeqLength} tokens: {train.Count:N0} for training, {heldOut.Count:N0} held out");

        var padding = new DynamicPadding(pad);
        bool evaluate = heldOut.Count > 0 && options.EvalStrategy != IntervalStrategy.No;
        var o = options with
        {
            EvalStrategy = evaluate ? options.EvalStrategy : IntervalStrategy.No,
            IsInsideLayerNorm = options.IsInsideLayerNorm ?? trainable.IsInsideLayerNorm,
            TokenizerFiles = tokenizerFiles,
        };
        var trainer = new Trainer(trainable, o, train, TrainingLoss.ComputedByModel(),
            evaluate ? _ => trainable.Evaluate(heldOut, settings.PerDeviceEvalBatchSize, padding) : null, padding, progress);
        var result = trainer.Train(cancellationToken);
        trainable.SaveFinal(options.OutputDir);

        Dictionary<string, double>? final = null;
        if (heldOut.Count > 0)
        {
            final = trainable.Evaluate(heldOut, settings.PerDeviceEvalBatchSize, padding).Metrics.ToDictionary(kv => "eval_" + kv.Key, kv => kv.Value);
            final["step"] = result.GlobalStep;
            var json = new JsonObject(final.Select(kv => KeyValuePair.Create(kv.Key, (JsonNode?)JsonValue.Create(kv.Value))));
            AtomicFile.WriteAllBytes(Path.Combine(options.OutputDir, EvalResultsFile), System.Text.Encoding.UTF8.GetBytes(json.ToJsonString(new() { WriteIndented = true }) + "\n"));
        }
        return new PretrainingOutcome(result, final, train.Count, corpus.TokenCount);
    }

    sealed class Prefix(IReadOnlyList<TrainingExample> inner, int count) : IReadOnlyList<TrainingExample>
    {
        public int Count => count;
        public TrainingExample this[int index] => (uint)index < (uint)count ? inner[index] : throw new ArgumentOutOfRangeException(nameof(index));
        public IEnumerator<TrainingExample> GetEnumerator() { for (int i = 0; i < count; i++) yield return inner[i]; }
        System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();
    }
}
