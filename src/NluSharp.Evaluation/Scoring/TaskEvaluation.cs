// Scores a predictions file against one split of a task: reads the split lazily, checks the ids match exactly,
// and streams each (example, prediction) into the task's scorer.
using NluSharp.Evaluation.Tasks;

namespace NluSharp.Evaluation.Scoring;

/// <summary>The outcome of scoring one split: metrics as fractions and the headline score.</summary>
public sealed record ScoreResult(string Task, string Split, int Examples, IReadOnlyDictionary<string, double> Metrics, double Score);

/// <summary>Scores predictions files.</summary>
public static class TaskEvaluation
{
    /// <summary>Scores <paramref name="predictionsPath"/> against the split file <paramref name="splitPath"/>.</summary>
    public static ScoreResult Score(BenchmarkTask task, string splitName, string splitPath, string predictionsPath)
    {
        var predictions = PredictionFile.Read(predictionsPath);
        // First pass collects only ids (strings), so the id check can report every missing one before any scoring.
        var ids = new HashSet<string>(StringComparer.Ordinal);
        foreach (var example in task.Read(splitPath))
            if (!ids.Add(example.Id))
                throw new InvalidDataException($"{example.Source}: id {example.Id} appears twice in {task.FullName} {splitName}");
        predictions.RequireExactly(ids, $"{task.FullName} {splitName}");
        var scorer = task.CreateScorer();
        foreach (var example in task.Read(splitPath))
        {
            predictions.TryGet(example.Id, out var prediction);
            scorer.Add(example, prediction);
        }
        return new ScoreResult(task.FullName, splitName, ids.Count, scorer.Metrics, scorer.Score);
    }
}
