// A padded batch: ids, mask and targets as tensors of shape (B, T) / (B) / (B, K), plus which examples it holds.
using NluSharp.Engine;

namespace NluSharp.Training.Data;

/// <summary>A batch padded to its longest sequence (dynamic padding). Legend: B examples, T padded length, K targets.</summary>
public sealed class Batch
{
    /// <summary>Token ids (B, T); padding positions hold the pad id.</summary>
    public required Tensor<int> InputIds { get; init; }
    /// <summary>1 for real tokens, 0 for padding (B, T), as Hugging Face's attention_mask.</summary>
    public required Tensor<int> AttentionMask { get; init; }
    /// <summary>Segment ids (B, T), 0 on padding; null when the examples have none.</summary>
    public Tensor<int>? TokenTypeIds { get; init; }
    /// <summary>Class labels (B) for classification; null otherwise.</summary>
    public Tensor<int>? Labels { get; init; }
    /// <summary>Float targets (B, K) for regression (K = 1) or multi-label; null otherwise.</summary>
    public Tensor<float>? Targets { get; init; }
    /// <summary>Per-example loss weights (B); null when every example has weight 1.</summary>
    public Tensor<float>? Weights { get; init; }
    /// <summary>Indices of the examples in the dataset, in batch order.</summary>
    public required int[] ExampleIndices { get; init; }
    /// <summary>Number of real (non-padding) tokens.</summary>
    public required int RealTokens { get; init; }

    /// <summary>B.</summary>
    public int Size => InputIds.Size(0);
    /// <summary>T.</summary>
    public int Length => InputIds.Size(1);

    /// <summary>The attention mask as booleans (true = real token), for ops that take a bool mask.</summary>
    public Tensor<bool> PaddingMask()
    {
        var mask = AttentionMask.ToArray();
        return Tensor<bool>.FromArray(mask.Select(m => m != 0).ToArray(), Size, Length);
    }
}
