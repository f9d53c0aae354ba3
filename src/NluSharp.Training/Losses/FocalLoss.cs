// Focal loss, Lin et al. 2017 ("Focal Loss for Dense Object Detection", eq. 5) for softmax classification:
// loss_i = −α[y_i]·(1 − p_t)^γ·log p_t, with a per-class α indexed by the target and torch's plain mean over valid
// rows (not ÷ Σα_t, which some implementations do). 1 − p_t is computed as 1 − exp(log p_t), as the torch ports do.
using System.Numerics;
using NluSharp.Engine;

namespace NluSharp.Training.Losses;

/// <summary>Focal loss over class labels.</summary>
/// <param name="gamma">Focusing parameter γ ≥ 0 (0 = cross-entropy).</param>
/// <param name="alpha">Per-class weights α_c, or null (all 1).</param>
public sealed class FocalLoss(double gamma = 2.0, double[]? alpha = null) : TrainingLoss
{
    /// <summary>γ.</summary>
    public double Gamma { get; } = gamma >= 0 && double.IsFinite(gamma) ? gamma : throw new ArgumentOutOfRangeException(nameof(gamma), gamma, "focal gamma must be a finite number ≥ 0");
    /// <summary>α per class, or null.</summary>
    public double[]? Alpha { get; } = alpha;

    /// <inheritdoc />
    public override Tensor<T> Compute<T>(Tensor<T> logits, LossTargets<T> targets)
    {
        var z = Rows(logits);
        int C = z.Size(1);
        if (Alpha != null && Alpha.Length != C) throw new ArgumentException($"focal loss: {Alpha.Length} alpha values for {C} classes");
        var alpha = Alpha?.Select(T.CreateChecked).ToArray();
        var (index, rowWeights) = RowReduction.For(LabelsOf(targets, "focal loss"), C, targets.Weights, alpha == null ? null : c => alpha[c]);
        var logPt = z.LogSoftmax().Gather(1, index);                                 // (N, 1)
        var perRow = logPt.Neg();
        if (Gamma != 0)
            perRow = perRow.Mul(logPt.Exp().Neg().AddScalar(T.One).Pow(T.CreateChecked(Gamma)));   // (1 − p_t)^γ
        return RowReduction.Reduce(perRow, rowWeights);
    }
}
