// The sequence of optimizer steps' micro-batches across epochs, continuing from any saved DataPosition.
// A step takes up to `accumulation` micro-batches and never crosses an epoch boundary (as HF's Trainer, which steps
// at the end of an epoch even when fewer than gradient_accumulation_steps batches remain).
namespace NluSharp.Training.Data;

/// <summary>Iterates the seeded batches epoch after epoch from a position.</summary>
public sealed class DataStream
{
    readonly BatchPlan plan;
    int[]? order;
    int orderEpoch = -1;

    /// <summary>The next micro-batch to read.</summary>
    public DataPosition Position { get; private set; }

    /// <summary>Starts at <paramref name="start"/> (default: epoch 0, nothing consumed).</summary>
    public DataStream(BatchPlan plan, DataPosition start = default)
    {
        if (plan.BatchesPerEpoch == 0) throw new ArgumentException($"the training data ({plan.ExampleCount} examples) gives no batch of size {plan.BatchSize}");
        if (start.BatchesConsumed > plan.BatchesPerEpoch)
            throw new ArgumentException($"data position {start} is beyond the {plan.BatchesPerEpoch} batches of an epoch; the checkpoint was made with other data or batch size");
        this.plan = plan;
        Position = start.BatchesConsumed == plan.BatchesPerEpoch ? new DataPosition(start.Epoch + 1, 0) : start;
    }

    /// <summary>Optimizer steps per epoch for a given accumulation.</summary>
    public int StepsPerEpoch(int accumulation) => (plan.BatchesPerEpoch + accumulation - 1) / accumulation;

    /// <summary>The micro-batches (example indices) of the next optimizer step; advances the position.</summary>
    public List<int[]> NextStep(int accumulation)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(accumulation, 1);
        if (orderEpoch != Position.Epoch) { order = plan.Order(Position.Epoch); orderEpoch = Position.Epoch; }
        var batches = new List<int[]>(accumulation);
        int b = Position.BatchesConsumed;
        for (; b < plan.BatchesPerEpoch && batches.Count < accumulation; b++)
            batches.Add(order.AsSpan(b * plan.BatchSize, Math.Min(plan.BatchSize, order!.Length - b * plan.BatchSize)).ToArray());
        Position = b == plan.BatchesPerEpoch ? new DataPosition(Position.Epoch + 1, 0) : new DataPosition(Position.Epoch, b);
        return batches;
    }
}
