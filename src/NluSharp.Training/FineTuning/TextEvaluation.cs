// Evaluation of a fine-tuned classifier on labeled texts: one pass in evaluation mode gives the loss, the logits and
// the predicted label strings; a benchmark task is then scored by its own official scorer (the one `nlu score` uses,
// so `nlu eval`, the trainer's eval_* metrics and `nlu score` of the written predictions agree), other data by the
// accuracy / F1 / MCC or Pearson / Spearman accumulators.
using System.Text;
using System.Text.Json;
using NluSharp.Checkpoints.IO;
using NluSharp.Evaluation.Datasets;
using NluSharp.Evaluation.Metrics;
using NluSharp.Evaluation.Tasks;
using NluSharp.Training.Data;
using NluSharp.Training.Losses;
using NluSharp.Training.Model;
using NluSharp.Training.Trainers;

namespace NluSharp.Training.FineTuning;

/// <summary>Predictions of one evaluation pass.</summary>
/// <param name="Result">Metrics (loss, task metrics, "score" for benchmark tasks) and the confusion matrix.</param>
/// <param name="Predictions">Predicted label text per example, in example order.</param>
/// <param name="Logits">Logits per example.</param>
public sealed record TextPredictions(EvaluationResult Result, IReadOnlyList<string> Predictions, IReadOnlyList<float[]> Logits);

/// <summary>Evaluates and predicts on <see cref="TextExample"/>s.</summary>
public sealed class TextEvaluation
{
    readonly IReadOnlyList<TextExample> examples;
    readonly IReadOnlyList<TrainingExample> encoded;
    readonly LabelSchema schema;
    readonly BenchmarkTask? task;
    readonly TrainingLoss loss;
    readonly DynamicPadding padding;
    readonly int batchSize;

    /// <summary>Prepares an evaluation set (already tokenized as <paramref name="encoded"/>, same order as <paramref name="examples"/>).</summary>
    public TextEvaluation(IReadOnlyList<TextExample> examples, IReadOnlyList<TrainingExample> encoded, LabelSchema schema, BenchmarkTask? task,
        TrainingLoss loss, DynamicPadding padding, int batchSize)
    {
        if (examples.Count != encoded.Count) throw new ArgumentException($"{examples.Count} examples but {encoded.Count} encodings");
        (this.examples, this.encoded, this.schema, this.task, this.loss, this.padding, this.batchSize) = (examples, encoded, schema, task, loss, padding, batchSize);
    }

    /// <summary>The examples.</summary>
    public IReadOnlyList<TextExample> Examples => examples;

    /// <summary>Runs the model and scores it when the examples are labeled (metrics are empty otherwise).</summary>
    public TextPredictions Run(ITrainableModel model)
    {
        bool labeled = examples.Count > 0 && examples.All(e => e.IsLabeled);
        var (logits, meanLoss) = ModelEvaluator.Predict(model, encoded, batchSize, loss, padding);
        var predictions = logits.Select(l => TextExamples.PredictionText(l, schema)).ToList();
        var metrics = new Dictionary<string, double>();
        ConfusionMatrix? confusion = null;
        if (labeled)
        {
            metrics["loss"] = meanLoss;
            if (schema.Kind == LabelKind.SingleLabel)
            {
                confusion = new ConfusionMatrix(schema.Classes.Count);
                for (int i = 0; i < encoded.Count; i++) confusion.Add(encoded[i].Label, ModelEvaluator.ArgMax(logits[i]));
            }
            if (task != null)
            {
                var scorer = task.CreateScorer();
                for (int i = 0; i < examples.Count; i++)
                    scorer.Add(examples[i].Original ?? throw new InvalidOperationException($"example {examples[i].Id} is not from {task.FullName}"), predictions[i]);
                foreach (var (name, value) in scorer.Metrics) metrics[name] = value;
                metrics["score"] = scorer.Score;
            }
            else if (confusion != null)
            {
                metrics["accuracy"] = confusion.Accuracy;
                metrics["macro_f1"] = confusion.MacroF1;
                metrics["mcc"] = confusion.MatthewsCorrelation;
                if (schema.Classes.Count == 2) metrics["f1"] = confusion.F1(1);
            }
            else if (schema.Kind == LabelKind.Regression)
            {
                var pearson = new PearsonCorrelation(); var spearman = new SpearmanCorrelation();
                for (int i = 0; i < encoded.Count; i++) { pearson.Add(encoded[i].Targets![0], logits[i][0]); spearman.Add(encoded[i].Targets![0], logits[i][0]); }
                metrics["pearson"] = pearson.Value; metrics["spearman"] = spearman.Value;
            }
            else
            {
                // Multi-label: exact-match accuracy over the label sets.
                int exact = 0;
                for (int i = 0; i < examples.Count; i++)
                    if (predictions[i].Split(',', StringSplitOptions.RemoveEmptyEntries).Order(StringComparer.Ordinal)
                        .SequenceEqual(examples[i].Labels.Order(StringComparer.Ordinal))) exact++;
                metrics["exact_match"] = exact / (double)examples.Count;
            }
        }
        var result = new EvaluationResult(metrics, confusion, schema.Kind == LabelKind.SingleLabel ? schema.Classes : null);
        return new TextPredictions(result, predictions, logits);
    }

    /// <summary>The metric names <see cref="Run"/> reports on labeled examples of <paramref name="schema"/> / <paramref name="task"/>, without the eval_ prefix.</summary>
    public static IReadOnlyList<string> MetricNames(LabelSchema schema, BenchmarkTask? task)
    {
        var names = new List<string> { "loss" };
        if (task != null)
        {
            IEnumerable<string> taskMetrics;
            try { taskMetrics = task.CreateScorer().Metrics.Keys.ToList(); }
            catch (Exception e) when (e is InvalidOperationException or ArgumentException or DivideByZeroException) { taskMetrics = task.Metrics; }
            names.AddRange(taskMetrics);
            names.Add("score");
        }
        else if (schema.Kind == LabelKind.SingleLabel)
        {
            names.AddRange(["accuracy", "macro_f1", "mcc"]);
            if (schema.Classes.Count == 2) names.Add("f1");
        }
        else if (schema.Kind == LabelKind.Regression) names.AddRange(["pearson", "spearman"]);
        else names.Add("exact_match");
        return names.Distinct().ToList();
    }

    /// <summary>
    /// Writes predictions as JSONL, one <c>{"idx": id, "prediction": label}</c> per example: the format `nlu score` and
    /// `nlu submit` read. Numeric ids are written as numbers, as the benchmark files have them. Atomic.
    /// </summary>
    public static void WritePredictions(string path, IReadOnlyList<TextExample> examples, IReadOnlyList<string> predictions, LabelSchema schema)
    {
        var buffer = new MemoryStream();
        foreach (var (example, prediction) in examples.Zip(predictions))
        {
            using (var json = new Utf8JsonWriter(buffer))
            {
                json.WriteStartObject();
                if (long.TryParse(example.Id, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var n) && n.ToString(System.Globalization.CultureInfo.InvariantCulture) == example.Id)
                    json.WriteNumber("idx", n);
                else json.WriteString("idx", example.Id);
                if (schema.Kind == LabelKind.Regression) json.WriteNumber("prediction", double.Parse(prediction, System.Globalization.CultureInfo.InvariantCulture));
                else json.WriteString("prediction", prediction);
                json.WriteEndObject();
            }
            buffer.WriteByte((byte)'\n');
        }
        var folder = Path.GetDirectoryName(Path.GetFullPath(path));
        if (folder != null) Directory.CreateDirectory(folder);
        AtomicFile.WriteAllBytes(path, buffer.ToArray());
    }
}
