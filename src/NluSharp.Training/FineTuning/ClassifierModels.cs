// Building the *ForSequenceClassification model a fine-tuning run trains or evaluates, as transformers'
// AutoModelForSequenceClassification does: a fresh encoder from a config, a pretrained encoder with a new head
// (missing/unexpected keys reported), or an already fine-tuned folder whose labels must match the task.
using System.Text.Json.Nodes;
using NluSharp.Checkpoints;
using NluSharp.Checkpoints.Configs;
using NluSharp.Evaluation.Datasets;
using NluSharp.Models;

namespace NluSharp.Training.FineTuning;

/// <summary>Creates and loads sequence-classification models for a label space.</summary>
public static class ClassifierModels
{
    /// <summary>"BertForSequenceClassification" etc. for a config's model_type.</summary>
    public static string ClassNameFor(ModelConfig config) => config.ModelType switch
    {
        "bert" => "BertForSequenceClassification",
        "roberta" => "RobertaForSequenceClassification",
        "distilbert" => "DistilBertForSequenceClassification",
        "albert" => "AlbertForSequenceClassification",
        "electra" => "ElectraForSequenceClassification",
        var other => throw new NotSupportedException($"{config.SourcePath}: model_type \"{other}\" has no sequence-classification class here; supported: bert, roberta, distilbert, albert, electra"),
    };

    /// <summary>The config with id2label/label2id and problem_type set for <paramref name="schema"/> (regression: one output).</summary>
    public static ModelConfig ForLabels(ModelConfig config, LabelSchema schema)
    {
        var labels = schema.Kind == LabelKind.Regression ? ["LABEL_0"] : schema.Classes;
        if (labels.Count == 0) throw new ArgumentException("the label space has no classes");
        var withLabels = ConfigOverrides.WithLabels(config, labels);
        var problem = schema.Kind switch
        {
            LabelKind.Regression => "regression",
            LabelKind.MultiLabel => "multi_label_classification",
            _ => "single_label_classification",
        };
        return ConfigOverrides.Apply(withLabels, new JsonObject { ["problem_type"] = problem });
    }

    /// <summary>A freshly initialized model for <paramref name="config"/> (Hugging Face initialization, seeded).</summary>
    public static SequenceClassificationModel Create(ModelConfig config, LabelSchema schema, int seed) =>
        (SequenceClassificationModel)ModelRegistry.Create(ClassNameFor(config), ForLabels(config, schema), seed);

    /// <summary>
    /// A pretrained checkpoint folder (any head, or a bare encoder) as a classifier for <paramref name="schema"/>: the
    /// encoder's weights are loaded, a head the checkpoint lacks is initialized from <paramref name="seed"/>, and the
    /// report lists missing and unexpected keys as from_pretrained warns. A classifier head of another size fails
    /// with the key and both shapes (transformers' ignore_mismatched_sizes=False).
    /// </summary>
    public static (SequenceClassificationModel Model, LoadReport Report) FromPretrained(string folder, LabelSchema schema, int seed)
    {
        var config = ModelConfig.Load(Path.Combine(RequireFolder(folder), "config.json"));
        var model = Create(config, schema, seed);
        using var checkpoint = Checkpoint.Open(folder);
        var report = StateDictLoader.Load(model, checkpoint);
        return (model, report);
    }

    /// <summary>
    /// A fine-tuned classifier folder, for evaluation: its class must be a *ForSequenceClassification and its labels
    /// (id2label, or one output for regression) those of <paramref name="schema"/>; missing weights are an error.
    /// </summary>
    public static SequenceClassificationModel LoadFineTuned(string folder, LabelSchema schema)
    {
        var config = ModelConfig.Load(Path.Combine(RequireFolder(folder), "config.json"));
        var className = config.Architectures.FirstOrDefault()
            ?? throw new InvalidDataException($"{config.SourcePath}: no \"architectures\" entry, so the model's head is unknown; fine-tune it with `nlu train --model {folder}` first");
        if (!className.EndsWith("ForSequenceClassification", StringComparison.Ordinal))
            throw new InvalidDataException($"{config.SourcePath}: the checkpoint is a {className}, not a sequence classifier; evaluate a folder written by `nlu train` (or fine-tune this one first)");
        var expected = schema.Kind == LabelKind.Regression ? ["LABEL_0"] : schema.Classes;
        var actual = Enumerable.Range(0, config.NumLabels).Select(i => config.Id2Label.TryGetValue(i, out var n) ? n : $"LABEL_{i}").ToList();
        bool matches = schema.Kind == LabelKind.Regression ? actual.Count == 1 : actual.SequenceEqual(expected);
        if (!matches)
            throw new InvalidDataException($"{config.SourcePath}: the model's labels are [{string.Join(", ", actual)}], the data's are [{string.Join(", ", expected)}]; was it trained on another task?");
        var (model, report) = Pretrained.Load(folder);
        if (report.MissingKeys.Count > 0)
            throw new InvalidDataException($"{folder}: the checkpoint lacks {report.MissingKeys.Count} weight(s) of {className}, e.g. {string.Join(", ", report.MissingKeys.Take(3))}");
        return (SequenceClassificationModel)model;
    }

    static string RequireFolder(string folder) =>
        Directory.Exists(folder) ? folder : throw new DirectoryNotFoundException($"model folder not found: {folder}");
}
