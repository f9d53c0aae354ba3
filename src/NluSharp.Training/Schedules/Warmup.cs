// Warmup length given as steps or as a fraction of training, resolved as HF TrainingArguments.get_warmup_steps:
// `warmup_steps if warmup_steps > 0 else math.ceil(num_training_steps * warmup_ratio)`.
namespace NluSharp.Training.Schedules;

/// <summary>How long the warmup lasts: a step count, or a ratio of the total steps (steps win when both are set).</summary>
public readonly record struct Warmup(int Steps = 0, double Ratio = 0.0)
{
    /// <summary>No warmup.</summary>
    public static Warmup None => default;

    /// <summary>The warmup step count for a run of <paramref name="totalSteps"/> optimizer steps.</summary>
    public int Resolve(int totalSteps)
    {
        if (Steps < 0) throw new ArgumentOutOfRangeException(nameof(Steps), Steps, "warmup steps must be >= 0");
        if (!(Ratio >= 0 && Ratio <= 1)) throw new ArgumentOutOfRangeException(nameof(Ratio), Ratio, "warmup ratio must be in [0, 1]");
        return Steps > 0 ? Steps : (int)Math.Ceiling(totalSteps * Ratio);
    }
}
