// `nlu train`: fine-tunes a sequence classifier (a Hugging Face checkpoint, or a fresh encoder from --config) on a
// GLUE/SuperGLUE task or the user's own files, with Hugging Face TrainingArguments' names and defaults
// (--learning-rate 5e-5, --per-device-train-batch-size 8, --num-train-epochs 3, --seed 42, ...; short aliases
// --lr, --batch-size, --epochs), run_glue.py's --max-seq-length 128, and --seeds for several runs plus their summary.
// --loss / --loss-args / --z-loss pick a loss of the catalogue (Training/Losses/LossSpec.cs), checked before any work.
// --metric-for-best-model (against the metrics the data's evaluation reports) and --max-seq-length (against the model's
// max_position_embeddings) are checked before any work too; the output folder's ownership is the Trainer's (OutputFolder.cs).
using System.CommandLine;
using System.Globalization;
using System.Text.Json.Nodes;
using NluSharp.Checkpoints.Configs;
using NluSharp.Engine;
using NluSharp.Evaluation.Datasets;
using NluSharp.Evaluation.Reporting;
using NluSharp.Evaluation.Tasks;
using NluSharp.Models;
using NluSharp.Tokenizers;
using NluSharp.Training.Checkpointing;
using NluSharp.Training.FineTuning;
using NluSharp.Training.Losses;
using NluSharp.Training.Schedules;
using NluSharp.Training.Trainers;

namespace NluSharp.Cli.Commands;

internal static class TrainCommand
{
    public static Command Create()
    {
        var o = new TrainOptions();
        var command = new Command("train", "Fine-tune a sequence classifier on a GLUE/SuperGLUE task or your own CSV/TSV/JSONL data.");
        foreach (var option in o.All) command.Options.Add(option);
        command.SetAction(parseResult => Run(o, parseResult));
        return command;
    }

    /// <summary>The options, grouped so the command and its tests share them.</summary>
    internal sealed class TrainOptions
    {
        public readonly Option<string?> Model = new("--model") { Description = "Pretrained model folder or hub id org/name[@revision] (encoder weights; a new head is added)." };
        public readonly Option<string?> Config = new("--config") { Description = "Train from scratch: tiny, mini, small, base, or a config.json (needs --tokenizer)." };
        public readonly Option<string?> TokenizerPath = new("--tokenizer") { Description = "Tokenizer folder or file; default: the model folder's." };
        public readonly Option<string?> Task = new("--task") { Description = "Task name (sst2, glue/rte, superglue/boolq, ...; see `nlu tasks`)." };
        public readonly Option<string?> Data = new("--data") { Description = "Benchmark root or the task's folder (with --task)." };
        public readonly Option<string?> TrainFile = new("--train") { Description = "Your training file (.csv, .tsv, .jsonl)." };
        public readonly Option<string?> ValidationFile = new("--validation") { Description = "Your validation file (same columns)." };
        public readonly Option<double?> ValidationFraction = new("--validation-fraction") { Description = "Hold out this fraction of --train as validation (instead of --validation)." };
        public readonly Option<ulong> ValidationSplitSeed = new("--validation-split-seed") { Description = "Seed of the --validation-fraction split (the same split for every --seeds run).", DefaultValueFactory = _ => 0UL };
        public readonly Option<string> TextColumn = new("--text-column") { DefaultValueFactory = _ => "text" };
        public readonly Option<string?> TextPairColumn = new("--text-pair-column") { Description = "Second text of a pair task." };
        public readonly Option<string> LabelColumn = new("--label-column") { DefaultValueFactory = _ => "label" };
        public readonly Option<double> LabelSmoothing = new("--label-smoothing-factor") { DefaultValueFactory = _ => 0.0 };
        public readonly Option<string?> Loss = new("--loss") { Description = "Training loss: cross_entropy, focal, poly1, squentropy, harmonic, supcon (classes), mse, huber (regression), bce (multi-label); default by label kind." };
        public readonly Option<string?> LossArgs = new("--loss-args") { Description = "Loss arguments k=v,... (focal: gamma, alpha=A0,A1,...; poly1: epsilon; huber: delta; supcon: temperature, weight; cross_entropy: class_weights)." };
        public readonly Option<double> ZLoss = new("--z-loss") { Description = "Add the PaLM z-loss COEF·(log Z)² to a classification loss (e.g. 1e-4).", DefaultValueFactory = _ => 0.0 };
        public readonly Option<int?> MaxTrainSamples = new("--max-train-samples") { Description = "Use only the first N training rows." };
        public readonly Option<bool> GroupByLength = new("--group-by-length");
        public readonly Option<string?> Seeds = new("--seeds") { Description = "Comma-separated seeds: one run per seed in OUTPUT/seed-N, then the summary." };

        /// <summary>Optimization, schedule, evaluation and checkpoint options shared with `nlu pretrain`.</summary>
        public readonly TrainerOptionSet Trainer = new(defaultEvalStrategy: "epoch");

        public IEnumerable<Option> All => GetType().GetFields().Select(f => f.GetValue(this)).OfType<Option>().Concat(Trainer.All);
    }

    static int Run(TrainOptions o, ParseResult p)
    {
        if (p.GetValue(o.Trainer.ThreadCount) is int threads) Threads.Count = threads >= 1 ? threads : throw new ArgumentException("--threads must be at least 1");
        var loss = LossSpec.Parse(p.GetValue(o.Loss), p.GetValue(o.LossArgs), p.GetValue(o.ZLoss), p.GetValue(o.LabelSmoothing));
        var data = LoadData(o, p);
        FineTuningJob.LossFor(data.Schema, spec: loss);   // does the loss fit the data's labels? (before the model is built)
        FineTuningJob.CheckMetricForBestModel(data, p.GetValue(o.Trainer.BestMetric)!);
        var (tokenizer, tokenizerFiles, modelSource) = ResolveModelAndTokenizer(o, p);
        CheckMaxSeqLength(modelSource.Config, p.GetValue(o.Trainer.MaxSeqLength));
        var seeds = ParseSeeds(p.GetValue(o.Seeds), p.GetValue(o.Trainer.Seed));
        var output = p.GetValue(o.Trainer.Output)!;
        var settings = new FineTuningSettings
        {
            MaxSeqLength = p.GetValue(o.Trainer.MaxSeqLength), LabelSmoothingFactor = p.GetValue(o.LabelSmoothing), PerDeviceEvalBatchSize = p.GetValue(o.Trainer.EvalBatchSize),
            Loss = loss,
        };
        if (settings.PerDeviceEvalBatchSize < 1) throw new ArgumentException("--per-device-eval-batch-size must be at least 1");
        Console.Error.WriteLine($"data: {data.Name}, {data.Train.Count} training and {data.Validation?.Count ?? 0} validation examples, " +
                                $"labels: {(data.Schema.Kind == LabelKind.Regression ? "regression" : string.Join(", ", data.Schema.Classes))}");

        var results = new List<(ulong Seed, string Folder, FineTuningOutcome Outcome)>();
        foreach (var seed in seeds)
        {
            var folder = seeds.Count > 1 ? Path.Combine(output, $"seed-{seed}") : output;
            var model = modelSource.Create(data.Schema, seed, tokenizer);
            var options = o.Trainer.Build(p, folder, seed, tokenizerFiles, data.Validation is { Count: > 0 }, p.GetValue(o.GroupByLength));
            var outcome = TrainingConsole.Run($"{data.Name} seed {seed}", progress => FineTuningJob.Run(model, tokenizer, data, options, settings, progress));
            if (outcome.TruncatedExamples > 0)
                Console.Error.WriteLine($"note: {outcome.TruncatedExamples} of {outcome.TrainExamples} training examples were longer than --max-seq-length {settings.MaxSeqLength} and were truncated");
            Console.WriteLine($"seed {seed}: {outcome.Training.GlobalStep} steps, train loss {outcome.Training.TrainingLoss.ToString("0.0000", CultureInfo.InvariantCulture)}" +
                              (outcome.Evaluation is { } e ? ", " + string.Join(", ", e.Where(kv => kv.Key.StartsWith("eval_") && kv.Key != "eval_samples").Select(kv => $"{kv.Key} {kv.Value.ToString("0.0000", CultureInfo.InvariantCulture)}")) : "") +
                              $" → {folder}");
            results.Add((seed, folder, outcome));
        }
        if (seeds.Count > 1) WriteSeedSummary(output, results.Select(r => (r.Seed, r.Folder, r.Outcome.Evaluation)).ToList(), HeadlineKey(data, p.GetValue(o.Trainer.BestMetric)!));
        return 0;
    }

    /// <summary>The metric a multi-seed summary reports: the task's headline score, else the selection metric.</summary>
    static string HeadlineKey(FineTuningData data, string bestMetric) =>
        data.Task != null ? "eval_score" : bestMetric.StartsWith("eval_", StringComparison.Ordinal) ? bestMetric : "eval_" + bestMetric;

    internal static void WriteSeedSummary(string output, IReadOnlyList<(ulong Seed, string Folder, IReadOnlyDictionary<string, double>? Metrics)> runs, string key)
    {
        var withMetrics = runs.Where(r => r.Metrics != null).ToList();
        if (withMetrics.Count == 0) return;
        var keys = withMetrics[0].Metrics!.Keys.Where(k => k.StartsWith("eval_", StringComparison.Ordinal) && k != "eval_samples").ToList();
        var json = new JsonObject { ["headline"] = key };
        var perMetric = new JsonObject();
        foreach (var k in keys)
        {
            var values = withMetrics.Select(r => r.Metrics!.TryGetValue(k, out var v) ? v : double.NaN).ToList();
            var s = SeedSummary.Of(values);
            perMetric[k] = new JsonObject { ["mean"] = Num(s.Mean), ["std"] = Num(s.StandardDeviation), ["median"] = Num(s.Median), ["min"] = Num(s.Min), ["max"] = Num(s.Max), ["runs"] = s.Runs };
            if (k == key) Console.WriteLine($"{key} over {s.Runs} seeds: {s}");
        }
        json["metrics"] = perMetric;
        json["runs"] = new JsonArray(withMetrics.Select(r => (JsonNode)new JsonObject
        {
            ["seed"] = r.Seed, ["folder"] = r.Folder, ["metrics"] = new JsonObject(r.Metrics!.Select(kv => KeyValuePair.Create(kv.Key, Num(kv.Value)))),
        }).ToArray());
        Directory.CreateDirectory(output);
        NluSharp.Checkpoints.IO.AtomicFile.WriteAllBytes(Path.Combine(output, "seeds_summary.json"), System.Text.Encoding.UTF8.GetBytes(json.ToJsonString(new System.Text.Json.JsonSerializerOptions { WriteIndented = true }) + "\n"));
        static JsonNode? Num(double v) => double.IsFinite(v) ? JsonValue.Create(v) : null;
    }

    static List<ulong> ParseSeeds(string? seeds, ulong seed)
    {
        if (seeds is null) return [seed];
        var list = new List<ulong>();
        foreach (var part in seeds.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            list.Add(ulong.TryParse(part, NumberStyles.None, CultureInfo.InvariantCulture, out var s) ? s : throw new ArgumentException($"--seeds: '{part}' is not a non-negative integer"));
        if (list.Count == 0) throw new ArgumentException("--seeds is empty; give e.g. --seeds 1,2,3");
        if (list.Distinct().Count() != list.Count) throw new ArgumentException($"--seeds lists a seed twice: {seeds}");
        return list;
    }

    static FineTuningData LoadData(TrainOptions o, ParseResult p)
    {
        var task = p.GetValue(o.Task); var train = p.GetValue(o.TrainFile);
        if ((task is null) == (train is null)) throw new ArgumentException("give either --task NAME --data DIR, or --train FILE [--validation FILE]");
        if (task != null)
        {
            var dataDir = p.GetValue(o.Data) ?? throw new ArgumentException("--task needs --data DIR (the benchmark root or the task's folder)");
            var t = TaskRegistry.Find(task, dataDir);
            return DataSources.FromTask(t, dataDir, p.GetValue(o.MaxTrainSamples), p.GetValue(o.Trainer.MaxEvalSamples));
        }
        var columns = new ColumnMapping(p.GetValue(o.TextColumn)!, p.GetValue(o.TextPairColumn), p.GetValue(o.LabelColumn));
        return DataSources.FromFiles(train!, p.GetValue(o.ValidationFile), columns, p.GetValue(o.MaxTrainSamples), p.GetValue(o.Trainer.MaxEvalSamples),
            p.GetValue(o.ValidationFraction), p.GetValue(o.ValidationSplitSeed));
    }

    /// <summary>How each seed's model is built: from a pretrained folder or from a config.</summary>
    internal abstract record ModelSource
    {
        /// <summary>The config the model is built from (read before any model is built, for checks).</summary>
        public abstract ModelConfig Config { get; }
        public abstract SequenceClassificationModel Create(LabelSchema schema, ulong seed, Tokenizer tokenizer);
    }

    sealed record PretrainedSource(string Folder) : ModelSource
    {
        public override ModelConfig Config { get; } = ModelConfig.Load(Folder);

        public override SequenceClassificationModel Create(LabelSchema schema, ulong seed, Tokenizer tokenizer)
        {
            var (model, report) = ClassifierModels.FromPretrained(Folder, schema, (int)(seed & 0x7FFFFFFF));
            foreach (var warning in report.Warnings()) Console.Error.WriteLine("warning: " + warning);
            CheckVocabulary(model.Config, tokenizer, Folder);
            return model;
        }
    }

    sealed record ConfigSource(ModelConfig ModelConfig) : ModelSource
    {
        public override ModelConfig Config => ModelConfig;

        public override SequenceClassificationModel Create(LabelSchema schema, ulong seed, Tokenizer tokenizer) =>
            ClassifierModels.Create(ModelConfig, schema, (int)(seed & 0x7FFFFFFF));
    }

    /// <summary>
    /// --max-seq-length must fit the model's position table: max_position_embeddings, less pad_token_id + 1 for RoBERTa,
    /// whose positions start after the padding index.
    /// </summary>
    static void CheckMaxSeqLength(ModelConfig config, int maxSeqLength)
    {
        if (config.Fields["max_position_embeddings"] is not JsonValue field || !field.TryGetValue<int>(out var positions)) return;
        int limit = positions;
        if (config.Fields["model_type"]?.GetValue<string>() == "roberta")
            limit -= (config.Fields["pad_token_id"] is JsonValue pad && pad.TryGetValue<int>(out var padId) ? padId : 1) + 1;
        if (maxSeqLength > limit)
            throw new ArgumentException($"--max-seq-length {maxSeqLength} is more than the model's {limit} positions (max_position_embeddings {positions} in its config.json); use at most {limit}");
    }

    static void CheckVocabulary(ModelConfig config, Tokenizer tokenizer, string where)
    {
        int vocab = config.Fields["vocab_size"]?.GetValue<int>() ?? 0;
        if (vocab > 0 && tokenizer.VocabSize > vocab)
            throw new InvalidDataException($"{where}: the tokenizer has {tokenizer.VocabSize} tokens but the model's vocab_size is {vocab}; use the model's own tokenizer");
    }

    static (Tokenizer, IReadOnlyList<string>, ModelSource) ResolveModelAndTokenizer(TrainOptions o, ParseResult p)
    {
        var modelArg = p.GetValue(o.Model); var configArg = p.GetValue(o.Config); var tokenizerArg = p.GetValue(o.TokenizerPath);
        if ((modelArg is null) == (configArg is null)) throw new ArgumentException("give either --model PATH|org/name (fine-tune a checkpoint) or --config tiny|mini|small|base|config.json (train from scratch)");
        if (modelArg != null)
        {
            var folder = ModelSources.Resolve(modelArg);
            if (!Directory.Exists(folder)) throw new ArgumentException($"--model {modelArg}: expected a model folder with config.json");
            var tokenizerPath = tokenizerArg ?? (TokenizerFiles.InFolder(folder) ? folder
                : throw new ArgumentException($"{folder} has no tokenizer files (tokenizer.json, vocab.txt, ...); pass --tokenizer"));
            var (tokenizer, files) = TokenizerFiles.Load(tokenizerPath);
            return (tokenizer, files, new PretrainedSource(folder));
        }
        var tokPath = tokenizerArg ?? throw new ArgumentException("--config trains from scratch and needs --tokenizer PATH (e.g. a bert-base-uncased folder)");
        var (tok, tokFiles) = TokenizerFiles.Load(tokPath);
        ModelConfig config;
        if (EncoderPresets.Sizes.TryGetValue(configArg!, out var size))
            config = EncoderPresets.BertConfigFor(size, tok.VocabSize, TokenizerFiles.PadId(tok));
        else if (File.Exists(configArg))
        {
            config = ModelConfig.Load(configArg!);
            CheckVocabulary(config, tok, configArg!);
        }
        else throw new ArgumentException($"--config \"{configArg}\" is neither a size ({string.Join(", ", EncoderPresets.Sizes.Keys)}) nor an existing config.json");
        ClassifierModels.ClassNameFor(config);   // fails early on an unsupported model_type
        return (tok, tokFiles, new ConfigSource(config));
    }
}
