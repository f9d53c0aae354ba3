// The built-in demo job: the procedurally generated suite (sentiment with negation and contrast, quantifier
// inference, synonym paraphrase) from a seed, a WordPiece tokenizer trained on its training texts, and one small
// BERT per task trained from scratch with the same FineTuningJob as `nlu train`, evaluated on dev during training and
// on the held-out test split at the end. Needs no network and no files: everything is a function of the seed.
using NluSharp.Evaluation.Datasets;
using NluSharp.Evaluation.Formats;
using NluSharp.Evaluation.Synthetic;
using NluSharp.Evaluation.Tasks;
using NluSharp.Tokenizers;
using NluSharp.Tokenizers.Training;
using NluSharp.Training.Data;
using NluSharp.Training.Trainers;

namespace NluSharp.Training.FineTuning;

/// <summary>Settings of the demo.</summary>
public sealed record DemoOptions
{
    /// <summary>Output folder: tokenizer/, one folder per task, summary.json.</summary>
    public required string OutputDir { get; init; }
    /// <summary>Seed of the data, the initialization, dropout and data order.</summary>
    public int Seed { get; init; }
    /// <summary>Generated training examples per task.</summary>
    public int TrainSize { get; init; } = 2000;
    /// <summary>Generated dev and test examples per task.</summary>
    public int EvalSize { get; init; } = 400;
    /// <summary>Encoder size (see <see cref="EncoderPresets"/>).</summary>
    public string Size { get; init; } = "tiny";
    /// <summary>Training epochs per task.</summary>
    public int Epochs { get; init; } = 6;
    /// <summary>Batch size.</summary>
    public int BatchSize { get; init; } = 32;
    /// <summary>Peak learning rate (from scratch, so far above fine-tuning rates).</summary>
    public double LearningRate { get; init; } = 1e-3;
    /// <summary>Only these tasks (all when null).</summary>
    public IReadOnlyList<string>? Tasks { get; init; }
}

/// <summary>One task's outcome.</summary>
/// <param name="Task">Task name.</param>
/// <param name="Labels">Its labels.</param>
/// <param name="MajorityBaseline">Accuracy of always predicting the most frequent training label, on test.</param>
/// <param name="Dev">Final dev metrics (accuracy, macro_f1, mcc, ...).</param>
/// <param name="Test">Test metrics.</param>
/// <param name="Seconds">Wall time of training and evaluation.</param>
/// <param name="SequencesPerSecond">Training throughput.</param>
/// <param name="Folder">The task's output folder (model, report.html).</param>
public sealed record DemoTaskResult(string Task, IReadOnlyList<string> Labels, double MajorityBaseline, IReadOnlyDictionary<string, double> Dev,
    IReadOnlyDictionary<string, double> Test, double Seconds, double SequencesPerSecond, string Folder);

/// <summary>Runs the demo.</summary>
public static class SyntheticDemo
{
    /// <summary>Vocabulary size of the demo tokenizer (the generated language has a few hundred words).</summary>
    public const int VocabSize = 1000;

    /// <summary>Generates the suite, trains and evaluates one model per task.</summary>
    /// <param name="options">Settings.</param>
    /// <param name="wrapTraining">Runs one task's training (given its name) with a progress sink of its choice, e.g. inside a console view; null trains silently.</param>
    /// <param name="cancellationToken">Stops training between steps.</param>
    public static IReadOnlyList<DemoTaskResult> Run(DemoOptions options, Func<string, Func<IProgress<TrainingProgress>?, FineTuningOutcome>, FineTuningOutcome>? wrapTraining = null,
        CancellationToken cancellationToken = default)
    {
        var suite = SyntheticSuite.Generate(options.Seed, options.TrainSize, options.EvalSize);
        if (options.Tasks is { } only)
        {
            var unknown = only.Where(t => suite.All(s => s.Name != t)).ToList();
            if (unknown.Count > 0) throw new ArgumentException($"unknown demo task(s) {string.Join(", ", unknown)}; the suite has {string.Join(", ", suite.Select(s => s.Name))}");
            suite = suite.Where(s => only.Contains(s.Name)).ToList();
        }
        Directory.CreateDirectory(options.OutputDir);
        // One tokenizer for the suite, trained on training texts only (dev/test words it has not seen become pieces or [UNK]).
        var lines = suite.SelectMany(t => t.Train).SelectMany(e => e.Input is TextInput ti ? new[] { ti.Text, ti.Pair } : []).OfType<string>();
        var tokenizer = TokenizerTrainer.TrainWordPiece(lines, VocabSize);
        var tokenizerFolder = Path.Combine(options.OutputDir, "tokenizer");
        Directory.CreateDirectory(tokenizerFolder);
        var tokenizerFile = Path.Combine(tokenizerFolder, "tokenizer.json");
        tokenizer.Save(tokenizerFile);
        var size = EncoderPresets.Size(options.Size);

        var results = new List<DemoTaskResult>();
        foreach (var task in suite)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var clock = System.Diagnostics.Stopwatch.StartNew();
            var schema = new LabelSchema(LabelKind.SingleLabel, task.Labels);
            List<TextExample> Convert(IReadOnlyList<TaskExample> examples) =>
                examples.Select(e => new TextExample(e.Id, (TextInput)e.Input, [e.Label!], e.Source)).ToList();
            var data = new FineTuningData(task.Name, schema, null, Convert(task.Train), Convert(task.Dev));
            var config = EncoderPresets.BertConfigFor(size, tokenizer.VocabSize, TokenizerFiles.PadId(tokenizer), maxPositions: 128);
            var model = ClassifierModels.Create(config, schema, options.Seed);
            var folder = Path.Combine(options.OutputDir, task.Name);
            var trainer = new Trainers.TrainerOptions
            {
                OutputDir = folder, NumTrainEpochs = options.Epochs, PerDeviceTrainBatchSize = options.BatchSize, LearningRate = options.LearningRate,
                WarmupRatio = 0.1, WeightDecay = 0.01, LoggingSteps = 20, EvalStrategy = IntervalStrategy.Epoch, SaveStrategy = IntervalStrategy.Epoch,
                SaveTotalLimit = 1, MetricForBestModel = "accuracy", LoadBestModelAtEnd = true, Seed = (ulong)options.Seed, TokenizerFiles = [tokenizerFile],
            };
            var settings = new FineTuningSettings { MaxSeqLength = 128, PerDeviceEvalBatchSize = 64 };
            FineTuningOutcome Train(IProgress<TrainingProgress>? progress) => FineTuningJob.Run(model, tokenizer, data, trainer, settings, progress, cancellationToken);
            var outcome = wrapTraining != null ? wrapTraining(task.Name, Train) : Train(null);

            // The held-out test split, scored once with the selected (best dev) model.
            var test = Convert(task.Test);
            var evaluation = new TextEvaluation(test, TextExamples.Encode(test, schema, tokenizer, settings.MaxSeqLength, requireLabels: true), schema, null,
                FineTuningJob.LossFor(schema), new DynamicPadding(TokenizerFiles.PadId(tokenizer)), settings.PerDeviceEvalBatchSize);
            var testRun = evaluation.Run(new SequenceClassifier(model));
            TextEvaluation.WritePredictions(Path.Combine(folder, "test_predictions.jsonl"), test, testRun.Predictions, schema);
            FineTuningJob.WriteMetrics(Path.Combine(folder, "test_results.json"), testRun.Result.Metrics.ToDictionary(kv => "test_" + kv.Key, kv => kv.Value));
            var majority = task.Train.GroupBy(e => e.Label).OrderByDescending(g => g.Count()).First().Key;
            double baseline = task.Test.Count(e => e.Label == majority) / (double)task.Test.Count;
            var dev = (outcome.Evaluation ?? new Dictionary<string, double>()).Where(kv => kv.Key.StartsWith("eval_")).ToDictionary(kv => kv.Key["eval_".Length..], kv => kv.Value);
            var trainSummary = MetricsLog.Read(Path.Combine(folder, MetricsLog.FileName)).LastOrDefault(r => r.ContainsKey("train_samples_per_second"));
            results.Add(new DemoTaskResult(task.Name, task.Labels, baseline, dev, testRun.Result.Metrics, clock.Elapsed.TotalSeconds,
                trainSummary?["train_samples_per_second"] ?? double.NaN, folder));
        }
        WriteSummary(options, results);
        return results;
    }

    static void WriteSummary(DemoOptions options, IReadOnlyList<DemoTaskResult> results)
    {
        var json = new System.Text.Json.Nodes.JsonObject
        {
            ["seed"] = options.Seed, ["size"] = options.Size, ["train_size"] = options.TrainSize, ["eval_size"] = options.EvalSize, ["epochs"] = options.Epochs,
            ["tasks"] = new System.Text.Json.Nodes.JsonArray(results.Select(r => (System.Text.Json.Nodes.JsonNode)new System.Text.Json.Nodes.JsonObject
            {
                ["task"] = r.Task, ["majority_baseline"] = r.MajorityBaseline,
                ["dev_accuracy"] = r.Dev.TryGetValue("accuracy", out var d) ? d : null,
                ["test_accuracy"] = r.Test["accuracy"], ["test_macro_f1"] = r.Test["macro_f1"], ["seconds"] = Math.Round(r.Seconds, 2),
                ["train_samples_per_second"] = double.IsFinite(r.SequencesPerSecond) ? r.SequencesPerSecond : null, ["folder"] = r.Folder,
            }).ToArray()),
        };
        Checkpointing.JsonFiles.WriteAtomic(Path.Combine(options.OutputDir, "summary.json"), json);
    }
}
