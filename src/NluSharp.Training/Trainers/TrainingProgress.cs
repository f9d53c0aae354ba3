// Progress events of a training run, for a console view or a log (IProgress<TrainingProgress>).
namespace NluSharp.Training.Trainers;

/// <summary>What happened.</summary>
public enum ProgressKind
{
    /// <summary>An optimizer step finished.</summary>
    Step,
    /// <summary>The training loss was logged.</summary>
    Log,
    /// <summary>An evaluation finished (metrics in <see cref="TrainingProgress.Metrics"/>).</summary>
    Evaluation,
    /// <summary>A checkpoint folder was written (<see cref="TrainingProgress.Checkpoint"/>).</summary>
    Checkpoint,
    /// <summary>Training ended.</summary>
    Finished,
}

/// <summary>One progress event.</summary>
/// <param name="Kind">Event type.</param>
/// <param name="Step">Optimizer steps completed.</param>
/// <param name="MaxSteps">Planned steps.</param>
/// <param name="Epoch">Fractional epoch.</param>
/// <param name="Loss">Loss of the last step (Step) or mean since the last log (Log); NaN otherwise.</param>
/// <param name="LearningRate">Learning rate of the last step.</param>
/// <param name="GradNorm">Pre-clip gradient norm of the last step.</param>
/// <param name="SequencesPerSecond">Training throughput since this process started training.</param>
/// <param name="Elapsed">Wall time since this process started training.</param>
/// <param name="Eta">Estimated remaining time (null until measurable).</param>
/// <param name="Metrics">Evaluation metrics ("eval_" keys) for Evaluation events.</param>
/// <param name="Checkpoint">Folder written, for Checkpoint events.</param>
public sealed record TrainingProgress(ProgressKind Kind, long Step, long MaxSteps, double Epoch, double Loss, double LearningRate,
    double GradNorm, double SequencesPerSecond, TimeSpan Elapsed, TimeSpan? Eta,
    IReadOnlyDictionary<string, double>? Metrics = null, string? Checkpoint = null);
