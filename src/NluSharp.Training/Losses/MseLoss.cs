// Mean squared error for regression, as torch.nn.functional.mse_loss after Hugging Face's squeeze of logits and
// labels (modeling_bert.py, problem_type regression). With example weights: Σ_i w_i·mean_k (x − y)² / B.
using System.Numerics;
using NluSharp.Engine;

namespace NluSharp.Training.Losses;

/// <summary>Mean squared error against float targets.</summary>
public sealed class MseLoss : TrainingLoss
{
    /// <inheritdoc />
    public override Tensor<T> Compute<T>(Tensor<T> logits, LossTargets<T> targets)
    {
        var (x, y) = RegressionPair(logits, targets, "mean squared error");
        if (targets.Weights is null) return x.Reshape((int)x.Length).MseLoss(y.Reshape((int)y.Length));   // HF squeezes both
        var d = x.Sub(y);
        return RowReduction.Reduce(d.Mul(d).Mean([1]), RowReduction.Uniform(y.Size(0), targets.Weights));
    }

    /// <summary>Predictions and targets as (B, K) after checking that their sizes agree.</summary>
    internal static (Tensor<T> X, Tensor<T> Y) RegressionPair<T>(Tensor<T> logits, LossTargets<T> targets, string loss) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var y = FloatTargetsOf(targets, loss, "float targets");
        if (logits.Length != y.Length) throw new InvalidOperationException($"regression logits have {logits.Length} values for {y.Length} targets");
        int B = y.Size(0), K = (int)(y.Length / B);
        return (logits.Reshape(B, K), y.Reshape(B, K));
    }
}
