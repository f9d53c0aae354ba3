// The learning-rate schedules of Hugging Face's `SchedulerType` that the trainer offers.
namespace NluSharp.Training.Schedules;

/// <summary>Shape of the learning rate over training (HF <c>--lr_scheduler_type</c>).</summary>
public enum ScheduleKind
{
    /// <summary>HF "constant": the base rate throughout (warmup ignored).</summary>
    Constant,
    /// <summary>HF "constant_with_warmup": linear warmup from 0, then constant.</summary>
    ConstantWithWarmup,
    /// <summary>HF "linear" (the Trainer default): linear warmup, then linear decay to 0 at the last step.</summary>
    Linear,
    /// <summary>HF "cosine": linear warmup, then half a cosine period down to 0.</summary>
    Cosine,
    /// <summary>HF "polynomial": linear warmup, then (base − end)·remaining^power + end.</summary>
    Polynomial,
}
