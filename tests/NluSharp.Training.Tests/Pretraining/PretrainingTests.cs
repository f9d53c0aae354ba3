// Pretraining without ../shared: a WordPiece tokenizer trained on a generated corpus, a one-layer BERT, the token file,
// packing, the three masking policies, the gather-first head, held-out metrics and bit-exact resume of a whole run.
using NluSharp.Checkpoints.Configs;
using NluSharp.Engine;
using NluSharp.Models;
using NluSharp.Tokenizers;
using TokenizerTrainer = NluSharp.Tokenizers.Training.TokenizerTrainer;
using NluSharp.Training.Checkpointing;
using NluSharp.Training.Pretraining;
using NluSharp.Training.Trainers;

namespace NluSharp.Training.Tests.Pretraining;

public sealed class PretrainingTests : IDisposable
{
    readonly string dir = Path.Combine(Path.GetTempPath(), "nlusharp-pretrain-" + Guid.NewGuid().ToString("N"));
    public void Dispose() { if (Directory.Exists(dir)) Directory.Delete(dir, recursive: true); }

    static readonly string[] Words = ["the", "cat", "sat", "on", "mat", "dog", "ran", "far", "away", "unbelievable", "understanding", "quickly", "river", "bank", "green", "hills"];

    /// <summary>Documents of generated sentences: a paragraph a line, a blank line between documents.</summary>
    static string CorpusText(int documents, int seed)
    {
        var random = new Random(seed);
        var lines = new List<string>();
        for (int d = 0; d < documents; d++)
        {
            for (int p = 0; p < 1 + random.Next(3); p++)
                lines.Add(string.Join(" ", Enumerable.Range(0, 5 + random.Next(15)).Select(_ => Words[random.Next(Words.Length)])) + ".");
            lines.Add("");
        }
        return string.Join("\n", lines);
    }

    (Tokenizer Tokenizer, string[] Files, string Corpus) Setup(int documents = 120)
    {
        Directory.CreateDirectory(dir);
        var corpus = Path.Combine(dir, "corpus.txt");
        File.WriteAllText(corpus, CorpusText(documents, 3));
        var tokenizer = TokenizerTrainer.TrainWordPiece(File.ReadLines(corpus).Where(l => l.Length > 0), 80);
        var tokenizerFile = Path.Combine(dir, "tokenizer.json");
        tokenizer.Save(tokenizerFile);
        return (Tokenizer.FromFile(tokenizerFile), [tokenizerFile], corpus);
    }

    static BertConfig TinyBert(int vocab) => new()
    {
        VocabSize = vocab, HiddenSize = 16, NumHiddenLayers = 1, NumAttentionHeads = 2, IntermediateSize = 32, MaxPositionEmbeddings = 64,
    };

    static TokenMasker Masker(Tokenizer tokenizer, MaskingObjective objective)
    {
        var (_, _, mask, _, specials) = PretrainingJob.SpecialIds(tokenizer);
        return new TokenMasker(objective, tokenizer.VocabSize, mask, specials, TokenMasker.ContinuationFlags(tokenizer.IdToToken, tokenizer.VocabSize));
    }

    [Fact]
    public void TokenFileHoldsEveryParagraphWithSeparatorsBetweenDocumentsAndIsReusedUntilAnInputChanges()
    {
        var (tokenizer, files, corpus) = Setup(documents: 10);
        var (cls, sep, _, _, _) = PretrainingJob.SpecialIds(tokenizer);
        var folder = Path.Combine(dir, "tokens");
        long expected = File.ReadLines(corpus).Where(l => l.Length > 0).Sum(l => (long)tokenizer.Encode(l, addSpecialTokens: false).Count) + 10;
        using (var built = TokenizedCorpus.Prepare([corpus], tokenizer, files, sep, folder))
        {
            Assert.Equal(expected, built.TokenCount);
            Assert.Equal((File.ReadLines(corpus).Count(l => l.Length > 0), 10L), built.Counts);
            var all = new int[built.TokenCount];
            built.ReadTokens(0, all);
            Assert.Equal(10, all.Count(id => id == sep));
            Assert.Equal(sep, all[^1]);
            var firstLine = File.ReadLines(corpus).First();
            Assert.Equal(tokenizer.Encode(firstLine, addSpecialTokens: false).Ids, all.Take(tokenizer.Encode(firstLine, addSpecialTokens: false).Count));
        }
        var stamp = File.GetLastWriteTimeUtc(Path.Combine(folder, TokenizedCorpus.TokensFile));
        using (var reused = TokenizedCorpus.Prepare([corpus], tokenizer, files, sep, folder))
            Assert.Equal(stamp, File.GetLastWriteTimeUtc(Path.Combine(folder, TokenizedCorpus.TokensFile)));
        File.AppendAllText(corpus, "\nthe cat sat.\n");
        using var rebuilt = TokenizedCorpus.Prepare([corpus], tokenizer, files, sep, folder);
        Assert.True(rebuilt.TokenCount > expected);
        Assert.Empty(Directory.GetDirectories(dir, ".tokens.*"));   // no partial or old folder left behind
        Assert.NotEqual(cls, sep);
    }

    [Fact]
    public void JsonlCorpusReadsTheTextFieldAndNamesTheBadLine()
    {
        Directory.CreateDirectory(dir);
        var path = Path.Combine(dir, "docs.jsonl");
        File.WriteAllText(path, "{\"text\": \"one doc\"}\n{\"body\": \"no text\"}\n");
        var e = Assert.Throws<InvalidDataException>(() => CorpusReader.Read([path]).ToList());
        Assert.Contains("docs.jsonl:2", e.Message);
        Assert.Contains("\"text\"", e.Message);
        File.WriteAllText(path, "{\"text\": \"one doc\"}\n\n{\"text\": \"two\"}\n");
        Assert.Equal([new CorpusParagraph("one doc", true), new CorpusParagraph("two", true)], CorpusReader.Read([path]).ToList());
    }

    [Fact]
    public void PackedSplitsAreDisjointCoverEveryChunkAndFrameItWithClsAndSep()
    {
        var (tokenizer, files, corpus) = Setup(documents: 300);
        var (cls, sep, _, _, _) = PretrainingJob.SpecialIds(tokenizer);
        using var tokens = TokenizedCorpus.Prepare([corpus], tokenizer, files, sep, Path.Combine(dir, "tokens"));
        const int T = 16;
        var train = new PackedSequences(tokens, T, cls, sep, 5, CorpusSplit.Train);
        var held = new PackedSequences(tokens, T, cls, sep, 5, CorpusSplit.Validation);
        long chunks = tokens.TokenCount / (T - 2);
        Assert.Equal(chunks, train.Count + held.Count);
        var all = Enumerable.Range(0, train.Count).Select(train.ChunkOf).Concat(Enumerable.Range(0, held.Count).Select(held.ChunkOf)).Order().ToList();
        Assert.Equal(Enumerable.Range(0, (int)chunks).Select(i => (long)i), all);
        Assert.InRange(held.Count, chunks * 4 / 100, chunks * 6 / 100 + 5);
        var stream = new int[tokens.TokenCount];
        tokens.ReadTokens(0, stream);
        var example = train[7];
        Assert.Equal(T, example.Length);
        Assert.Equal(cls, example.InputIds[0]);
        Assert.Equal(sep, example.InputIds[^1]);
        Assert.Equal(stream.Skip((int)train.ChunkOf(7) * (T - 2)).Take(T - 2), example.InputIds[1..^1]);
        Assert.NotEqual(train.Fingerprint, held.Fingerprint);
    }

    [Theory]
    [InlineData(MaskingObjective.Mlm)]
    [InlineData(MaskingObjective.WholeWord)]
    [InlineData(MaskingObjective.Span)]
    public void MaskingSelectsAboutFifteenPercentNeverSpecialsSplits801010AndIsAFunctionOfSeedAndStep(MaskingObjective objective)
    {
        var (tokenizer, files, corpus) = Setup(documents: 300);
        var (cls, sep, mask, pad, _) = PretrainingJob.SpecialIds(tokenizer);
        using var tokens = TokenizedCorpus.Prepare([corpus], tokenizer, files, sep, Path.Combine(dir, "tokens"));
        const int T = 32;
        var train = new PackedSequences(tokens, T, cls, sep, 0, CorpusSplit.Train);
        int B = train.Count;
        var ids = Enumerable.Range(0, B).SelectMany(i => train[i].InputIds).ToArray();
        var masker = Masker(tokenizer, objective);
        var a = masker.Mask(ids, B, T, seed: 1, step: 9);
        Assert.Equal(a, masker.Mask(ids, B, T, 1, 9), MaskedBatchComparer.Instance);
        Assert.NotEqual(a.Positions, masker.Mask(ids, B, T, 1, 10).Positions);

        double rate = a.Positions.Length / (double)(B * (T - 2));
        Assert.InRange(rate, 0.12, 0.17);
        Assert.All(a.Positions, p => Assert.True(ids[p] != cls && ids[p] != sep && ids[p] != pad, $"special token at {p} selected"));
        Assert.Equal(a.Positions.Select(p => ids[p]), a.Labels);
        int masked = a.Positions.Count(p => a.InputIds[p] == mask), kept = a.Positions.Count(p => a.InputIds[p] == ids[p]);
        Assert.InRange(masked / (double)a.Positions.Length, 0.72, 0.88);
        Assert.InRange(kept / (double)a.Positions.Length, 0.05, 0.16);
        var selected = a.Positions.ToHashSet();
        for (int i = 0; i < ids.Length; i++) if (!selected.Contains(i)) Assert.Equal(ids[i], a.InputIds[i]);

        if (objective != MaskingObjective.Mlm)
        {
            // A continuation token is selected exactly when the token before it (its word) is.
            var continues = TokenMasker.ContinuationFlags(tokenizer.IdToToken, tokenizer.VocabSize);
            Assert.Contains(true, continues);
            for (int i = 1; i < ids.Length; i++)
                if (i % T != 0 && continues[ids[i]] && ids[i - 1] != cls && ids[i - 1] != sep)
                    Assert.Equal(selected.Contains(i - 1), selected.Contains(i));
        }
    }

    sealed class MaskedBatchComparer : IEqualityComparer<MaskedBatch>
    {
        public static readonly MaskedBatchComparer Instance = new();
        public bool Equals(MaskedBatch? x, MaskedBatch? y) => x!.InputIds.SequenceEqual(y!.InputIds) && x.Positions.SequenceEqual(y.Positions) && x.Labels.SequenceEqual(y.Labels);
        public int GetHashCode(MaskedBatch obj) => obj.Positions.Length;
    }

    [Fact]
    public void GatherFirstHeadEqualsTheFullHeadAtTheMaskedPositions()
    {
        var model = new BertForMaskedLM(TinyBert(50), seed: 4);
        model.Train(false);
        var ids = Tensor<int>.FromArray(Enumerable.Range(0, 2 * 9).Select(i => (i * 7) % 50).ToArray(), 2, 9);
        var input = new EncoderInput(ids, null, null);
        var full = model.Forward(input).Logits!.ToArray();
        int[] positions = [1, 4, 8, 9, 17];
        var gathered = model.ForwardAt(input, positions).ToArray();
        for (int m = 0; m < positions.Length; m++)
            Assert.Equal(full.AsSpan(positions[m] * 50, 50).ToArray(), gathered.AsSpan(m * 50, 50).ToArray());
    }

    [Fact]
    public void GatherFirstHeadGivesTheFullHeadsGradients()
    {
        var ids = Tensor<int>.FromArray(Enumerable.Range(0, 2 * 9).Select(i => (i * 7) % 50).ToArray(), 2, 9);
        var input = new EncoderInput(ids, null, null);
        int[] positions = [1, 4, 8, 9, 17];
        var labels = Enumerable.Repeat(-100, 18).ToArray();
        foreach (var p in positions) labels[p] = (p * 3) % 50;

        var full = new BertForMaskedLM(TinyBert(50), seed: 4);
        full.Train(false);
        full.Forward(input).Logits!.Reshape(-1, 50).CrossEntropy(Tensor<int>.FromArray(labels, 18)).Backward();
        var gathered = new BertForMaskedLM(TinyBert(50), seed: 4);
        gathered.Train(false);
        gathered.ForwardAt(input, positions).CrossEntropy(Tensor<int>.FromArray(positions.Select(p => labels[p]).ToArray(), positions.Length)).Backward();

        var expected = full.UniqueNamedParameters().ToDictionary(p => p.Name, p => p.Parameter.Grad?.ToArray());
        foreach (var (name, parameter) in gathered.UniqueNamedParameters())
        {
            var reference = expected[name];
            Assert.True(reference != null && parameter.Grad != null, $"{name}: no gradient");
            var actual = parameter.Grad!.ToArray();
            Assert.Contains(reference!, v => v != 0);
            for (int i = 0; i < actual.Length; i++)
                Assert.True(Math.Abs(actual[i] - reference![i]) <= 1e-6 + 1e-4 * Math.Abs(reference[i]), $"{name}[{i}]: {actual[i]} vs {reference[i]}");
        }
    }

    TrainerOptions Options(string output, int maxSteps, string? resume = null) => new()
    {
        OutputDir = output, MaxSteps = maxSteps, PerDeviceTrainBatchSize = 4, GradientAccumulationSteps = 2, LearningRate = 2e-3, WarmupSteps = 2,
        WeightDecay = 0.01, LoggingSteps = 2, EvalStrategy = IntervalStrategy.Steps, EvalSteps = 4, SaveSteps = 4, Seed = 5,
        ResumeFromCheckpoint = resume, WriteReport = false,
    };

    [Fact]
    public void RunEvaluatesHeldOutTextAndResumesBitExactly()
    {
        var (tokenizer, files, corpus) = Setup(documents: 150);
        var settings = new PretrainingSettings { CorpusFiles = [corpus], MaxSeqLength = 24, ValidationSplitPercentage = 5, TokenizedCorpusFolder = Path.Combine(dir, "tokens") };
        var straight = Path.Combine(dir, "straight");
        var outcome = PretrainingJob.Run(new BertForMaskedLM(TinyBert(tokenizer.VocabSize), seed: 1), tokenizer, files, Options(straight, 8), settings);
        Assert.Equal(8, outcome.Training.GlobalStep);
        Assert.NotNull(outcome.Evaluation);
        Assert.InRange(outcome.Evaluation!["eval_accuracy"], 0.0, 1.0);
        Assert.Equal(Math.Exp(outcome.Evaluation["eval_loss"]), outcome.Evaluation["eval_perplexity"], 9);
        Assert.True(File.Exists(Path.Combine(straight, PretrainingJob.EvalResultsFile)));
        Assert.Contains("BertForMaskedLM", File.ReadAllText(Path.Combine(straight, "config.json")));

        // 4 steps, a fresh process-like start from checkpoint-4, then 4 more: the same bytes as 8 straight steps.
        var resumed = Path.Combine(dir, "resumed");
        PretrainingJob.Run(new BertForMaskedLM(TinyBert(tokenizer.VocabSize), seed: 1), tokenizer, files, Options(resumed, 8) with { MaxSteps = 8 }, settings);
        Directory.Delete(Path.Combine(resumed, "checkpoint-8"), true);
        PretrainingJob.Run(new BertForMaskedLM(TinyBert(tokenizer.VocabSize), seed: 99), tokenizer, files, Options(resumed, 8, resume: "latest"), settings);
        Assert.Equal(File.ReadAllBytes(Path.Combine(straight, TrainingCheckpoint.WeightsFile)), File.ReadAllBytes(Path.Combine(resumed, TrainingCheckpoint.WeightsFile)));
        foreach (var file in Directory.GetFiles(Path.Combine(straight, "checkpoint-8")).Select(Path.GetFileName))
            if (file is not "trainer_state.json")
                Assert.True(File.ReadAllBytes(Path.Combine(straight, "checkpoint-8", file!)).SequenceEqual(File.ReadAllBytes(Path.Combine(resumed, "checkpoint-8", file!))), $"checkpoint-8/{file} differs");
        Assert.Equal(File.ReadAllText(Path.Combine(straight, PretrainingJob.EvalResultsFile)), File.ReadAllText(Path.Combine(resumed, PretrainingJob.EvalResultsFile)));
    }

    [Fact]
    public void VocabularyExtensionAddsTheMostSplitWordsAsSingleTokensWithMeanEmbeddings()
    {
        var (tokenizer, files, corpus) = Setup(documents: 200);
        var model = new BertForMaskedLM(TinyBert(tokenizer.VocabSize), seed: 2);
        var folder = Path.Combine(dir, "model");
        Pretrained.Save(model, folder);
        File.Copy(files[0], Path.Combine(folder, "tokenizer.json"));
        var split = Words.Where(w => tokenizer.Encode(w, addSpecialTokens: false).Count > 1).ToList();
        Assert.NotEmpty(split);

        var tokens = VocabularyExtension.Candidates(tokenizer, [corpus], 3);
        Assert.Equal(3, tokens.Count);
        Assert.All(tokens, t => Assert.Contains(t.Token, split));
        Assert.True(tokens[0].Saved >= tokens[1].Saved && tokens[1].Saved >= tokens[2].Saved);
        var output = Path.Combine(dir, "extended");
        VocabularyExtension.Apply(folder, tokens, output);
        Assert.Throws<IOException>(() => VocabularyExtension.Apply(folder, tokens, output));   // never over an existing folder

        var extended = Tokenizer.FromFile(Path.Combine(output, "tokenizer.json"));
        Assert.Equal(tokenizer.VocabSize + 3, extended.VocabSize);
        var (loaded, report) = Pretrained.Load(output);
        Assert.Empty(report.Warnings());
        var oldTable = model.Encoder.WordEmbeddings.Weight.ToArray();
        var newTable = ((MaskedLMModel)loaded).Encoder.WordEmbeddings.Weight.ToArray();
        int width = 16;
        Assert.Equal(oldTable, newTable.Take(oldTable.Length));
        for (int n = 0; n < 3; n++)
        {
            var ids = extended.Encode(tokens[n].Token, addSpecialTokens: false).Ids;
            Assert.Equal([tokenizer.VocabSize + n], ids);
            for (int j = 0; j < width; j++)
            {
                float mean = tokens[n].Pieces.Sum(p => oldTable[p * width + j]) / tokens[n].Pieces.Length;
                Assert.Equal(mean, newTable[(tokenizer.VocabSize + n) * width + j], 5);
            }
        }
    }

    static (ElectraForPreTraining, ElectraForMaskedLM) TinyElectra(int vocab, int seed)
    {
        ElectraConfig Config(int hidden, int heads, int intermediate) => new(new System.Text.Json.Nodes.JsonObject
        {
            ["model_type"] = "electra", ["vocab_size"] = vocab, ["embedding_size"] = 8, ["hidden_size"] = hidden, ["num_hidden_layers"] = 1,
            ["num_attention_heads"] = heads, ["intermediate_size"] = intermediate, ["max_position_embeddings"] = 64,
        });
        var discriminator = new ElectraForPreTraining(Config(16, 2, 32), seed);
        var generator = new ElectraForMaskedLM(Config(8, 1, 16), seed + 1, ((ElectraModel)discriminator.Encoder).Embeddings);
        return (discriminator, generator);
    }

    [Fact]
    public void ElectraLabelsExactlyTheChangedTokensSharesEmbeddingsAndResumesBitExactly()
    {
        var (tokenizer, files, corpus) = Setup(documents: 150);
        var (discriminator, generator) = TinyElectra(tokenizer.VocabSize, 3);
        Assert.Same(discriminator.Encoder.WordEmbeddings.Weight, generator.Encoder.WordEmbeddings.Weight);
        var trainer = new ElectraPretrainer(discriminator, generator, PretrainingJob.MaskerFor(tokenizer, tokenizer.VocabSize, MaskingObjective.Mlm, maskFraction: 0.85, randomFraction: 0));
        Assert.Equal(trainer.Parameters.Count, trainer.Parameters.Select(p => p.Value).Distinct(ReferenceEqualityComparer.Instance).Count());
        Assert.Contains(trainer.Parameters, p => p.Name == "generator.generator_lm_head.bias");
        Assert.DoesNotContain(trainer.Parameters, p => p.Name.StartsWith("generator.electra.embeddings", StringComparison.Ordinal));

        var (cls, sep, _, _, _) = PretrainingJob.SpecialIds(tokenizer);
        using (var tokens = TokenizedCorpus.Prepare([corpus], tokenizer, files, sep, Path.Combine(dir, "tokens")))
        {
            var data = new PackedSequences(tokens, 24, cls, sep, 0, CorpusSplit.Train);
            var batch = new NluSharp.Training.Data.DynamicPadding().Collate(data, Enumerable.Range(0, 8).ToArray());
            var step = trainer.Run(batch, new NluSharp.Training.Model.ForwardContext(true, 1, 2), 1, 2);
            var original = batch.InputIds.ToArray();
            for (int i = 0; i < original.Length; i++)
                Assert.Equal(step.DiscriminatorInput[i] != original[i] ? 1 : 0, step.Replaced[i]);
            Assert.All(Enumerable.Range(0, original.Length).Where(i => !step.Masked.Positions.Contains(i)), i => Assert.Equal(original[i], step.DiscriminatorInput[i]));
            Assert.Equal(step.Loss.ToScalar(), step.GeneratorLoss.ToScalar() + 50f * step.DiscriminatorLoss.ToScalar(), 3);
        }

        var settings = new PretrainingSettings { CorpusFiles = [corpus], MaxSeqLength = 24, ValidationSplitPercentage = 5, TokenizedCorpusFolder = Path.Combine(dir, "tokens") };
        var straight = Path.Combine(dir, "straight");
        var (d1, g1) = TinyElectra(tokenizer.VocabSize, 3);
        var outcome = PretrainingJob.RunElectra(d1, g1, tokenizer, files, Options(straight, 8), settings);
        Assert.InRange(outcome.Evaluation!["eval_discriminator_accuracy"], 0.0, 1.0);
        var (fineTunable, report) = Pretrained.Load(straight, "ElectraForSequenceClassification");
        Assert.DoesNotContain(report.MissingKeys, k => k.StartsWith("electra.", StringComparison.Ordinal));
        Assert.DoesNotContain(report.UnexpectedKeys, k => !k.StartsWith("discriminator_predictions", StringComparison.Ordinal));
        Assert.True(File.Exists(Path.Combine(straight, "generator", "model.safetensors")));

        var resumed = Path.Combine(dir, "resumed");
        var (d2, g2) = TinyElectra(tokenizer.VocabSize, 3);
        PretrainingJob.RunElectra(d2, g2, tokenizer, files, Options(resumed, 8), settings);
        Directory.Delete(Path.Combine(resumed, "checkpoint-8"), true);
        var (d3, g3) = TinyElectra(tokenizer.VocabSize, 50);
        PretrainingJob.RunElectra(d3, g3, tokenizer, files, Options(resumed, 8, resume: "latest"), settings);
        foreach (var file in new[] { "model.safetensors", "generator/model.safetensors", "checkpoint-8/model.safetensors", "checkpoint-8/optimizer.safetensors" })
            Assert.True(File.ReadAllBytes(Path.Combine(straight, file)).SequenceEqual(File.ReadAllBytes(Path.Combine(resumed, file))), $"{file} differs");
    }
}
