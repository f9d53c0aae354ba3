// z-loss, PaLM (Chowdhery et al. 2022, §5 "Training instability"; T5X's cross_entropy_with_logits z_loss): an
// auxiliary coef·(log Z)² per row, log Z = logsumexp of the logits, that keeps the softmax normaliser near 1. Added
// to any loss; rows with an ignored label are left out (as the loss weights do in T5X), the mean is over valid rows.
using System.Numerics;
using NluSharp.Engine;

namespace NluSharp.Training.Losses;

/// <summary>A loss plus coef·mean over valid rows of (logsumexp z)².</summary>
/// <param name="inner">The loss the term is added to.</param>
/// <param name="coefficient">The coefficient (PaLM: 1e-4).</param>
public sealed class ZLoss(TrainingLoss inner, double coefficient) : TrainingLoss
{
    /// <summary>The loss the term is added to.</summary>
    public TrainingLoss Inner { get; } = inner;
    /// <summary>The coefficient.</summary>
    public double Coefficient { get; } = coefficient >= 0 && double.IsFinite(coefficient) ? coefficient
        : throw new ArgumentOutOfRangeException(nameof(coefficient), coefficient, "the z-loss coefficient must be a finite number ≥ 0");

    /// <inheritdoc />
    public override bool NeedsFeatures => Inner.NeedsFeatures;

    /// <inheritdoc />
    public override Tensor<T> Compute<T>(Tensor<T> logits, LossTargets<T> targets) => Inner.Compute(logits, targets).Add(Term(logits, targets, Coefficient));

    /// <summary>The auxiliary term alone: coef · Σ_i w_i (log Z_i)² / valid rows (all rows without labels).</summary>
    public static Tensor<T> Term<T>(Tensor<T> logits, LossTargets<T> targets, double coefficient) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var z = Rows(logits);
        var rowWeights = targets.Labels is { } labels
            ? RowReduction.For(labels, z.Size(1), targets.Weights).RowWeights
            : RowReduction.Uniform(z.Size(0), targets.Weights);
        var logZ = RowReduction.LogSumExp(z);                                       // (N, 1)
        return RowReduction.Reduce(logZ.Mul(logZ), rowWeights).MulScalar(T.CreateChecked(coefficient));
    }
}
