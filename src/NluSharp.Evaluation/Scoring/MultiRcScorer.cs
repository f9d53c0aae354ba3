// MultiRC: every answer option is a 0/1 prediction; F1a over options, EM over questions.
using NluSharp.Evaluation.Metrics;
using NluSharp.Evaluation.Tasks;

namespace NluSharp.Evaluation.Scoring;

/// <summary>Scores MultiRC with F1a and EM (<see cref="MultiRcScore"/>).</summary>
public sealed class MultiRcScorer(BenchmarkTask task) : TaskScorer(task)
{
    readonly MultiRcScore _score = new();

    /// <inheritdoc />
    protected override void AddLabeled(TaskExample example, string prediction)
    {
        CheckPredictedLabel(example, prediction);
        _score.Add(example.Group!, Task.LabelIndex(example.Label!), Task.LabelIndex(prediction));
    }

    /// <inheritdoc />
    public override IReadOnlyDictionary<string, double> Metrics =>
        new Dictionary<string, double> { ["f1a"] = _score.F1a, ["em"] = _score.ExactMatch };
}
