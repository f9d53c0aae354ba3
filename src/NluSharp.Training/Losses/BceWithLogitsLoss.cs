// Binary cross-entropy on logits for multi-label classification, as torch.nn.BCEWithLogitsLoss (mean over all B·K
// elements; the loss Hugging Face's heads use for problem_type multi_label_classification), in torch's stable form
// max(x, 0) − x·y + log(1 + exp(−|x|)). With example weights, row i's mean over its K labels is weighted by w_i
// and the rows are averaged over B.
using System.Numerics;
using NluSharp.Engine;

namespace NluSharp.Training.Losses;

/// <summary>Binary cross-entropy with logits (multi-label).</summary>
public sealed class BceWithLogitsLoss : TrainingLoss
{
    /// <inheritdoc />
    public override Tensor<T> Compute<T>(Tensor<T> logits, LossTargets<T> targets)
    {
        var y = FloatTargetsOf(targets, "binary cross-entropy", "0/1 float targets");
        if (logits.Length != y.Length) throw new InvalidOperationException($"multi-label logits have {logits.Length} values for {y.Length} targets");
        int B = y.Size(0), K = (int)(y.Length / B);
        var x = logits.Reshape(B, K);
        y = y.Reshape(B, K);
        var absX = x.Relu().Add(x.Neg().Relu());
        var elements = x.Relu().Sub(x.Mul(y)).Add(absX.Neg().Exp().AddScalar(T.One).Log());   // (B, K)
        return targets.Weights is null ? elements.Mean() : RowReduction.Reduce(elements.Mean([1]), RowReduction.Uniform(B, targets.Weights));
    }
}
