// The trainer loop on the small test model: learning, logging, evaluation, checkpoints and rotation, early stopping,
// best-model reload, resume through the trainer (bit-exact weights and identical metrics), gradient accumulation and
// thread-count independence.
using System.Text.Json;
using NluSharp.Engine;
using NluSharp.Training.Checkpointing;
using NluSharp.Training.Data;
using NluSharp.Training.Losses;
using NluSharp.Training.Model;
using NluSharp.Training.Tests.Checkpointing;
using NluSharp.Training.Tests.TestModel;
using NluSharp.Training.Trainers;

namespace NluSharp.Training.Tests.Trainers;

sealed class SyncProgress(Action<TrainingProgress> onEvent) : IProgress<TrainingProgress>
{
    public void Report(TrainingProgress value) => onEvent(value);
}

public sealed class TrainerTests : IDisposable
{
    readonly string root = Path.Combine(Path.GetTempPath(), "nlusharp-trainer-" + Guid.NewGuid().ToString("N"));
    public void Dispose() { if (Directory.Exists(root)) Directory.Delete(root, recursive: true); }

    static readonly List<TrainingExample> Train = SmallEncoder.Dataset(96, seed: 1);
    static readonly List<TrainingExample> Validation = SmallEncoder.Dataset(48, seed: 2);

    static EvaluationResult Evaluate(ITrainableModel m) =>
        ModelEvaluator.Classification(m, Validation, 16, TrainingLoss.CrossEntropy(), labelNames: ["zero", "one", "two"]);

    TrainerOptions Options(string name) => new()
    {
        OutputDir = Path.Combine(root, name), MaxSteps = 24, PerDeviceTrainBatchSize = 8, GradientAccumulationSteps = 2,
        LearningRate = 1e-2, WeightDecay = 0.01, WarmupRatio = 0.1, LoggingSteps = 5, EvalStrategy = IntervalStrategy.Steps,
        EvalSteps = 4, SaveSteps = 4, Seed = 7, GroupByLength = true,
    };

    static List<string> MetricLinesWithoutRuntime(string output) =>
        File.ReadAllLines(Path.Combine(output, MetricsLog.FileName)).Where(l => !l.Contains("train_runtime")).ToList();

    [Fact]
    public void TrainsLogsEvaluatesAndCheckpoints()
    {
        var model = new SmallEncoder(3);
        var events = new List<TrainingProgress>();
        var options = Options("basic") with { SaveTotalLimit = 2, MetricForBestModel = "accuracy", MaxSteps = 36 };
        var result = new Trainer(model, options, Train, TrainingLoss.CrossEntropy(), Evaluate, progress: new SyncProgress(events.Add)).Train();

        Assert.Equal(36, result.GlobalStep);
        var records = MetricsLog.Read(Path.Combine(options.OutputDir, MetricsLog.FileName));
        var losses = records.Where(r => r.ContainsKey("loss")).ToList();
        Assert.Equal(new double[] { 5, 10, 15, 20, 25, 30, 35, 36 }, losses.Select(r => r["step"]));
        Assert.True(losses[^1]["loss"] < 0.8 * losses[0]["loss"], $"training loss should fall: {losses[0]["loss"]} → {losses[^1]["loss"]}");
        Assert.All(losses, r => Assert.True(r["learning_rate"] >= 0 && r["grad_norm"] > 0));
        var evals = records.Where(r => r.ContainsKey("eval_accuracy")).ToList();
        Assert.Equal(9, evals.Count);
        Assert.True(evals.Max(r => r["eval_accuracy"]) > 0.5, $"the toy task is learnable well above chance (1/3): {string.Join(", ", evals.Select(r => r["eval_accuracy"]))}");
        Assert.Contains(records, r => r.ContainsKey("train_runtime"));

        // Keep the last 2 plus the best.
        var kept = CheckpointFolders.List(options.OutputDir).Select(c => c.Step).ToList();
        var best = Path.GetFileName(result.BestModelCheckpoint!);
        Assert.Contains(32, kept); Assert.Contains(36, kept);
        Assert.Contains(kept, s => "checkpoint-" + s == best);
        Assert.InRange(kept.Count, 2, 3);
        Assert.Equal(evals.Max(r => r["eval_accuracy"]), result.BestMetric);

        var folder = Path.Combine(options.OutputDir, "checkpoint-36");
        foreach (var f in new[] { "model.safetensors", "config.json", "optimizer.safetensors", "optimizer.json", "scheduler.json", "rng_state.json", "data_state.json", "trainer_state.json" })
            Assert.True(File.Exists(Path.Combine(folder, f)), $"checkpoint-36 lacks {f}");
        using var state = JsonDocument.Parse(File.ReadAllText(Path.Combine(folder, "trainer_state.json")));
        foreach (var field in new[] { "best_metric", "best_model_checkpoint", "epoch", "eval_steps", "global_step", "log_history", "logging_steps", "max_steps", "save_steps", "train_batch_size", "num_train_epochs", "stateful_callbacks" })
            Assert.True(state.RootElement.TryGetProperty(field, out _), $"trainer_state.json lacks HF field {field}");
        Assert.Equal(36, state.RootElement.GetProperty("global_step").GetInt32());
        Assert.True(File.Exists(Path.Combine(options.OutputDir, "model.safetensors")));
        Assert.True(File.Exists(Path.Combine(options.OutputDir, ConfusionFile.FileName)));
        Assert.True(File.Exists(Path.Combine(options.OutputDir, RunInfo.FileName)));
        Assert.True(File.Exists(Path.Combine(options.OutputDir, "report.html")));

        Assert.Equal(36, events.Count(e => e.Kind == ProgressKind.Step));
        Assert.Equal(9, events.Count(e => e.Kind == ProgressKind.Evaluation));
        Assert.Equal(ProgressKind.Finished, events[^1].Kind);
        Assert.All(events.Where(e => e.Kind == ProgressKind.Step), e => Assert.True(e.SequencesPerSecond > 0 && e.Eta != null));
    }

    [Fact]
    public void ResumeThroughTheTrainerIsBitExact()
    {
        var full = new SmallEncoder(3);
        var fullOptions = Options("full");
        new Trainer(full, fullOptions, Train, TrainingLoss.CrossEntropy(0.1), Evaluate).Train();

        // Killed at step 15: checkpoint-12 is the last complete one; a save of checkpoint-16 would have failed half-way.
        var options = Options("interrupted");
        var first = new SmallEncoder(3);
        using var cancel = new CancellationTokenSource();
        var trainer = new Trainer(first, options, Train, TrainingLoss.CrossEntropy(0.1), Evaluate,
            progress: new SyncProgress(e => { if (e.Kind == ProgressKind.Step && e.Step == 15) cancel.Cancel(); }));
        Assert.Throws<OperationCanceledException>(() => trainer.Train(cancel.Token));
        Directory.CreateDirectory(Path.Combine(options.OutputDir, ".checkpoint-16.partial-2147483647-dead"));
        File.WriteAllText(Path.Combine(options.OutputDir, MetricsLog.FileName), File.ReadAllText(Path.Combine(options.OutputDir, MetricsLog.FileName)) + "{\"loss\":0.5,\"st");

        var resumedModel = new SmallEncoder(1234);
        var result = new Trainer(resumedModel, options with { ResumeFromCheckpoint = "latest" }, Train, TrainingLoss.CrossEntropy(0.1), Evaluate).Train();
        Assert.EndsWith("checkpoint-12", result.ResumedFrom);
        Assert.False(Directory.Exists(Path.Combine(options.OutputDir, ".checkpoint-16.partial-2147483647-dead")));
        ResumeTests.AssertBitwiseEqual(full.Snapshot(), resumedModel.Snapshot());
        Assert.Equal(MetricLinesWithoutRuntime(fullOptions.OutputDir), MetricLinesWithoutRuntime(options.OutputDir));
        Assert.Equal(File.ReadAllBytes(Path.Combine(fullOptions.OutputDir, "checkpoint-24", "optimizer.safetensors")),
                     File.ReadAllBytes(Path.Combine(options.OutputDir, "checkpoint-24", "optimizer.safetensors")));
    }

    [Fact]
    public void FailedSaveLeavesNoCheckpointAndResumeStillWorks()
    {
        var options = Options("failedsave") with { MaxSteps = 12, EvalStrategy = IntervalStrategy.No };
        var model = new SmallEncoder(3) { FailSaveConfig = call => call == 2 };   // the save at step 8 fails
        Assert.Throws<IOException>(() => new Trainer(model, options, Train, TrainingLoss.CrossEntropy()).Train());
        Assert.Equal([4L], CheckpointFolders.List(options.OutputDir).Select(c => c.Step));
        Assert.Empty(Directory.GetDirectories(options.OutputDir, ".checkpoint-*"));

        var reference = new SmallEncoder(3);
        new Trainer(reference, options with { OutputDir = Path.Combine(root, "failedsave-ref") }, Train, TrainingLoss.CrossEntropy()).Train();
        var resumed = new SmallEncoder(99);
        new Trainer(resumed, options with { ResumeFromCheckpoint = "latest" }, Train, TrainingLoss.CrossEntropy()).Train();
        ResumeTests.AssertBitwiseEqual(reference.Snapshot(), resumed.Snapshot());
    }

    [Fact]
    public void EarlyStoppingWithPatienceAndBestModelReload()
    {
        double[] scripted = [0.5, 0.6, 0.55, 0.58, 0.9];   // patience 2: stops after the 4th evaluation
        int calls = 0;
        float[]? weightsAtBest = null;
        var model = new SmallEncoder(3);
        EvaluationResult Scripted(ITrainableModel m)
        {
            if (calls == 1) weightsAtBest = model.Snapshot();
            return new EvaluationResult(new Dictionary<string, double> { ["accuracy"] = scripted[calls++] });
        }
        var options = Options("early") with
        {
            MetricForBestModel = "accuracy", EarlyStoppingPatience = 2, LoadBestModelAtEnd = true, SaveTotalLimit = 1, MaxSteps = 40,
        };
        var result = new Trainer(model, options, Train, TrainingLoss.CrossEntropy(), Scripted).Train();
        Assert.True(result.StoppedEarly);
        Assert.Equal(16, result.GlobalStep);
        Assert.Equal(0.6, result.BestMetric);
        Assert.EndsWith("checkpoint-8", result.BestModelCheckpoint);
        Assert.Equal([8L, 16L], CheckpointFolders.List(options.OutputDir).Select(c => c.Step));   // best + last 1
        ResumeTests.AssertBitwiseEqual(weightsAtBest!, model.Snapshot());                        // best reloaded at the end
        var state = TrainerState.Load(Path.Combine(options.OutputDir, "checkpoint-16"));
        Assert.Equal(2, state.EarlyStoppingPatienceCounter);
    }

    [Fact]
    public void PerEpochEvaluationAndCheckpoints()
    {
        // 96 examples / batch 8 / accumulation 2 = 6 steps per epoch.
        var options = Options("epochs") with
        {
            MaxSteps = -1, NumTrainEpochs = 2, EvalStrategy = IntervalStrategy.Epoch, SaveStrategy = IntervalStrategy.Epoch,
            MetricForBestModel = "accuracy", LoadBestModelAtEnd = true, Optimizer = OptimizerKind.Sgd, LearningRate = 0.05,
        };
        var result = new Trainer(new SmallEncoder(3), options, Train, TrainingLoss.CrossEntropy(), Evaluate).Train();
        Assert.Equal(12, result.GlobalStep);
        var evals = MetricsLog.Read(Path.Combine(options.OutputDir, MetricsLog.FileName)).Where(r => r.ContainsKey("eval_accuracy")).ToList();
        Assert.Equal(new double[] { 6, 12 }, evals.Select(r => r["step"]));
        Assert.Equal(new double[] { 1, 2 }, evals.Select(r => r["epoch"]));
        Assert.Equal([6L, 12L], CheckpointFolders.List(options.OutputDir).Select(c => c.Step));
        Assert.Equal("sgd", OptimizerStateFile.Load(Path.Combine(options.OutputDir, "checkpoint-12")).Kind);
        Assert.Equal(new DataPosition(2, 0), DataStateFile.Load(Path.Combine(options.OutputDir, "checkpoint-12")));
    }

    [Fact]
    public void GradientAccumulationMatchesOneLargeBatch()
    {
        // Without dropout, 2 micro-batches of 8 average to the gradient of one batch of 16 (up to float rounding).
        var options = Options("ga") with { EvalStrategy = IntervalStrategy.No, SaveStrategy = IntervalStrategy.No, MaxSteps = 6, GroupByLength = false };
        var accumulated = new SmallEncoder(3, dropout: 0);
        new Trainer(accumulated, options, Train, TrainingLoss.CrossEntropy()).Train();
        var large = new SmallEncoder(3, dropout: 0);
        new Trainer(large, options with { OutputDir = Path.Combine(root, "ga-large"), PerDeviceTrainBatchSize = 16, GradientAccumulationSteps = 1 },
            Train, TrainingLoss.CrossEntropy()).Train();
        // Attention key biases get an analytically zero gradient: Adam turns its rounding noise into ±lr steps, so
        // they are compared against Σlr only (as the fixtures' README explains).
        for (int p = 0; p < accumulated.Parameters.Count; p++)
        {
            var (name, a, b) = (accumulated.Parameters[p].Name, accumulated.Parameters[p].Value.ToArray(), large.Parameters[p].Value.ToArray());
            double tolerance = name.EndsWith("key.bias") ? 6 * 1e-2 : 2e-5;
            for (int i = 0; i < a.Length; i++) Assert.True(Math.Abs(a[i] - b[i]) <= tolerance, $"{name}[{i}]: {a[i]} vs {b[i]}");
        }
        Assert.NotEqual(new SmallEncoder(3, dropout: 0).Snapshot(), accumulated.Snapshot());
    }

    [Fact]
    public void SameWeightsWithOneAndTwoThreads()
    {
        float[] Run(int threads)
        {
            int saved = Threads.Count;
            try
            {
                Threads.Count = threads;
                // A 4000 × 64 embedding (256K elements) makes AdamW split its update over both threads.
                var m = new SmallEncoder(5, vocab: 4000, hidden: 64, heads: 4);
                new Trainer(m, Options($"threads{threads}") with { EvalStrategy = IntervalStrategy.No, SaveStrategy = IntervalStrategy.No, MaxSteps = 8 },
                    Train, TrainingLoss.CrossEntropy()).Train();
                return m.Snapshot();
            }
            finally { Threads.Count = saved; }
        }
        ResumeTests.AssertBitwiseEqual(Run(1), Run(2));
    }

    [Fact]
    public void InconsistentOptionsAreRejected()
    {
        var model = new SmallEncoder(1);
        Assert.Contains("eval strategy", Assert.Throws<ArgumentException>(() =>
            new Trainer(model, Options("x") with { EvalStrategy = IntervalStrategy.No, EarlyStoppingPatience = 2 }, Train, TrainingLoss.CrossEntropy())).Message);
        Assert.Contains("multiple of eval steps", Assert.Throws<ArgumentException>(() =>
            new Trainer(model, Options("x") with { LoadBestModelAtEnd = true, SaveSteps = 6 }, Train, TrainingLoss.CrossEntropy(), Evaluate)).Message);
        Assert.Contains("callback", Assert.Throws<ArgumentException>(() =>
            new Trainer(model, Options("x"), Train, TrainingLoss.CrossEntropy())).Message);
        var missing = Assert.Throws<DirectoryNotFoundException>(() =>
            new Trainer(model, Options("nothing") with { ResumeFromCheckpoint = "latest" }, Train, TrainingLoss.CrossEntropy(), Evaluate).Train());
        Assert.Contains("no complete checkpoint", missing.Message);
    }
}
