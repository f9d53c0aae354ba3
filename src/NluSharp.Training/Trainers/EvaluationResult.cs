// What an evaluation callback returns: metrics by name (without the "eval_" prefix) and, for classification, the
// confusion matrix and label names for the report.
using NluSharp.Evaluation.Metrics;

namespace NluSharp.Training.Trainers;

/// <summary>Result of evaluating the model.</summary>
/// <param name="Metrics">Metric values, e.g. {"loss": 0.41, "accuracy": 0.83}; the trainer logs them as "eval_loss", "eval_accuracy".</param>
/// <param name="Confusion">Confusion matrix for classification tasks.</param>
/// <param name="LabelNames">Class names in index order, for the report.</param>
public sealed record EvaluationResult(IReadOnlyDictionary<string, double> Metrics, ConfusionMatrix? Confusion = null, IReadOnlyList<string>? LabelNames = null);
