// Bit-exact resume at the library level: N steps + checkpoint + restore into fresh objects + N steps gives the same
// weights, bit for bit, as 2N uninterrupted steps — with dropout, gradient accumulation, clipping, warmup and
// epoch boundaries in between, and with interrupted saves lying around that must never be taken for checkpoints.
using NluSharp.Engine;
using NluSharp.Training.Checkpointing;
using NluSharp.Training.Data;
using NluSharp.Training.Losses;
using NluSharp.Training.Model;
using NluSharp.Training.Optimization;
using NluSharp.Training.Schedules;
using NluSharp.Training.Tests.TestModel;

namespace NluSharp.Training.Tests.Checkpointing;

public sealed class ResumeTests : IDisposable
{
    readonly string dir = Path.Combine(Path.GetTempPath(), "nlusharp-resume-" + Guid.NewGuid().ToString("N"));
    public void Dispose() { if (Directory.Exists(dir)) Directory.Delete(dir, recursive: true); }

    const int Steps = 6, Accumulation = 2;
    static readonly RngState Rng = new(11, 12);
    static readonly List<TrainingExample> Data = SmallEncoder.Dataset(40, seed: 5);
    static readonly BatchPlan Plan = new(Data.Count, 4, Rng.DataSeed, Lengths: Data.Select(d => d.Length).ToList());   // 10 batches = 5 steps per epoch
    static readonly LearningRateSchedule Schedule = new(ScheduleKind.Linear, 5e-3, 2 * Steps, new Warmup(Steps: 3));

    sealed class Run
    {
        public readonly SmallEncoder Model;
        public readonly AdamW Optimizer;
        public readonly OptimizationStep Stepper;
        public DataStream Stream;

        public Run(int initSeed)
        {
            Model = new SmallEncoder(initSeed);
            Optimizer = new AdamW(WeightDecayGroups.Split(Model.Parameters, 0.01));
            Stepper = new OptimizationStep(Optimizer, Schedule, maxGradNorm: 0.5);
            Stream = new DataStream(Plan);
        }

        public void Train(int steps)
        {
            var padding = new DynamicPadding();
            for (int s = 0; s < steps; s++)
            {
                var micro = Stream.NextStep(Accumulation);
                long step = Stepper.CompletedSteps;
                Stepper.Run(k => TrainingLoss.CrossEntropy(0.1).Compute(
                    Model.Forward(padding.Collate(Data, micro[k]), new ForwardContext(true, Rng.Seed, (ulong)(step * Accumulation + k))),
                    padding.Collate(Data, micro[k])), micro.Count);
            }
        }

        public TrainingSnapshot Snapshot() => new(Model.Parameters, Optimizer, Schedule, Stepper.CompletedSteps, Rng, Stream.Position,
            new TrainerState { GlobalStep = Stepper.CompletedSteps, MaxSteps = 2 * Steps, TrainBatchSize = 4 });

        public void Restore(string folder)
        {
            var restored = TrainingCheckpoint.Restore(folder, Model.Parameters, Optimizer, Schedule, Rng);
            Stepper.CompletedSteps = restored.CompletedSteps;
            Stream = new DataStream(Plan, restored.Data);
        }
    }

    [Fact]
    public void ResumeIsBitExactEvenAfterInterruptedSaves()
    {
        var uninterrupted = new Run(initSeed: 1);
        uninterrupted.Train(2 * Steps);
        Assert.NotEqual(new SmallEncoder(1).Snapshot(), uninterrupted.Model.Snapshot());   // training moved the weights

        var first = new Run(initSeed: 1);
        first.Train(Steps);
        var saved = TrainingCheckpoint.Save(dir, first.Snapshot(), first.Model.SaveConfig);
        Assert.Equal(Path.Combine(dir, "checkpoint-6"), saved);
        Assert.Equal(new DataPosition(1, 2), DataStateFile.Load(saved));   // 5 steps per epoch: mid-epoch 1
        first.Train(1);

        // A save that fails half-way (after the weights were written) leaves no checkpoint-7 behind.
        Assert.Throws<IOException>(() => TrainingCheckpoint.Save(dir, first.Snapshot(), _ => throw new IOException("disk full (simulated)")));
        Assert.False(Directory.Exists(Path.Combine(dir, "checkpoint-7")));

        // What a killed process leaves: a hidden partial folder with a truncated file and a stray temp file, and a
        // checkpoint-looking folder without the trainer_state.json marker (as a non-atomic copy would).
        var partial = Path.Combine(dir, ".checkpoint-8.partial-2147483647-dead");
        CopyFolder(saved, partial);
        File.WriteAllBytes(Path.Combine(partial, TrainingCheckpoint.WeightsFile), new byte[10]);
        File.WriteAllBytes(Path.Combine(saved, ".optimizer.safetensors.4242.tmp"), new byte[3]);
        var unmarked = Path.Combine(dir, "checkpoint-9");
        CopyFolder(saved, unmarked);
        File.Delete(Path.Combine(unmarked, TrainerState.FileName));

        var latest = CheckpointFolders.Resolve("latest", dir);
        Assert.Equal(saved, latest);

        var resumed = new Run(initSeed: 999);   // different initial weights: everything must come from the checkpoint
        resumed.Restore(latest);
        resumed.Train(Steps);
        Assert.Equal(uninterrupted.Stepper.CompletedSteps, resumed.Stepper.CompletedSteps);
        AssertBitwiseEqual(uninterrupted.Model.Snapshot(), resumed.Model.Snapshot());
        var a = uninterrupted.Optimizer.SaveState(); var b = resumed.Optimizer.SaveState();
        Assert.Equal(a.Steps, b.Steps);
        foreach (var (key, values) in a.Buffers) AssertBitwiseEqual(values, b.Buffers[key]);

        CheckpointFolders.RemoveInterrupted(dir);
        Assert.False(Directory.Exists(partial));
    }

    [Fact]
    public void RestoreRefusesAnotherSeedOrSchedule()
    {
        var run = new Run(initSeed: 1);
        run.Train(1);
        var saved = TrainingCheckpoint.Save(dir, run.Snapshot());
        var other = new Run(initSeed: 1);
        var e = Assert.Throws<InvalidDataException>(() => TrainingCheckpoint.Restore(saved, other.Model.Parameters, other.Optimizer, Schedule, new RngState(1, 2)));
        Assert.Contains("seed", e.Message);
        var otherSchedule = new LearningRateSchedule(ScheduleKind.Cosine, 5e-3, 2 * Steps);
        Assert.Contains("Cosine", Assert.Throws<InvalidDataException>(() => TrainingCheckpoint.Restore(saved, other.Model.Parameters, other.Optimizer, otherSchedule, Rng)).Message);
    }

    [Fact]
    public void WeightsOfAnotherModelAreRefusedWithTheKeysNamed()
    {
        var path = Path.Combine(dir, "model.safetensors");
        Directory.CreateDirectory(dir);
        ModelWeights.Save(path, new SmallEncoder(1).Parameters);
        var bigger = new SmallEncoder(1, hidden: 8, heads: 2);
        var e = Assert.Throws<InvalidDataException>(() => ModelWeights.Load(path, bigger.Parameters));
        Assert.Contains("embeddings.word_embeddings.weight", e.Message);
        Assert.Contains("[40, 16]", e.Message);
        var renamed = bigger.Parameters.Select(p => new NamedParameter("x." + p.Name, p.Value)).ToList();
        Assert.Contains("missing key 'x.", Assert.Throws<InvalidDataException>(() => ModelWeights.Load(path, renamed)).Message);
    }

    static void CopyFolder(string from, string to)
    {
        Directory.CreateDirectory(to);
        foreach (var f in Directory.GetFiles(from)) File.Copy(f, Path.Combine(to, Path.GetFileName(f)));
    }

    internal static void AssertBitwiseEqual(float[] expected, float[] actual)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (int i = 0; i < expected.Length; i++)
            Assert.True(BitConverter.SingleToInt32Bits(expected[i]) == BitConverter.SingleToInt32Bits(actual[i]), $"element {i}: {expected[i]:R} vs {actual[i]:R}");
    }
}
