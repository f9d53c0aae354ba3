// One fine-tuning run as run_glue.py does it: tokenize train/validation, train with the Trainer (evaluating with the
// task's official metrics), then evaluate the final (or best) model once more and write eval_results.json and the
// validation predictions in the `nlu score` format beside the model.
using System.Text.Json.Nodes;
using NluSharp.Evaluation.Datasets;
using NluSharp.Evaluation.Tasks;
using NluSharp.Models;
using NluSharp.Tokenizers;
using NluSharp.Training.Checkpointing;
using NluSharp.Training.Data;
using NluSharp.Training.Losses;
using NluSharp.Training.Trainers;

namespace NluSharp.Training.FineTuning;

/// <summary>Labeled data for a run.</summary>
/// <param name="Name">Task or file name, for reports.</param>
/// <param name="Schema">Label space.</param>
/// <param name="Task">The benchmark task (its scorer is used), or null for other data.</param>
/// <param name="Train">Training examples.</param>
/// <param name="Validation">Validation examples, or null.</param>
public sealed record FineTuningData(string Name, LabelSchema Schema, BenchmarkTask? Task, IReadOnlyList<TextExample> Train, IReadOnlyList<TextExample>? Validation);

/// <summary>What a run produced.</summary>
/// <param name="Training">The trainer's result.</param>
/// <param name="Evaluation">Final validation metrics (eval_ keys), or null without validation data.</param>
/// <param name="TrainExamples">Number of training examples.</param>
/// <param name="TruncatedExamples">Training examples cut to the maximum sequence length.</param>
public sealed record FineTuningOutcome(TrainResult Training, IReadOnlyDictionary<string, double>? Evaluation, int TrainExamples, int TruncatedExamples);

/// <summary>Settings of a run beyond <see cref="TrainerOptions"/> (run_glue.py's data arguments).</summary>
public sealed record FineTuningSettings
{
    /// <summary>Maximum tokens per example after tokenization (run_glue max_seq_length, default 128).</summary>
    public int MaxSeqLength { get; init; } = 128;
    /// <summary>Label smoothing of the cross-entropy (HF label_smoothing_factor).</summary>
    public double LabelSmoothingFactor { get; init; }
    /// <summary>The loss by name (`--loss`, `--loss-args`, `--z-loss`); null = the label kind's default with <see cref="LabelSmoothingFactor"/>.</summary>
    public LossSpec? Loss { get; init; }
    /// <summary>Evaluation batch size (HF per_device_eval_batch_size, default 8).</summary>
    public int PerDeviceEvalBatchSize { get; init; } = 8;
}

/// <summary>Runs fine-tuning of a sequence classifier.</summary>
public static class FineTuningJob
{
    /// <summary>File with the final validation metrics (as Trainer.save_metrics("eval")).</summary>
    public const string EvalResultsFile = "eval_results.json";
    /// <summary>Validation predictions in the `nlu score` format.</summary>
    public const string EvalPredictionsFile = "eval_predictions.jsonl";

    /// <summary>
    /// The loss for a label space: <paramref name="spec"/> when given (checked against the label kind), else cross-entropy
    /// (with smoothing), MSE for regression, BCE for multi-label (as the HF heads).
    /// </summary>
    public static TrainingLoss LossFor(LabelSchema schema, double labelSmoothing = 0, LossSpec? spec = null) =>
        (spec ?? LossSpec.Default(labelSmoothing)).For(schema.Kind, schema.Kind == LabelKind.Regression ? 1 : schema.Classes.Count);

    /// <summary>
    /// Throws <see cref="ArgumentException"/> listing the valid names when <paramref name="metricForBestModel"/> (eval_ prefix
    /// optional) is not a metric the evaluation of <paramref name="data"/> reports; nothing to check without validation data.
    /// </summary>
    public static void CheckMetricForBestModel(FineTuningData data, string metricForBestModel)
    {
        if (data.Validation is not { Count: > 0 }) return;
        var names = TextEvaluation.MetricNames(data.Schema, data.Task);
        var name = metricForBestModel.StartsWith("eval_", StringComparison.Ordinal) ? metricForBestModel["eval_".Length..] : metricForBestModel;
        if (!names.Contains(name))
            throw new ArgumentException($"--metric-for-best-model \"{metricForBestModel}\" is not a metric of {data.Name}; expected one of {string.Join(", ", names)} (eval_ prefix optional)");
    }

    /// <summary>Trains <paramref name="model"/> on <paramref name="data"/> into <c>options.OutputDir</c>.</summary>
    public static FineTuningOutcome Run(SequenceClassificationModel model, Tokenizer tokenizer, FineTuningData data, TrainerOptions options,
        FineTuningSettings settings, IProgress<TrainingProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        CheckMetricForBestModel(data, options.MetricForBestModel);
        var train = TextExamples.Encode(data.Train, data.Schema, tokenizer, settings.MaxSeqLength, requireLabels: true, out int truncated);
        var padding = new DynamicPadding(TokenizerFiles.PadId(tokenizer));
        var loss = LossFor(data.Schema, settings.LabelSmoothingFactor, settings.Loss);
        TextEvaluation? validation = null;
        if (data.Validation is { Count: > 0 } v)
            validation = new TextEvaluation(v, TextExamples.Encode(v, data.Schema, tokenizer, settings.MaxSeqLength, requireLabels: true),
                data.Schema, data.Task, loss, padding, settings.PerDeviceEvalBatchSize);
        var options2 = options.EvalStrategy != IntervalStrategy.No && validation == null ? options with { EvalStrategy = IntervalStrategy.No } : options;
        var trainable = new SequenceClassifier(model);
        options2 = options2 with { IsInsideLayerNorm = options2.IsInsideLayerNorm ?? trainable.IsInsideLayerNorm };
        var trainer = new Trainer(trainable, options2, train, loss, validation == null ? null : m => validation.Run(m).Result, padding, progress);
        var result = trainer.Train(cancellationToken);

        IReadOnlyDictionary<string, double>? final = null;
        if (validation != null)
        {
            var run = validation.Run(trainable);
            var metrics = run.Result.Metrics.ToDictionary(kv => "eval_" + kv.Key, kv => kv.Value);
            metrics["epoch"] = TrainerState.Load(options.OutputDir).Epoch;
            metrics["eval_samples"] = validation.Examples.Count;
            WriteMetrics(Path.Combine(options.OutputDir, EvalResultsFile), metrics);
            TextEvaluation.WritePredictions(Path.Combine(options.OutputDir, EvalPredictionsFile), validation.Examples, run.Predictions, data.Schema);
            final = metrics;
        }
        return new FineTuningOutcome(result, final, train.Count, truncated);
    }

    /// <summary>Writes a flat {name: number} JSON object atomically; non-finite values become null.</summary>
    public static void WriteMetrics(string path, IReadOnlyDictionary<string, double> metrics)
    {
        var json = new JsonObject();
        foreach (var (k, v) in metrics) json[k] = double.IsFinite(v) ? JsonValue.Create(v) : null;
        JsonFiles.WriteAtomic(path, json);
    }
}
