// Whose output folder is it? A run may write into a folder that holds none of a run's files, or whose run_info.json
// describes this very run (same configuration and input fingerprints: a rerun or a resume). A folder holding another
// run's files (a different run_info.json, or checkpoints / model files without one) is refused unless
// OverwriteOutputDir (HF overwrite_output_dir), which first removes that run's checkpoints, logs and final model;
// --resume is refused there in any case. Files no run writes (a pretraining corpus cache, `nlu train --seeds`
// subfolders, the user's notes) never make a folder foreign and are never removed.
using System.Text.RegularExpressions;
using NluSharp.Training.Checkpointing;
using NluSharp.Training.Reporting;

namespace NluSharp.Training.Trainers;

/// <summary>The ownership check of an output folder at the start of a run.</summary>
public static partial class OutputFolder
{
    /// <summary>Options that steer a run without changing what it computes; a rerun may differ in them.</summary>
    static readonly HashSet<string> RunControlOptions =
        [nameof(TrainerOptions.OutputDir), nameof(TrainerOptions.ResumeFromCheckpoint), nameof(TrainerOptions.OverwriteOutputDir), nameof(TrainerOptions.WriteReport)];

    /// <summary>Files of the output folder's top level that a run writes (besides checkpoint-N folders and tokenizer files).</summary>
    static readonly string[] RunFiles =
    [
        RunInfo.FileName, MetricsLog.FileName, TrainerState.FileName, TrainingCheckpoint.WeightsFile, "config.json",
        ConfusionFile.FileName, HtmlReport.FileName, "eval_results.json", "eval_predictions.jsonl",
    ];

    [GeneratedRegex(@"^checkpoint-\d+$")]
    private static partial Regex CheckpointName();

    /// <summary>
    /// Checks that <paramref name="outputDir"/> may take the run described by <paramref name="run"/>, removing a foreign
    /// run's files when <see cref="TrainerOptions.OverwriteOutputDir"/> is set. Throws <see cref="IOException"/> naming the
    /// folder and what is in the way otherwise. Call it while holding the folder's <see cref="OutputLock"/>.
    /// </summary>
    public static void Claim(string outputDir, RunInfo run, TrainerOptions options)
    {
        var existing = RunFilesIn(outputDir, options);
        if (existing.Count == 0) return;
        var reason = Difference(outputDir, run);
        if (reason == null) return;   // this run's own folder
        if (options.ResumeFromCheckpoint != null)
            throw new IOException($"--resume: output folder {outputDir} holds another run ({reason}); resume with that run's options and data, or train into another folder");
        if (!options.OverwriteOutputDir)
            throw new IOException($"output folder {outputDir} holds another run's files ({reason}); pass --overwrite-output-dir to replace them, or choose another --output");
        foreach (var path in existing)
            if (Directory.Exists(path)) Directory.Delete(path, recursive: true);
            else File.Delete(path);
    }

    /// <summary>Null when <paramref name="outputDir"/>'s run_info.json describes <paramref name="run"/>, else what differs.</summary>
    public static string? Difference(string outputDir, RunInfo run)
    {
        RunInfo? saved;
        try { saved = RunInfo.Load(outputDir); }
        catch (InvalidDataException e) { return $"unreadable {RunInfo.FileName}: {e.Message}"; }
        if (saved == null) return $"no {RunInfo.FileName}";
        // A key the saved file lacks is an option added after that run was written: it ran with the option's default.
        foreach (var (key, value) in run.Config)
            if (!RunControlOptions.Contains(key) && saved.Config.TryGetValue(key, out var old) && old != value)
                return $"{RunInfo.FileName} has {key} = \"{old}\", this run \"{value}\"";
        foreach (var (key, value) in run.Fingerprints)
            if (!saved.Fingerprints.TryGetValue(key, out var old) || old != value)
                return $"{RunInfo.FileName} has another {key} fingerprint";
        return null;
    }

    static List<string> RunFilesIn(string outputDir, TrainerOptions options)
    {
        var found = new List<string>();
        if (!Directory.Exists(outputDir)) return found;
        var names = RunFiles.Concat(options.TokenizerFiles.Select(Path.GetFileName)).ToHashSet(StringComparer.Ordinal);
        foreach (var dir in Directory.EnumerateDirectories(outputDir))
            if (CheckpointName().IsMatch(Path.GetFileName(dir))) found.Add(dir);
        foreach (var file in Directory.EnumerateFiles(outputDir))
            if (names.Contains(Path.GetFileName(file))) found.Add(file);
        return found;
    }
}
