// ReCoRD: the predicted entity text against the gold answers (token F1 and EM, best over answers).
using NluSharp.Evaluation.Metrics;
using NluSharp.Evaluation.Tasks;

namespace NluSharp.Evaluation.Scoring;

/// <summary>Scores ReCoRD with <see cref="RecordScore"/>.</summary>
public sealed class RecordScorer(BenchmarkTask task) : TaskScorer(task)
{
    readonly RecordScore _score = new();

    /// <inheritdoc />
    protected override void AddLabeled(TaskExample example, string prediction) => _score.Add(prediction, example.Answers!);

    /// <inheritdoc />
    public override IReadOnlyDictionary<string, double> Metrics =>
        new Dictionary<string, double> { ["f1"] = _score.F1, ["em"] = _score.ExactMatch };
}
