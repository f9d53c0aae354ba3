// Labeled texts from any source (a GLUE/SuperGLUE split, the generated demo suite, a user's CSV/TSV/JSONL) in one
// form, and their tokenization into trainer examples: text (pair) → ids with special tokens, truncated to the model's
// maximum as run_glue.py does (max_seq_length, longest-first), label string → class index or float target.
using System.Globalization;
using NluSharp.Evaluation.Datasets;
using NluSharp.Evaluation.Formats;
using NluSharp.Evaluation.Scoring;
using NluSharp.Evaluation.Tasks;
using NluSharp.Tokenizers;
using NluSharp.Training.Data;

namespace NluSharp.Training.FineTuning;

/// <summary>One text (pair) with its gold labels (empty when unlabeled) and where it came from.</summary>
/// <param name="Id">Prediction key: the task's example id, or the row number of a user file.</param>
/// <param name="Input">Text and optional pair.</param>
/// <param name="Labels">One label string (classification), one number (regression), any number (multi-label), or none.</param>
/// <param name="Source">File and line.</param>
/// <param name="Original">The benchmark example it came from, for the task's official scorer; null for other sources.</param>
public sealed record TextExample(string Id, TextInput Input, IReadOnlyList<string> Labels, SourceLocation Source, TaskExample? Original = null)
{
    /// <summary>Whether a gold answer is present.</summary>
    public bool IsLabeled => Labels.Count > 0;
}

/// <summary>Conversions to <see cref="TextExample"/> and tokenization to <see cref="TrainingExample"/>.</summary>
public static class TextExamples
{
    /// <summary>
    /// The label space of a benchmark task: its labels, or regression for STS-B. Multiple-choice tasks (COPA, ReCoRD)
    /// need a multiple-choice head and are refused here.
    /// </summary>
    public static LabelSchema SchemaOf(BenchmarkTask task)
    {
        if (task.CreateScorer() is RegressionScorer) return new LabelSchema(LabelKind.Regression, []);
        if (task.Labels.Count == 0 || task is NluSharp.Evaluation.Tasks.SuperGlue.CopaTask)
            throw new NotSupportedException($"task {task.FullName} is multiple choice; sequence-classification fine-tuning supports single-text and text-pair tasks");
        return new LabelSchema(LabelKind.SingleLabel, task.Labels);
    }

    /// <summary>A task example; marked spans (WiC, WSC) are written inline as *span*.</summary>
    public static TextExample From(TaskExample example, BenchmarkTask task)
    {
        if (example.Input is not TextInput text)
            throw new NotSupportedException($"{example.Source}: {task.FullName} examples are multiple choice; sequence-classification fine-tuning supports single-text and text-pair tasks");
        IReadOnlyList<string> labels = example.Label is { } l ? [l]
            : example.Target is { } t ? [t.ToString("R", CultureInfo.InvariantCulture)] : [];
        return new TextExample(example.Id, text.WithInlineMarkers(), labels, example.Source, example);
    }

    /// <summary>A row of a user dataset; its id is the 0-based row number.</summary>
    public static TextExample From(UserExample example) =>
        new(example.Row.ToString(CultureInfo.InvariantCulture), example.Input, example.Labels, example.Source);

    /// <summary>Reads a task split, failing on multiple-choice input with the row named.</summary>
    public static List<TextExample> Read(BenchmarkTask task, string splitPath) => task.Read(splitPath).Select(e => From(e, task)).ToList();

    /// <summary>
    /// Tokenizes <paramref name="examples"/> with <paramref name="tokenizer"/> (special tokens added, truncated to
    /// <paramref name="maxLength"/> tokens, no padding: the trainer pads each batch to its longest sequence).
    /// Unlabeled examples get label 0 / zero targets when <paramref name="requireLabels"/> is false; an unknown label
    /// fails naming the file and line.
    /// </summary>
    public static List<TrainingExample> Encode(IReadOnlyList<TextExample> examples, LabelSchema schema, Tokenizer tokenizer, int maxLength, bool requireLabels) =>
        Encode(examples, schema, tokenizer, maxLength, requireLabels, out _);

    /// <summary>As the other overload; <paramref name="truncated"/> counts the examples that were longer than <paramref name="maxLength"/>.</summary>
    public static List<TrainingExample> Encode(IReadOnlyList<TextExample> examples, LabelSchema schema, Tokenizer tokenizer, int maxLength, bool requireLabels, out int truncated)
    {
        truncated = 0;
        if (maxLength < 2) throw new ArgumentOutOfRangeException(nameof(maxLength), maxLength, "max sequence length must be at least 2 (room for the special tokens)");
        tokenizer.Truncation = new TruncationOptions(maxLength);
        tokenizer.Padding = null;
        var encoded = new List<TrainingExample>(examples.Count);
        foreach (var e in examples)
        {
            if (!e.IsLabeled && requireLabels) throw new InvalidDataException($"{e.Source}: example {e.Id} has no label; training and evaluation need labeled data");
            var encoding = tokenizer.Encode(e.Input.Text, e.Input.Pair);
            if (encoding.Overflowing.Count > 0) truncated++;   // truncation keeps the cut tokens as overflow, as HF
            var ids = encoding.Ids.ToArray();
            var types = encoding.TypeIds.ToArray();
            encoded.Add(schema.Kind switch
            {
                LabelKind.SingleLabel => new TrainingExample(ids, types, Label: e.IsLabeled ? SingleIndex(e, schema) : 0),
                LabelKind.Regression => new TrainingExample(ids, types, Targets: [e.IsLabeled ? (float)Target(e) : 0f]),
                _ => new TrainingExample(ids, types, Targets: MultiHot(e, schema)),
            });
        }
        return encoded;
    }

    static int SingleIndex(TextExample e, LabelSchema schema)
    {
        if (e.Labels.Count != 1) throw new InvalidDataException($"{e.Source}: expected one label, found {e.Labels.Count} ({string.Join(", ", e.Labels)})");
        return schema.IndexOf(e.Labels[0], e.Source.ToString());
    }

    static double Target(TextExample e) =>
        e.Labels.Count == 1 && double.TryParse(e.Labels[0], NumberStyles.Float, CultureInfo.InvariantCulture, out var v) && double.IsFinite(v) ? v
            : throw new InvalidDataException($"{e.Source}: expected one numeric regression target, found '{string.Join(", ", e.Labels)}'");

    static float[] MultiHot(TextExample e, LabelSchema schema)
    {
        var targets = new float[schema.Classes.Count];
        foreach (var label in e.Labels) targets[schema.IndexOf(label, e.Source.ToString())] = 1f;
        return targets;
    }

    /// <summary>
    /// The prediction as the data writes labels: the arg-max class (first on ties), the regression value, or for
    /// multi-label the classes whose sigmoid exceeds 0.5 joined with ",".
    /// </summary>
    public static string PredictionText(float[] logits, LabelSchema schema) => schema.Kind switch
    {
        LabelKind.SingleLabel => schema.Classes[Trainers.ModelEvaluator.ArgMax(logits)],
        LabelKind.Regression => logits[0].ToString("R", CultureInfo.InvariantCulture),
        _ => string.Join(",", Enumerable.Range(0, schema.Classes.Count).Where(i => logits[i] > 0).Select(i => schema.Classes[i])),
    };
}
