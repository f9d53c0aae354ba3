// An output folder belongs to one run (issue 23, findings 1, 2, 3 and 8): the lock refuses a second live run and takes
// over stale locks, start-up cleans only what dead processes left, another run's folder is refused unless
// OverwriteOutputDir (which removes that run's files first), the final model is replaced as a whole, and a resumed
// run reports the train_loss of the whole run.
using System.Diagnostics;
using NluSharp.Training.Checkpointing;
using NluSharp.Training.Data;
using NluSharp.Training.Losses;
using NluSharp.Training.Model;
using NluSharp.Training.Tests.TestModel;
using NluSharp.Training.Tests.Trainers;
using NluSharp.Training.Trainers;

namespace NluSharp.Training.Tests.Checkpointing;

public sealed class OutputFolderTests : IDisposable
{
    readonly string root = Directory.CreateTempSubdirectory("nlusharp-output-").FullName;
    public void Dispose() => Directory.Delete(root, recursive: true);

    /// <summary>A pid no process can have (above Linux's pid_max and Windows' range in practice).</summary>
    const int DeadPid = int.MaxValue;

    static readonly List<TrainingExample> Train = SmallEncoder.Dataset(48, seed: 1);

    TrainerOptions Options(string name) => new()
    {
        OutputDir = Path.Combine(root, name), MaxSteps = 12, PerDeviceTrainBatchSize = 8, LearningRate = 1e-2, LoggingSteps = 4,
        SaveSteps = 4, Seed = 7, WriteReport = false,
    };

    static TrainResult Run(TrainerOptions options, int initSeed = 3, SmallEncoder? model = null, IProgress<TrainingProgress>? progress = null,
        CancellationToken token = default) =>
        new Trainer(model ?? new SmallEncoder(initSeed), options, Train, TrainingLoss.CrossEntropy(), progress: progress).Train(token);

    /// <summary>Starts a process that stays alive while the test runs (a live pid that is not this process).</summary>
    static Process StartLiveProcess() =>
        Process.Start(new ProcessStartInfo(OperatingSystem.IsWindows() ? "ping" : "sleep", OperatingSystem.IsWindows() ? "-n 60 127.0.0.1" : "60")
            { RedirectStandardOutput = true })!;

    [Fact]
    public void TheLockRefusesALiveOwnerAndTakesOverStaleLocks()
    {
        var folder = Path.Combine(root, "locked");
        using (OutputLock.Acquire(folder))
        {
            var e = Assert.Throws<IOException>(() => OutputLock.Acquire(folder));
            Assert.Contains(folder, e.Message);
            Assert.Contains($"pid {Environment.ProcessId}", e.Message);
        }
        Assert.False(File.Exists(Path.Combine(folder, OutputLock.FileName)));   // released

        // A dead pid, and a live pid whose start time is not the lock's (the pid was reused): both stale.
        foreach (var stale in new[] { OutputLock.Describe(DeadPid, 1), OutputLock.Describe(Environment.ProcessId, 12345) })
        {
            File.WriteAllText(Path.Combine(folder, OutputLock.FileName), stale);
            using var taken = OutputLock.Acquire(folder);
            Assert.StartsWith($"{Environment.ProcessId} ", File.ReadAllText(Path.Combine(folder, OutputLock.FileName)));
        }
        Assert.Empty(Directory.GetFileSystemEntries(folder));   // released, and no moved-aside stale lock left
    }

    [Fact]
    public void StartUpRemovesOnlyWhatDeadProcessesLeft()
    {
        using var live = StartLiveProcess();
        try
        {
            string Dir(string name) { var p = Path.Combine(root, name); Directory.CreateDirectory(p); return p; }
            string FileAt(string name) { var p = Path.Combine(root, name); File.WriteAllText(p, "x"); return p; }
            var othersSave = Dir($".checkpoint-5.partial-{live.Id}-{Guid.NewGuid():N}");
            var othersTemp = FileAt($".model.safetensors.{live.Id}.{Guid.NewGuid():N}.tmp");
            var deadSave = Dir($".checkpoint-6.partial-{DeadPid}-{Guid.NewGuid():N}");
            var deadReplaced = Dir($".checkpoint-6.replaced-{DeadPid}-{Guid.NewGuid():N}");
            var deadFinal = Dir($".final.partial-{DeadPid}-{Guid.NewGuid():N}");
            var deadTemp = FileAt($".model.safetensors.{DeadPid}.{Guid.NewGuid():N}.tmp");
            var userFile = FileAt(".notes.tmp");

            CheckpointFolders.RemoveInterrupted(root);

            Assert.True(Directory.Exists(othersSave), "another live run's save in progress must be left alone");
            Assert.True(File.Exists(othersTemp));
            Assert.True(File.Exists(userFile));
            Assert.False(Directory.Exists(deadSave));
            Assert.False(Directory.Exists(deadReplaced));
            Assert.False(Directory.Exists(deadFinal));
            Assert.False(File.Exists(deadTemp), "a killed atomic write's temporary file is removed at the next start");
        }
        finally { live.Kill(); }
    }

    [Fact]
    public void ASecondRunOnALockedFolderFailsBeforeAnyWork()
    {
        var options = Options("busy");
        using var held = OutputLock.Acquire(options.OutputDir);   // "another run" (this process: alive, same start time)
        var e = Assert.Throws<IOException>(() => Run(options));
        Assert.Contains(options.OutputDir, e.Message);
        Assert.Contains($"pid {Environment.ProcessId}", e.Message);
        Assert.Equal([Path.Combine(options.OutputDir, OutputLock.FileName)], Directory.GetFileSystemEntries(options.OutputDir));
    }

    [Fact]
    public void AnotherRunsFolderIsRefusedUnlessOverwriteWhichRemovesItsFilesFirst()
    {
        var first = Options("reused");
        Run(first);
        Assert.True(Directory.Exists(Path.Combine(first.OutputDir, "checkpoint-12")));
        File.WriteAllText(Path.Combine(first.OutputDir, "notes.txt"), "mine");

        // Another configuration: refused, folder untouched.
        var second = first with { MaxSteps = 8, LearningRate = 2e-2 };
        var before = File.ReadAllBytes(Path.Combine(first.OutputDir, TrainingCheckpoint.WeightsFile));
        var e = Assert.Throws<IOException>(() => Run(second));
        Assert.Contains(first.OutputDir, e.Message);
        Assert.Contains("--overwrite-output-dir", e.Message);
        Assert.Equal(before, File.ReadAllBytes(Path.Combine(first.OutputDir, TrainingCheckpoint.WeightsFile)));
        Assert.Throws<IOException>(() => Run(second with { ResumeFromCheckpoint = "latest" }));   // --resume only in a folder of the same run

        // The same run again is this folder's own run.
        Run(first);

        // Overwrite: the old run's checkpoints go first, so --resume latest can never pick the old checkpoint-12.
        var result = Run(second with { OverwriteOutputDir = true });
        Assert.Equal(8, result.GlobalStep);
        Assert.Equal([4L, 8L], CheckpointFolders.List(first.OutputDir).Select(c => c.Step));
        Assert.Equal("mine", File.ReadAllText(Path.Combine(first.OutputDir, "notes.txt")));   // not a run's file: kept
        Assert.EndsWith("checkpoint-8", CheckpointFolders.Latest(first.OutputDir));
    }

    [Fact]
    public void AFolderWithAModelButNoRunInfoIsRefused()
    {
        var options = Options("model-folder");
        Directory.CreateDirectory(options.OutputDir);
        File.WriteAllText(Path.Combine(options.OutputDir, "config.json"), "{\"user\": true}");
        var e = Assert.Throws<IOException>(() => Run(options));
        Assert.Contains("no run_info.json", e.Message);
        Assert.Equal("{\"user\": true}", File.ReadAllText(Path.Combine(options.OutputDir, "config.json")));

        // Files no run writes (a corpus cache, seed-N folders) do not make a folder foreign.
        var other = Options("with-cache");
        Directory.CreateDirectory(Path.Combine(other.OutputDir, "corpus-tokens"));
        File.WriteAllText(Path.Combine(other.OutputDir, "task-text.txt"), "text");
        Assert.Equal(12, Run(other).GlobalStep);
    }

    [Fact]
    public void AFailedFinalSaveLeavesTheOldModelWhole()
    {
        var options = Options("final") with { SaveStrategy = IntervalStrategy.No };
        Run(options);
        var weights = File.ReadAllBytes(Path.Combine(options.OutputDir, TrainingCheckpoint.WeightsFile));
        var config = File.ReadAllText(Path.Combine(options.OutputDir, "config.json"));

        // The same run from other initial weights fails while writing config.json of the final model (the first save).
        var failing = new SmallEncoder(4) { FailSaveConfig = _ => true };
        Assert.Throws<IOException>(() => Run(options, model: failing));
        Assert.Equal(weights, File.ReadAllBytes(Path.Combine(options.OutputDir, TrainingCheckpoint.WeightsFile)));
        Assert.Equal(config, File.ReadAllText(Path.Combine(options.OutputDir, "config.json")));
        Assert.Empty(Directory.GetDirectories(options.OutputDir, ".final.*"));
        Assert.Empty(Directory.GetFiles(options.OutputDir, "*.tmp"));
    }

    [Fact]
    public void ADecidedCommitIsCompletedAtTheNextStart()
    {
        // What a kill between the commit rename and the last file rename leaves: the new weights already moved, the new
        // config and trainer state still in the commit folder.
        var commit = Path.Combine(root, $".final.commit-{DeadPid}-{Guid.NewGuid():N}");
        Directory.CreateDirectory(commit);
        File.WriteAllText(Path.Combine(root, TrainingCheckpoint.WeightsFile), "new weights");
        File.WriteAllText(Path.Combine(root, "config.json"), "old config");
        File.WriteAllText(Path.Combine(commit, "config.json"), "new config");
        File.WriteAllText(Path.Combine(commit, TrainerState.FileName), "new state");

        FinalModelFiles.RollForward(root);
        Assert.Equal("new config", File.ReadAllText(Path.Combine(root, "config.json")));
        Assert.Equal("new state", File.ReadAllText(Path.Combine(root, TrainerState.FileName)));
        Assert.False(Directory.Exists(commit));

        // A writer that fails leaves neither a staging folder nor a change.
        Assert.Throws<IOException>(() => FinalModelFiles.Write(root, folder =>
        {
            File.WriteAllText(Path.Combine(folder, TrainingCheckpoint.WeightsFile), "newer weights");
            throw new IOException("disk full");
        }));
        Assert.Equal("new weights", File.ReadAllText(Path.Combine(root, TrainingCheckpoint.WeightsFile)));
        Assert.Empty(Directory.GetDirectories(root, ".final.*"));
    }

    [Fact]
    public void AResumedRunReportsTheTrainLossOfTheWholeRun()
    {
        var full = Run(Options("full"));

        var options = Options("resumed");
        using var cancel = new CancellationTokenSource();
        Assert.Throws<OperationCanceledException>(() => Run(options,
            progress: new SyncProgress(e => { if (e.Kind == ProgressKind.Step && e.Step == 6) cancel.Cancel(); }), token: cancel.Token));
        var resumed = Run(options with { ResumeFromCheckpoint = "latest" }, initSeed: 99);

        Assert.EndsWith("checkpoint-4", resumed.ResumedFrom);
        Assert.Equal(full.TrainingLoss, resumed.TrainingLoss);
        double SummaryLoss(string dir) => MetricsLog.Read(Path.Combine(dir, MetricsLog.FileName)).Single(r => r.ContainsKey("train_loss"))["train_loss"];
        Assert.Equal(SummaryLoss(Options("full").OutputDir), SummaryLoss(options.OutputDir));
    }
}
