// The output folder's `checkpoint-N/` children: created atomically (written under a hidden temporary name, then
// renamed), found again for `--resume latest`, and rotated to keep the last K plus the best.
// A process killed mid-save leaves only a hidden `.checkpoint-N.partial-PID-*` folder, which is never taken for a
// checkpoint and is removed by the next run once process PID is gone (a live PID's folder is another run's save in
// progress and is left alone).
using System.Text.RegularExpressions;

namespace NluSharp.Training.Checkpointing;

/// <summary>Naming, atomic creation, discovery and rotation of checkpoint folders.</summary>
public static partial class CheckpointFolders
{
    /// <summary>Prefix of checkpoint folders (HF PREFIX_CHECKPOINT_DIR).</summary>
    public const string Prefix = "checkpoint";

    [GeneratedRegex(@"^checkpoint-(\d+)$")]
    private static partial Regex CheckpointName();

    /// <summary>The folder name for step <paramref name="step"/>: "checkpoint-N".</summary>
    public static string NameFor(long step) => $"{Prefix}-{step}";

    /// <summary>
    /// Creates <c>checkpoint-N</c> in <paramref name="outputDir"/>: runs <paramref name="write"/> on a hidden temporary
    /// folder beside it, then renames it into place. The <c>trainer_state.json</c> marker must be written by
    /// <paramref name="write"/> (last); an existing folder of the same name is replaced.
    /// </summary>
    public static string Create(string outputDir, long step, Action<string> write)
    {
        Directory.CreateDirectory(outputDir);
        var final = Path.Combine(outputDir, NameFor(step));
        var temp = Path.Combine(outputDir, $".{NameFor(step)}.partial-{Environment.ProcessId}-{Guid.NewGuid():N}");
        Directory.CreateDirectory(temp);
        try
        {
            write(temp);
            if (!File.Exists(Path.Combine(temp, TrainerState.FileName)))
                throw new InvalidOperationException($"checkpoint writer did not write {TrainerState.FileName} into {temp}");
        }
        catch
        {
            // A failed save (disk full, bad model file) leaves nothing behind; a killed process leaves `temp`,
            // which List() never returns and RemoveInterrupted() deletes.
            try { Directory.Delete(temp, recursive: true); } catch (IOException) { }
            throw;
        }
        if (Directory.Exists(final))
        {
            // Move the old one aside first so that `final` is always either the old or the new complete folder.
            var old = Path.Combine(outputDir, $".{NameFor(step)}.replaced-{Environment.ProcessId}-{Guid.NewGuid():N}");
            Directory.Move(final, old);
            Directory.Move(temp, final);
            Directory.Delete(old, recursive: true);
        }
        else Directory.Move(temp, final);
        return final;
    }

    /// <summary>Complete checkpoint folders of <paramref name="outputDir"/>, ordered by step.</summary>
    public static IReadOnlyList<(long Step, string Path)> List(string outputDir)
    {
        if (!Directory.Exists(outputDir)) return [];
        var found = new List<(long, string)>();
        foreach (var dir in Directory.EnumerateDirectories(outputDir))
        {
            var m = CheckpointName().Match(Path.GetFileName(dir));
            if (m.Success && long.TryParse(m.Groups[1].Value, out var step) && File.Exists(Path.Combine(dir, TrainerState.FileName)))
                found.Add((step, dir));
        }
        return found.OrderBy(f => f.Item1).ToList();
    }

    /// <summary>The checkpoint with the highest step, or null when there is none (HF get_last_checkpoint).</summary>
    public static string? Latest(string outputDir) => List(outputDir) is { Count: > 0 } all ? all[^1].Path : null;

    /// <summary>
    /// Resolves a <c>--resume</c> argument: "latest" (the newest complete checkpoint of <paramref name="outputDir"/>)
    /// or a checkpoint folder path. Throws with a message saying what was looked for.
    /// </summary>
    public static string Resolve(string resume, string outputDir)
    {
        if (string.Equals(resume, "latest", StringComparison.OrdinalIgnoreCase))
            return Latest(outputDir) ?? throw new DirectoryNotFoundException($"--resume latest: no complete checkpoint-N folder (with {TrainerState.FileName}) in {outputDir}");
        if (!Directory.Exists(resume)) throw new DirectoryNotFoundException($"--resume: checkpoint folder {resume} does not exist");
        if (!File.Exists(Path.Combine(resume, TrainerState.FileName)))
            throw new InvalidDataException($"--resume: {resume} is not a complete checkpoint (no {TrainerState.FileName})");
        return resume;
    }

    [GeneratedRegex(@"^\.(?:checkpoint-\d+|final)\.(?:partial|replaced)-(?:(\d+)-)?[0-9A-Za-z]+$")]
    private static partial Regex TemporaryFolderName();

    [GeneratedRegex(@"^\..+\.(\d+)\.[0-9a-f]{32}\.tmp$")]
    private static partial Regex TemporaryFileName();

    /// <summary>
    /// Deletes what interrupted writes of dead processes left in <paramref name="outputDir"/>: hidden
    /// <c>.checkpoint-N.partial-PID-*</c> / <c>.replaced-PID-*</c> and <c>.final.partial-PID-*</c> folders, and the
    /// <c>.NAME.PID.GUID.tmp</c> files of atomic writes. Anything whose PID is a live process other than this one is
    /// another run's write in progress and is kept; this process's own leftovers (an earlier failed run in this process)
    /// and names without a PID (older versions) are removed. Call it while holding the folder's <see cref="OutputLock"/>.
    /// </summary>
    public static void RemoveInterrupted(string outputDir)
    {
        if (!Directory.Exists(outputDir)) return;
        foreach (var dir in Directory.EnumerateDirectories(outputDir, ".*"))
            if (TemporaryFolderName().Match(Path.GetFileName(dir)) is { Success: true } m && IsDead(m.Groups[1]))
                Directory.Delete(dir, recursive: true);
        foreach (var file in Directory.EnumerateFiles(outputDir, ".*.tmp"))
            if (TemporaryFileName().Match(Path.GetFileName(file)) is { Success: true } m && IsDead(m.Groups[1]))
                File.Delete(file);

        static bool IsDead(Group pid) => !pid.Success || !int.TryParse(pid.Value, out var id) || id == Environment.ProcessId || !OutputLock.IsAlive(id);
    }

    /// <summary>
    /// Keeps the newest <paramref name="keepLast"/> checkpoints plus <paramref name="best"/> when it is older, deleting the
    /// rest (HF save_total_limit with load_best_model_at_end: the best checkpoint is never deleted).
    /// </summary>
    public static void Rotate(string outputDir, int keepLast, string? best)
    {
        if (keepLast <= 0) return;
        var all = List(outputDir);
        var bestFull = best == null ? null : Path.GetFullPath(best);
        foreach (var (_, path) in all.Take(Math.Max(0, all.Count - keepLast)))
            if (Path.GetFullPath(path) != bestFull) Directory.Delete(path, recursive: true);
    }
}
