// Scores one task by streaming (example, prediction) pairs through the task's metrics.
using NluSharp.Evaluation.Tasks;

namespace NluSharp.Evaluation.Scoring;

/// <summary>Accumulates a task's metrics one prediction at a time.</summary>
public abstract class TaskScorer(BenchmarkTask task)
{
    /// <summary>The task being scored.</summary>
    public BenchmarkTask Task { get; } = task;

    /// <summary>
    /// Adds the prediction for one labeled example. <paramref name="prediction"/> is the label string as written in
    /// the data ("entailment", "1", "true"), the number for STS-B, or the entity text for ReCoRD.
    /// </summary>
    public void Add(TaskExample example, string prediction)
    {
        if (!example.IsLabeled)
            throw new InvalidDataException($"{example.Source}: example {example.Id} of {Task.FullName} has no gold label; only labeled splits can be scored");
        AddLabeled(example, prediction);
    }

    /// <summary>Adds one prediction for an example known to be labeled.</summary>
    protected abstract void AddLabeled(TaskExample example, string prediction);

    /// <summary>The metric values by name, as fractions (accuracy 0.91, not 91).</summary>
    public abstract IReadOnlyDictionary<string, double> Metrics { get; }

    /// <summary>The headline score: mean of <see cref="BenchmarkTask.HeadlineMetrics"/>.</summary>
    public double Score
    {
        get
        {
            var metrics = Metrics;
            return Task.HeadlineMetrics.Average(m => metrics[m]);
        }
    }

    /// <summary>Checks that a predicted label is one of the task's labels, naming it and the known set if not.</summary>
    protected string CheckPredictedLabel(TaskExample example, string prediction) =>
        Task.CheckLabel(prediction, $"prediction for {Task.FullName} example {example.Id}");
}
