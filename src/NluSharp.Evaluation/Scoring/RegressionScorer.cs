// STS-B: Pearson and Spearman correlation between predicted and gold similarity scores.
using System.Globalization;
using NluSharp.Evaluation.Metrics;
using NluSharp.Evaluation.Tasks;

namespace NluSharp.Evaluation.Scoring;

/// <summary>Scores a regression task with Pearson and Spearman correlation.</summary>
public sealed class RegressionScorer(BenchmarkTask task) : TaskScorer(task)
{
    readonly PearsonCorrelation _pearson = new();
    readonly SpearmanCorrelation _spearman = new();

    /// <inheritdoc />
    protected override void AddLabeled(TaskExample example, string prediction)
    {
        if (!double.TryParse(prediction, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) || !double.IsFinite(value))
            throw new InvalidDataException($"prediction for {Task.FullName} example {example.Id}: expected a number, found '{prediction}'");
        _pearson.Add(example.Target!.Value, value);
        _spearman.Add(example.Target!.Value, value);
    }

    /// <inheritdoc />
    public override IReadOnlyDictionary<string, double> Metrics =>
        new Dictionary<string, double> { ["pearson"] = _pearson.Value, ["spearman"] = _spearman.Value };
}
