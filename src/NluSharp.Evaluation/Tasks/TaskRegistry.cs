// Every GLUE and SuperGLUE task by name, and where each split's file lives under a data folder laid out as the
// official download scripts leave it (glue_data/SST-2/dev.tsv, SuperGLUE's CB/val.jsonl, FewGLUE's CB/dev32.jsonl)
// or the task's own folder.
using NluSharp.Evaluation.Tasks.Glue;
using NluSharp.Evaluation.Tasks.SuperGlue;

namespace NluSharp.Evaluation.Tasks;

/// <summary>Task lookup and data-folder resolution.</summary>
public static class TaskRegistry
{
    /// <summary>All tasks: GLUE first, then SuperGLUE.</summary>
    public static readonly IReadOnlyList<BenchmarkTask> All = [.. GlueTasks.All, .. SuperGlueTasks.All];

    /// <summary>
    /// Finds a task by full name ("glue/rte"), short name ("sst2") or official folder name ("SST-2"), ignoring case.
    /// A short name both benchmarks use (rte) is settled by which files exist under <paramref name="dataDir"/>.
    /// </summary>
    public static BenchmarkTask Find(string name, string? dataDir = null)
    {
        var matches = All.Where(t => Matches(t, name)).ToList();
        if (matches.Count == 0)
            throw new ArgumentException($"unknown task '{name}'; known tasks: {string.Join(", ", All.Select(t => t.FullName))}");
        if (matches.Count > 1 && dataDir is not null)
        {
            var present = matches.Where(t => t.Splits.Any(s => TryFindSplitFile(t, dataDir, s) is not null)).ToList();
            if (present.Count == 1) return present[0];
        }
        if (matches.Count > 1)
            throw new ArgumentException($"task name '{name}' is ambiguous: {string.Join(" or ", matches.Select(t => t.FullName))}; use the full name");
        return matches[0];
    }

    static bool Matches(BenchmarkTask t, string name) =>
        string.Equals(t.FullName, name, StringComparison.OrdinalIgnoreCase) ||
        string.Equals(t.Name, name, StringComparison.OrdinalIgnoreCase) ||
        // MNLI's folder holds two tasks; its folder name means the matched one.
        (string.Equals(t.Folder, name, StringComparison.OrdinalIgnoreCase) && t.Name != "mnli-mm");

    /// <summary>
    /// The file of <paramref name="split"/> under <paramref name="dataDir"/>: <c>dataDir/Folder/file</c> when
    /// dataDir is a benchmark root, else <c>dataDir/file</c> when it is the task's own folder.
    /// </summary>
    public static string FindSplitFile(BenchmarkTask task, string dataDir, string split)
    {
        if (!Directory.Exists(dataDir)) throw new DirectoryNotFoundException($"data folder not found: {dataDir}");
        var s = task.Split(split);
        return TryFindSplitFile(task, dataDir, s)
            ?? throw new FileNotFoundException($"no '{s.Name}' file for {task.FullName} under {dataDir}; looked for " +
                string.Join(", ", Candidates(task, dataDir, s)));
    }

    /// <summary>The splits of <paramref name="task"/> that have a file under <paramref name="dataDir"/>.</summary>
    public static IReadOnlyList<(TaskSplit Split, string Path)> AvailableSplits(BenchmarkTask task, string dataDir) =>
        task.Splits.Select(s => (s, TryFindSplitFile(task, dataDir, s))).Where(p => p.Item2 is not null)
            .Select(p => (p.s, p.Item2!)).ToList();

    static string? TryFindSplitFile(BenchmarkTask task, string dataDir, TaskSplit split) =>
        Candidates(task, dataDir, split).FirstOrDefault(File.Exists);

    static IEnumerable<string> Candidates(BenchmarkTask task, string dataDir, TaskSplit split)
    {
        foreach (var file in split.FileNames) yield return Path.Combine(dataDir, task.Folder, file);
        // The task's own folder: accepted only when it is named like the task, so a GLUE root's stray dev.tsv
        // never passes for another task's.
        if (string.Equals(Path.GetFileName(Path.TrimEndingDirectorySeparator(Path.GetFullPath(dataDir))), task.Folder, StringComparison.OrdinalIgnoreCase))
            foreach (var file in split.FileNames) yield return Path.Combine(dataDir, file);
    }
}
