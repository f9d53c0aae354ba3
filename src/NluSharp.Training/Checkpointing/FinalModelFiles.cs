// The final model in the output folder (model.safetensors, config.json, tokenizer files, trainer_state.json, as
// trainer.save_model() lays it out, so `nlu train --model OUTPUT` and Hugging Face load it) is committed as a whole:
//   1. every file is written into a hidden sibling `.final.partial-PID-GUID/` (a kill here leaves the old set untouched,
//      and the partial folder is removed at the next start once PID is dead);
//   2. that folder is renamed to `.final.commit-PID-GUID/` — the commit point (one rename, atomic);
//   3. each file is renamed over its target (weights first, trainer_state.json last), and the empty folder is deleted.
// A kill during step 3 (a handful of rename calls) leaves the commit folder, and the next run on the folder (or any
// caller of RollForward) finishes the renames before anything else. So the folder holds the old set, the new set, or a
// decided commit that is completed on the next start — never a half-written file or a new config over old weights
// that stays.

namespace NluSharp.Training.Checkpointing;

/// <summary>Atomic replacement of the final model files of an output folder.</summary>
public static class FinalModelFiles
{
    const string StagingPrefix = ".final.partial-";
    const string CommitPrefix = ".final.commit-";

    /// <summary>
    /// Runs <paramref name="write"/> on a hidden staging folder inside <paramref name="outputDir"/>, then commits its files
    /// into <paramref name="outputDir"/> as described in the file header; <paramref name="lastFile"/> is moved last.
    /// </summary>
    public static void Write(string outputDir, Action<string> write, string lastFile = TrainerState.FileName)
    {
        var id = $"{Environment.ProcessId}-{Guid.NewGuid():N}";
        var staging = Path.Combine(outputDir, StagingPrefix + id);
        Directory.CreateDirectory(staging);
        try { write(staging); }
        catch
        {
            try { Directory.Delete(staging, recursive: true); } catch (IOException) { }
            throw;
        }
        var commit = Path.Combine(outputDir, CommitPrefix + id);
        Directory.Move(staging, commit);
        Complete(outputDir, commit, lastFile);
    }

    /// <summary>Completes commits that a killed process decided but did not finish (call while holding the folder's lock).</summary>
    public static void RollForward(string outputDir, string lastFile = TrainerState.FileName)
    {
        if (!Directory.Exists(outputDir)) return;
        foreach (var commit in Directory.EnumerateDirectories(outputDir, CommitPrefix + "*").Order(StringComparer.Ordinal))
            Complete(outputDir, commit, lastFile);
    }

    static void Complete(string outputDir, string commit, string lastFile)
    {
        var files = Directory.GetFiles(commit).OrderBy(f => Path.GetFileName(f) == lastFile ? 2 : Path.GetFileName(f) == TrainingCheckpoint.WeightsFile ? 0 : 1)
            .ThenBy(f => f, StringComparer.Ordinal);
        foreach (var file in files) File.Move(file, Path.Combine(outputDir, Path.GetFileName(file)), overwrite: true);
        Directory.Delete(commit, recursive: true);
    }
}
