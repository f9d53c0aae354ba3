// Huber loss for regression, as torch.nn.functional.huber_loss(reduction="mean", delta): 0.5·d² where |d| < δ,
// else δ·(|d| − δ/2), d = prediction − target (Huber 1964; torch's smooth_l1_loss is this divided by δ).
// With example weights: Σ_i w_i·mean_k huber_ik / B.
using System.Numerics;
using NluSharp.Engine;

namespace NluSharp.Training.Losses;

/// <summary>Huber loss against float targets.</summary>
/// <param name="delta">δ &gt; 0, where the loss turns from quadratic to linear.</param>
public sealed class HuberLoss(double delta = 1.0) : TrainingLoss
{
    /// <summary>δ.</summary>
    public double Delta { get; } = delta > 0 && double.IsFinite(delta) ? delta : throw new ArgumentOutOfRangeException(nameof(delta), delta, "huber delta must be a finite number > 0");

    /// <inheritdoc />
    public override Tensor<T> Compute<T>(Tensor<T> logits, LossTargets<T> targets)
    {
        var (x, y) = MseLoss.RegressionPair(logits, targets, "huber loss");
        T delta = T.CreateChecked(Delta), half = T.CreateChecked(0.5);
        var d = x.Sub(y);                                                            // (B, K)
        var absD = d.Relu().Add(d.Neg().Relu());
        var quadratic = d.Mul(d).MulScalar(half);
        var linear = absD.AddScalar(-half * delta).MulScalar(delta);
        var values = absD.Detach().ToArray();
        var small = Tensor<bool>.FromArray(values.Select(v => v < delta).ToArray(), d.Shape.ToArray());
        var elements = Ops.Where(small, quadratic, linear);
        return targets.Weights is null ? elements.Mean() : RowReduction.Reduce(elements.Mean([1]), RowReduction.Uniform(y.Size(0), targets.Weights));
    }
}
