// One optimizer step as Hugging Face's Trainer takes it, for any model:
// [loss → backward] × accumulation → clip_grad_norm_ → optimizer.step() at the scheduled lr → scheduler.step() → zero_grad().
// The model layer plugs its forward pass in as a loss function; the fixture trajectories
// (../shared/fixtures/models/*/train_trajectory.json) are replayed through exactly this.
using NluSharp.Engine;
using NluSharp.Training.Schedules;

namespace NluSharp.Training.Optimization;

/// <summary>What one optimizer step did.</summary>
/// <param name="Step">The 1-based number of the step just taken.</param>
/// <param name="Loss">Mean of the micro-batch losses (each already a mean over its batch), float32 as computed.</param>
/// <param name="GradNorm">Pre-clip global gradient norm (NaN when clipping is off and the norm was not asked for).</param>
/// <param name="ClipCoefficient">The factor applied to the gradients (1 when not clipped).</param>
/// <param name="LearningRate">The learning rate this step used.</param>
public readonly record struct StepResult(long Step, float Loss, float GradNorm, float ClipCoefficient, double LearningRate);

/// <summary>Takes optimizer steps with clipping and a learning-rate schedule; counts completed steps.</summary>
public sealed class OptimizationStep
{
    readonly IReadOnlyList<Tensor<float>> parameters;

    /// <summary>The optimizer.</summary>
    public IOptimizer Optimizer { get; }
    /// <summary>The learning-rate schedule.</summary>
    public LearningRateSchedule Schedule { get; }
    /// <summary>Global-norm clipping threshold; null disables clipping (the norm is still measured).</summary>
    public double? MaxGradNorm { get; }
    /// <summary>Optimizer steps completed so far (HF global_step; the scheduler's last_epoch).</summary>
    public long CompletedSteps { get; set; }

    /// <summary>Creates the stepper; <paramref name="maxGradNorm"/> is HF's max_grad_norm (default 1.0).</summary>
    public OptimizationStep(IOptimizer optimizer, LearningRateSchedule schedule, double? maxGradNorm = 1.0)
    {
        Optimizer = optimizer; Schedule = schedule; MaxGradNorm = maxGradNorm;
        parameters = optimizer.Groups.SelectMany(g => g.Parameters).Select(p => p.Value).ToList();
    }

    /// <summary>The learning rate the next step will use.</summary>
    public double NextLearningRate => Schedule.LearningRateAt(CompletedSteps);

    /// <summary>
    /// Runs <paramref name="computeLoss"/> once per micro-batch (each call builds a fresh graph and returns a scalar loss),
    /// back-propagates each loss divided by the number of micro-batches (HF: loss / gradient_accumulation_steps),
    /// then applies the gradients. Each micro-batch runs in its own <see cref="MemoryScope"/>.
    /// </summary>
    public StepResult Run(Func<int, Tensor<float>> computeLoss, int microBatches = 1)
    {
        if (microBatches < 1) throw new ArgumentOutOfRangeException(nameof(microBatches), microBatches, "need at least one micro-batch");
        double lossSum = 0;
        float firstLoss = 0;
        for (int k = 0; k < microBatches; k++)
        {
            using var scope = MemoryScope.Begin();
            var loss = computeLoss(k);
            if (loss.Length != 1) throw new InvalidOperationException($"the loss function returned a tensor of {loss.Length} elements; it must return a scalar loss");
            float value = loss.ToScalar();
            if (k == 0) firstLoss = value;
            lossSum += value;
            // HF divides each micro-batch loss by the accumulation count before backward (float32 division).
            (microBatches == 1 ? loss : loss.Div(Tensor<float>.Scalar(microBatches))).Backward();
        }
        float meanLoss = microBatches == 1 ? firstLoss : (float)(lossSum / microBatches);
        return ApplyGradients(meanLoss);
    }

    /// <summary>Clips the accumulated gradients, steps the optimizer at the scheduled rate, advances the schedule and zeroes the gradients.</summary>
    public StepResult ApplyGradients(float loss = float.NaN)
    {
        double lr = NextLearningRate;
        var clip = MaxGradNorm is double max
            ? GradientClipping.ClipByGlobalNorm(parameters, max)
            : new ClipResult(GradientClipping.GlobalNorm(parameters), 1f);
        Optimizer.Step(lr);
        CompletedSteps++;
        Optimizer.ZeroGrad();
        return new StepResult(CompletedSteps, loss, clip.TotalNorm, clip.Coefficient, lr);
    }
}
