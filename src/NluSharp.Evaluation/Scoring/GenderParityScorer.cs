// AX-g: gender parity over minimal pairs (the headline) and plain accuracy, as the SuperGLUE leaderboard shows them.
using NluSharp.Evaluation.Metrics;
using NluSharp.Evaluation.Tasks;

namespace NluSharp.Evaluation.Scoring;

/// <summary>Scores AX-g with <see cref="GenderParity"/> and accuracy.</summary>
public sealed class GenderParityScorer(BenchmarkTask task) : TaskScorer(task)
{
    readonly GenderParity _parity = new();
    readonly ConfusionMatrix _matrix = new(task.Labels.Count);

    /// <inheritdoc />
    protected override void AddLabeled(TaskExample example, string prediction)
    {
        CheckPredictedLabel(example, prediction);
        _parity.Add(example.Group!, prediction);
        _matrix.Add(Task.LabelIndex(example.Label!), Task.LabelIndex(prediction));
    }

    /// <inheritdoc />
    public override IReadOnlyDictionary<string, double> Metrics =>
        new Dictionary<string, double> { ["gender_parity"] = _parity.Value, ["accuracy"] = _matrix.Accuracy };
}
