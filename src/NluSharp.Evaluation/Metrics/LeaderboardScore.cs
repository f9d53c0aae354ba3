// The single-number GLUE and SuperGLUE scores, computed as the leaderboards do: each task's headline is the mean of
// its official metrics, MNLI matched and mismatched count as one task, the diagnostics (AX, AX-b, AX-g) are left out,
// and the score is the unweighted mean of the task headlines.
namespace NluSharp.Evaluation.Metrics;

/// <summary>Aggregate benchmark scores from per-task metric values (fractions or percentages, whichever is given).</summary>
public static class LeaderboardScore
{
    /// <summary>The nine tasks in the GLUE score. "mnli" holds both "matched" and "mismatched" accuracy.</summary>
    public static readonly IReadOnlyList<string> GlueTasks = ["cola", "sst2", "mrpc", "stsb", "qqp", "mnli", "qnli", "rte", "wnli"];

    /// <summary>The eight tasks in the SuperGLUE score.</summary>
    public static readonly IReadOnlyList<string> SuperGlueTasks = ["boolq", "cb", "copa", "multirc", "record", "rte", "wic", "wsc"];

    static readonly HashSet<string> Diagnostics = ["ax", "axb", "axg"];

    /// <summary>GLUE score: mean over <see cref="GlueTasks"/> of the mean of each task's metrics.</summary>
    public static double Glue(IReadOnlyDictionary<string, IReadOnlyDictionary<string, double>> metricsPerTask) =>
        Aggregate("GLUE", GlueTasks, metricsPerTask);

    /// <summary>SuperGLUE score: mean over <see cref="SuperGlueTasks"/> of the mean of each task's metrics.</summary>
    public static double SuperGlue(IReadOnlyDictionary<string, IReadOnlyDictionary<string, double>> metricsPerTask) =>
        Aggregate("SuperGLUE", SuperGlueTasks, metricsPerTask);

    /// <summary>A task's headline: the unweighted mean of its official metrics (one metric: that metric).</summary>
    public static double Headline(IReadOnlyDictionary<string, double> metrics)
    {
        if (metrics.Count == 0) throw new ArgumentException("a task needs at least one metric value to have a headline score");
        return metrics.Values.Average();
    }

    static double Aggregate(string benchmark, IReadOnlyList<string> tasks,
        IReadOnlyDictionary<string, IReadOnlyDictionary<string, double>> metricsPerTask)
    {
        var unknown = metricsPerTask.Keys.Where(k => !tasks.Contains(k) && !Diagnostics.Contains(k)).ToList();
        if (unknown.Count > 0)
            throw new ArgumentException($"{benchmark} score: unknown task(s) {string.Join(", ", unknown)}; expected {string.Join(", ", tasks)}");
        var missing = tasks.Where(t => !metricsPerTask.ContainsKey(t)).ToList();
        if (missing.Count > 0)
            throw new ArgumentException($"{benchmark} score needs all of {string.Join(", ", tasks)}; missing {string.Join(", ", missing)}");
        return tasks.Average(t => Headline(metricsPerTask[t]));
    }
}
