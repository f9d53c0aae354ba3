// The losses of Hugging Face's sequence/token classification heads (modeling_bert.py BertForSequenceClassification):
// problem_type "regression" → MSE, "single_label_classification" → cross-entropy, "multi_label_classification" →
// BCE-with-logits; when problem_type is unset it is inferred from num_labels and the label type.
using NluSharp.Checkpoints.Configs;
using NluSharp.Engine;
using NluSharp.Nn;

namespace NluSharp.Models;

/// <summary>Sequence-classification loss by problem type.</summary>
public static class ClassificationLoss
{
    /// <summary>config "problem_type", or null when unset.</summary>
    public static string? ProblemType(ModelConfig config) =>
        config.Fields["problem_type"] is System.Text.Json.Nodes.JsonValue v && v.TryGetValue<string>(out var s) ? s : null;

    /// <summary>The loss for logits [B, num_labels], or null when labels carry no targets for it.</summary>
    public static Tensor<float>? Compute(ModelConfig config, Tensor<float> logits, TaskLabels? labels)
    {
        if (labels == null || (labels.Classes == null && labels.Values == null)) return null;
        int numLabels = logits.Size(-1);
        var problem = ProblemType(config)
            ?? (numLabels == 1 ? "regression" : labels.Classes != null ? "single_label_classification" : "multi_label_classification");
        switch (problem)
        {
            case "regression":
                var target = labels.Values ?? throw new ArgumentException("regression needs float labels (TaskLabels.Values)");
                // HF: MSE(logits.squeeze(), labels.squeeze()) for one label, else MSE(logits, labels).
                return numLabels == 1 ? logits.Reshape(-1).MseLoss(target.Reshape(-1)) : logits.MseLoss(target);
            case "single_label_classification":
                var classes = labels.Classes ?? throw new ArgumentException("single-label classification needs integer labels (TaskLabels.Classes)");
                return logits.Reshape(-1, numLabels).CrossEntropy(classes.Reshape(-1));
            case "multi_label_classification":
                var values = labels.Values ?? throw new ArgumentException("multi-label classification needs float labels [batch, num_labels] (TaskLabels.Values)");
                return Losses.BinaryCrossEntropyWithLogits(logits, values);
            default:
                throw new ArgumentException($"{config.SourcePath}: config field 'problem_type' is \"{problem}\", expected regression, single_label_classification or multi_label_classification");
        }
    }
}
