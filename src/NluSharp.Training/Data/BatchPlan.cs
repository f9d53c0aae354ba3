// The batches of every epoch, by index, from the seeded order: what the trainer iterates and resumes into.
namespace NluSharp.Training.Data;

/// <summary>How examples are grouped into micro-batches each epoch.</summary>
/// <param name="ExampleCount">Dataset size.</param>
/// <param name="BatchSize">Micro-batch size (HF per_device_train_batch_size).</param>
/// <param name="DataSeed">Seed of the order.</param>
/// <param name="Shuffle">Shuffle each epoch (training); false keeps dataset order (evaluation).</param>
/// <param name="Lengths">When set, use length-grouped order (HF group_by_length).</param>
/// <param name="DropLast">Drop a final incomplete batch (HF dataloader_drop_last).</param>
public sealed record BatchPlan(int ExampleCount, int BatchSize, ulong DataSeed, bool Shuffle = true, IReadOnlyList<int>? Lengths = null, bool DropLast = false)
{
    /// <summary>Micro-batches per epoch.</summary>
    public int BatchesPerEpoch => BatchSize <= 0 ? throw new InvalidOperationException("batch size must be >= 1")
        : DropLast ? ExampleCount / BatchSize : (ExampleCount + BatchSize - 1) / BatchSize;

    /// <summary>The example order of <paramref name="epoch"/>.</summary>
    public int[] Order(int epoch)
    {
        if (Lengths != null && Lengths.Count != ExampleCount)
            throw new ArgumentException($"{Lengths.Count} lengths given for {ExampleCount} examples");
        if (!Shuffle) return Enumerable.Range(0, ExampleCount).ToArray();
        return Lengths != null ? LengthGroupedOrder.For(Lengths, BatchSize, DataSeed, epoch) : SeededPermutation.For(ExampleCount, DataSeed, epoch);
    }

    /// <summary>The batches of <paramref name="epoch"/> from batch <paramref name="skipBatches"/> on (resuming mid-epoch).</summary>
    public IEnumerable<int[]> Batches(int epoch, int skipBatches = 0)
    {
        var order = Order(epoch);
        for (int b = skipBatches; b < BatchesPerEpoch; b++)
            yield return order.AsSpan(b * BatchSize, Math.Min(BatchSize, order.Length - b * BatchSize)).ToArray();
    }
}
