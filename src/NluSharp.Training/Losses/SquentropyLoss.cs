// Squentropy, Hui, Belkin & Wright 2023 ("Cut your Losses with Squentropy", eq. 1): cross-entropy plus the average
// square loss of the incorrect classes' logits against 0, loss_i = −log p_t + Σ_{j≠y} z_j² / (C − 1); mean over
// valid rows. Label smoothing, when given, applies to the cross-entropy part.
using System.Numerics;
using NluSharp.Engine;

namespace NluSharp.Training.Losses;

/// <summary>Squentropy: cross-entropy plus the mean square of the non-target logits.</summary>
/// <param name="labelSmoothing">Label smoothing of the cross-entropy part.</param>
public sealed class SquentropyLoss(double labelSmoothing = 0) : TrainingLoss
{
    readonly CrossEntropyLoss crossEntropy = new(labelSmoothing);

    /// <inheritdoc />
    public override Tensor<T> Compute<T>(Tensor<T> logits, LossTargets<T> targets)
    {
        var z = Rows(logits);
        int C = z.Size(1);
        if (C < 2) throw new ArgumentException("squentropy needs at least 2 classes");
        var (index, rowWeights) = RowReduction.For(LabelsOf(targets, "squentropy"), C, targets.Weights);
        var squares = z.Mul(z);                                                      // (N, C)
        var wrong = squares.Sum([1], keepDim: true).Sub(squares.Gather(1, index));   // Σ_{j≠y} z_j², (N, 1)
        var square = RowReduction.Reduce(wrong, rowWeights).MulScalar(T.One / T.CreateChecked(C - 1));
        return crossEntropy.Compute(z, targets).Add(square);
    }
}
