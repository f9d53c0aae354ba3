// Learning rate per optimizer step, with the exact double-precision formulas of transformers/optimization.py
// (`_get_*_schedule_with_warmup_lr_lambda`) applied as torch's LambdaLR does: lr = base_lr · lambda(last_epoch).
// The step that runs k-th (1-based) uses lambda(k − 1), since the Trainer calls scheduler.step() after
// optimizer.step(): the first step of a warmup runs with lr 0.
namespace NluSharp.Training.Schedules;

/// <summary>A Hugging Face learning-rate schedule; a pure function of the number of completed optimizer steps.</summary>
public sealed record LearningRateSchedule
{
    /// <summary>The schedule's shape.</summary>
    public ScheduleKind Kind { get; }
    /// <summary>Peak (base) learning rate.</summary>
    public double BaseLearningRate { get; }
    /// <summary>Total optimizer steps of the run (HF num_training_steps).</summary>
    public int TotalSteps { get; }
    /// <summary>Warmup steps (already resolved from a ratio).</summary>
    public int WarmupSteps { get; }
    /// <summary>Polynomial: final learning rate (HF default 1e-7).</summary>
    public double EndLearningRate { get; }
    /// <summary>Polynomial: exponent (HF default 1.0).</summary>
    public double Power { get; }
    /// <summary>Cosine: number of waves (HF default 0.5: from the peak down to 0).</summary>
    public double CosineCycles { get; }

    /// <summary>Creates a schedule; warmup given as steps or ratio.</summary>
    public LearningRateSchedule(ScheduleKind kind, double baseLearningRate, int totalSteps, Warmup warmup = default,
        double endLearningRate = 1e-7, double power = 1.0, double cosineCycles = 0.5)
    {
        if (!(baseLearningRate >= 0) || !double.IsFinite(baseLearningRate))
            throw new ArgumentOutOfRangeException(nameof(baseLearningRate), baseLearningRate, "learning rate must be a finite number >= 0");
        if (totalSteps < 0) throw new ArgumentOutOfRangeException(nameof(totalSteps), totalSteps, "total steps must be >= 0");
        if (kind == ScheduleKind.Polynomial && !(baseLearningRate > endLearningRate))
            throw new ArgumentException($"polynomial schedule: the learning rate ({baseLearningRate}) must be greater than the end learning rate ({endLearningRate}), as in Hugging Face");
        (Kind, BaseLearningRate, TotalSteps, WarmupSteps) = (kind, baseLearningRate, totalSteps, warmup.Resolve(totalSteps));
        (EndLearningRate, Power, CosineCycles) = (endLearningRate, power, cosineCycles);
    }

    /// <summary>The learning rate used by the optimizer step that follows <paramref name="completedSteps"/> completed steps.</summary>
    public double LearningRateAt(long completedSteps) => BaseLearningRate * Multiplier(completedSteps);

    /// <summary>HF's lr_lambda(current_step): the factor applied to the base learning rate.</summary>
    public double Multiplier(long currentStep)
    {
        if (currentStep < 0) throw new ArgumentOutOfRangeException(nameof(currentStep), currentStep, "step must be >= 0");
        double step = currentStep, warmup = WarmupSteps, total = TotalSteps;
        switch (Kind)
        {
            case ScheduleKind.Constant:
                return 1.0;
            case ScheduleKind.ConstantWithWarmup:
                return currentStep < WarmupSteps ? step / Math.Max(1.0, warmup) : 1.0;
            case ScheduleKind.Linear:
                if (currentStep < WarmupSteps) return step / Math.Max(1, WarmupSteps);
                return Math.Max(0.0, (double)(TotalSteps - currentStep) / Math.Max(1, TotalSteps - WarmupSteps));
            case ScheduleKind.Cosine:
            {
                if (currentStep < WarmupSteps) return step / Math.Max(1, WarmupSteps);
                double progress = (double)(currentStep - WarmupSteps) / Math.Max(1, TotalSteps - WarmupSteps);
                return Math.Max(0.0, 0.5 * (1.0 + Math.Cos(Math.PI * CosineCycles * 2.0 * progress)));
            }
            case ScheduleKind.Polynomial:
            {
                if (currentStep < WarmupSteps) return step / Math.Max(1, WarmupSteps);
                if (currentStep > TotalSteps) return EndLearningRate / BaseLearningRate;
                double range = BaseLearningRate - EndLearningRate;
                double decaySteps = TotalSteps - WarmupSteps;
                if (decaySteps <= 0) return EndLearningRate / BaseLearningRate;   // HF divides by zero here
                double remaining = 1 - (step - warmup) / decaySteps;
                double decay = range * Math.Pow(remaining, Power) + EndLearningRate;
                return decay / BaseLearningRate;
            }
            default:
                throw new InvalidOperationException($"unknown schedule kind {Kind}");
        }
    }
}
