// Everything a run needs to continue bit-exactly, saved as one atomic checkpoint-N folder:
//   model.safetensors, the model's own files (config.json, tokenizer files), optimizer.safetensors + optimizer.json,
//   scheduler.json, rng_state.json, data_state.json, and trainer_state.json last (the completion marker).
using NluSharp.Training.Data;
using NluSharp.Training.Optimization;
using NluSharp.Training.Schedules;

namespace NluSharp.Training.Checkpointing;

/// <summary>The state captured at an optimizer-step boundary.</summary>
/// <param name="Parameters">Model parameters (saved as model.safetensors).</param>
/// <param name="Optimizer">Optimizer whose state is saved.</param>
/// <param name="Schedule">The learning-rate schedule.</param>
/// <param name="CompletedSteps">Optimizer steps completed.</param>
/// <param name="Rng">Seeds of the run.</param>
/// <param name="Data">Position in the data stream.</param>
/// <param name="State">HF trainer state (global_step must equal <paramref name="CompletedSteps"/>).</param>
public sealed record TrainingSnapshot(IReadOnlyList<NamedParameter> Parameters, IOptimizer Optimizer, LearningRateSchedule Schedule,
    long CompletedSteps, RngState Rng, DataPosition Data, TrainerState State);

/// <summary>What <see cref="TrainingCheckpoint.Restore"/> read back besides the tensors it copied into place.</summary>
public sealed record RestoredTraining(string Folder, long CompletedSteps, DataPosition Data, TrainerState State);

/// <summary>Saves and restores complete training checkpoints.</summary>
public static class TrainingCheckpoint
{
    /// <summary>Weights file name (HF SAFE_WEIGHTS_NAME).</summary>
    public const string WeightsFile = "model.safetensors";

    /// <summary>
    /// Writes <c>checkpoint-{CompletedSteps}</c> in <paramref name="outputDir"/> atomically and returns its path.
    /// <paramref name="writeModelFiles"/> adds the model's own files (config.json, tokenizer files).
    /// </summary>
    public static string Save(string outputDir, TrainingSnapshot snapshot, Action<string>? writeModelFiles = null)
    {
        if (snapshot.State.GlobalStep != snapshot.CompletedSteps)
            throw new ArgumentException($"trainer state global_step {snapshot.State.GlobalStep} differs from the completed steps {snapshot.CompletedSteps}");
        return CheckpointFolders.Create(outputDir, snapshot.CompletedSteps, folder =>
        {
            ModelWeights.Save(Path.Combine(folder, WeightsFile), snapshot.Parameters);
            writeModelFiles?.Invoke(folder);
            OptimizerStateFile.Save(folder, snapshot.Optimizer.SaveState());
            SchedulerStateFile.Save(folder, snapshot.Schedule, snapshot.CompletedSteps);
            snapshot.Rng.Save(folder);
            DataStateFile.Save(folder, snapshot.Data);
            snapshot.State.Save(folder);   // last: marks the folder complete
        });
    }

    /// <summary>
    /// Loads weights and optimizer state from <paramref name="folder"/> into the given objects, checking that the schedule and
    /// seeds are the ones this run is configured with, and returns the step count, data position and trainer state.
    /// </summary>
    public static RestoredTraining Restore(string folder, IReadOnlyList<NamedParameter> parameters, IOptimizer optimizer,
        LearningRateSchedule schedule, RngState rng)
    {
        var state = TrainerState.Load(folder);   // first: fails fast on an incomplete folder
        var savedRng = RngState.Load(folder);
        if (savedRng != rng)
            throw new InvalidDataException($"{Path.Combine(folder, RngState.FileName)}: the checkpoint was trained with seed {savedRng.Seed} / data seed {savedRng.DataSeed}, this run has {rng.Seed} / {rng.DataSeed}; resume with the original seeds");
        long steps = SchedulerStateFile.Load(folder, schedule);
        if (steps != state.GlobalStep)
            throw new InvalidDataException($"{folder}: scheduler.json says {steps} completed steps, trainer_state.json says global_step {state.GlobalStep}");
        var data = DataStateFile.Load(folder);
        ModelWeights.Load(Path.Combine(folder, WeightsFile), parameters);
        optimizer.LoadState(OptimizerStateFile.Load(folder));
        return new RestoredTraining(folder, steps, data, state);
    }
}
