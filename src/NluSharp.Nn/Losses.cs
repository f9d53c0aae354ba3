// Losses composed from engine ops (so their gradients come for free).
using NluSharp.Engine;

namespace NluSharp.Nn;

/// <summary>Loss functions not provided as single engine ops.</summary>
public static class Losses
{
    /// <summary>
    /// torch.nn.BCEWithLogitsLoss (mean): ℓ = max(x, 0) − x·y + log(1 + exp(−|x|)), the numerically stable form.
    /// With <paramref name="include"/> (same shape, 1 = counted, 0 = left out), the mean runs over included elements
    /// only, as ELECTRA's discriminator loss over attention_mask == 1 positions.
    /// </summary>
    public static Tensor<float> BinaryCrossEntropyWithLogits(Tensor<float> logits, Tensor<float> targets, Tensor<float>? include = null)
    {
        if (!logits.Shape.SequenceEqual(targets.Shape))
            throw new ArgumentException($"BCE-with-logits: logits [{string.Join(", ", logits.Shape.ToArray())}] and targets [{string.Join(", ", targets.Shape.ToArray())}] differ in shape");
        var positive = logits.Relu();
        var abs = positive.Add(logits.Neg().Relu());                          // |x|
        var softplus = abs.Neg().Exp().AddScalar(1f).Log();                   // log(1 + exp(−|x|))
        var loss = positive.Sub(logits.Mul(targets)).Add(softplus);
        if (include == null) return loss.Mean();
        int count = include.ToArray().Count(v => v != 0);
        return loss.Mul(include).Sum().MulScalar(1f / count);
    }
}
