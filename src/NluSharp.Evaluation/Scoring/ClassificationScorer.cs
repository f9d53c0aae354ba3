// Classification tasks: accuracy, binary F1 (class "1"), macro-F1 and Matthews from one confusion matrix.
using NluSharp.Evaluation.Metrics;
using NluSharp.Evaluation.Tasks;

namespace NluSharp.Evaluation.Scoring;

/// <summary>Scores a classification task with whichever of accuracy, f1, macro_f1, matthews it reports.</summary>
public sealed class ClassificationScorer(BenchmarkTask task) : TaskScorer(task)
{
    readonly ConfusionMatrix _matrix = new(task.Labels.Count);

    /// <inheritdoc />
    protected override void AddLabeled(TaskExample example, string prediction)
    {
        CheckPredictedLabel(example, prediction);
        _matrix.Add(Task.LabelIndex(example.Label!), Task.LabelIndex(prediction));
    }

    /// <inheritdoc />
    public override IReadOnlyDictionary<string, double> Metrics => Task.Metrics.ToDictionary(m => m, m => m switch
    {
        "accuracy" => _matrix.Accuracy,
        // Binary F1 is of the positive class "1" (MRPC paraphrase, QQP duplicate), which GlueTasks puts at index 1.
        "f1" => _matrix.F1(Task.LabelIndex("1")),
        "macro_f1" => _matrix.MacroF1,
        "matthews" => _matrix.MatthewsCorrelation,
        _ => throw new InvalidOperationException($"{Task.FullName}: classification has no metric '{m}'"),
    });
}
