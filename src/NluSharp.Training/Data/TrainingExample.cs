// One tokenized training example: ids (already with special tokens), optional segment ids, and its target.
namespace NluSharp.Training.Data;

/// <summary>A tokenized example ready for batching.</summary>
/// <param name="InputIds">Token ids including special tokens, unpadded.</param>
/// <param name="TokenTypeIds">Segment ids (same length) or null.</param>
/// <param name="Label">Class index for classification; -1 when the task has float targets.</param>
/// <param name="Targets">Regression value(s) or multi-label 0/1 targets; null for classification.</param>
/// <param name="Weight">Multiplies this example's loss (see <c>LossTargets.Weights</c>); 1 by default.</param>
public sealed record TrainingExample(int[] InputIds, int[]? TokenTypeIds = null, int Label = -1, float[]? Targets = null, float Weight = 1f)
{
    /// <summary>Sequence length before padding.</summary>
    public int Length => InputIds.Length;
}
