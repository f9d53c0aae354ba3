// softmax(q·kᵀ/√D + mask)·v over H heads: the attention core shared by every architecture, on already projected
// q, k, v. Legend: B batch, T length, C = H·D hidden size, H heads, D head size.
using NluSharp.Engine;

namespace NluSharp.Nn;

/// <summary>Where the 1/√D scale and the padding mask are applied.</summary>
public enum AttentionScoring
{
    /// <summary>BERT, RoBERTa, ALBERT, ELECTRA: scores = q·kᵀ / √D + additive mask.</summary>
    ScaleScoresAddMask,
    /// <summary>DistilBERT: q is scaled first, scores = (q/√D)·kᵀ, then masked_fill(padding, finfo.min).</summary>
    ScaleQueryFillMask,
}

/// <summary>Multi-head scaled dot-product attention without parameters.</summary>
public static class ScaledDotProductAttention
{
    /// <summary>
    /// Attends with projected q, k, v [B, T, C] split into H heads; returns the context [B, T, C] and the probabilities
    /// [B, H, T, T] (after dropout, as Hugging Face returns them). Padding keys get probability exactly 0.
    /// </summary>
    public static (Tensor<float> Context, Tensor<float> Probabilities) Forward(Tensor<float> q, Tensor<float> k, Tensor<float> v,
        int H, AttentionMask? mask, AttentionScoring scoring, Dropout dropout)
    {
        int B = q.Size(0), T = q.Size(1), C = q.Size(2), D = C / H;
        if (D * H != C) throw new ArgumentException($"hidden size {C} is not a multiple of {H} heads");
        if (mask != null && (mask.B != B || mask.T != T))
            throw new ArgumentException($"attention mask is [{mask.B}, {mask.T}] but the batch is [{B}, {T}]");
        float scale = 1f / MathF.Sqrt(D);
        q = q.Reshape(B, T, H, D).Transpose(1, 2);                   // (B, H, T, D)
        k = k.Reshape(B, T, H, D).Transpose(1, 2);                   // (B, H, T, D)
        v = v.Reshape(B, T, H, D).Transpose(1, 2);                   // (B, H, T, D)
        Tensor<float> scores;
        if (scoring == AttentionScoring.ScaleScoresAddMask)
        {
            // (q·kᵀ)·s equals (q·s)·kᵀ bit for bit when s is a power of two (D = 4, 16, 64, 256): then scale the smaller q.
            scores = float.IsPow2(scale) ? q.MulScalar(scale).MatMul(k.Transpose(-1, -2))   // (B, H, T, T)
                : q.MatMul(k.Transpose(-1, -2)).MulScalar(scale);
            if (mask is { HasPadding: true }) scores = scores.Add(mask.Additive);   // adding zeros changes nothing
        }
        else
        {
            scores = q.MulScalar(scale).MatMul(k.Transpose(-1, -2));  // (B, H, T, T)
            if (mask is { HasPadding: true }) scores = scores.MaskedFill(mask.Blocked, float.MinValue);
        }
        var probs = dropout.Forward(scores.Softmax());
        var context = probs.MatMul(v).Transpose(1, 2).Reshape(B, T, C);   // (B, H, T, D) → (B, T, H, D) → (B, T, C)
        return (context, probs);
    }
}
