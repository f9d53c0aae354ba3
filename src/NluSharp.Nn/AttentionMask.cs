// The padding mask of a batch in the two forms attention consumes: additive (0 for real keys,
// torch.finfo(float32).min for padding, as transformers' get_extended_attention_mask since ~4.21) and boolean
// "blocked" (true for padding, for DistilBERT's masked_fill). Both are [B, 1, 1, T] and broadcast over heads and queries.
using NluSharp.Engine;

namespace NluSharp.Nn;

/// <summary>Which keys each sequence of a batch may attend to.</summary>
public sealed class AttentionMask
{
    readonly int[] mask;
    Tensor<float>? additive;
    Tensor<bool>? blocked;

    /// <summary>Batch size.</summary>
    public int B { get; }
    /// <summary>Sequence length.</summary>
    public int T { get; }

    /// <summary>From a [B, T] mask of 1 (attend) and 0 (padding); any other value is rejected.</summary>
    public AttentionMask(Tensor<int> attentionMask)
    {
        if (attentionMask.Rank != 2) throw new ArgumentException($"attention_mask must be [batch, length], got rank {attentionMask.Rank}");
        (B, T) = (attentionMask.Size(0), attentionMask.Size(1));
        mask = attentionMask.ToArray();
        for (int i = 0; i < mask.Length; i++)
            if (mask[i] is not (0 or 1))
                throw new ArgumentException($"attention_mask[{i / T}][{i % T}] is {mask[i]}, expected 0 or 1");
        HasPadding = Array.IndexOf(mask, 0) >= 0;
    }

    /// <summary>False when every key of every sequence may be attended to: masking is then a no-op and is skipped.</summary>
    public bool HasPadding { get; }

    /// <summary>1 where a key may be attended to, row-major [B, T].</summary>
    public ReadOnlySpan<int> Values => mask;

    /// <summary>(1 − mask)·float.MinValue as [B, 1, 1, T], to add to attention scores.</summary>
    public Tensor<float> Additive => additive ??= Tensor<float>.FromArray(mask.Select(m => m == 1 ? 0f : float.MinValue).ToArray(), B, 1, 1, T);

    /// <summary>True at padding keys, [B, 1, 1, T].</summary>
    public Tensor<bool> Blocked => blocked ??= Tensor<bool>.FromArray(mask.Select(m => m == 0).ToArray(), B, 1, 1, T);
}
