// Poly-1 loss, Leng et al. 2022 ("PolyLoss: A Polynomial Expansion Perspective of Classification Loss Functions",
// eq. 3 and the paper's reference code): loss_i = CE_i + ε·(1 − P_t), P_t = Σ_c q_c p_c with q the (smoothed)
// target distribution; without smoothing P_t = p_t. Mean over valid rows.
using System.Numerics;
using NluSharp.Engine;

namespace NluSharp.Training.Losses;

/// <summary>Poly-1: cross-entropy plus ε times the first polynomial term.</summary>
/// <param name="epsilon">ε (the paper's default 1; negative values are allowed, ε ≥ −1 keeps the loss monotone).</param>
/// <param name="labelSmoothing">Label smoothing of both the cross-entropy and P_t.</param>
public sealed class Poly1Loss(double epsilon = 1.0, double labelSmoothing = 0) : TrainingLoss
{
    /// <summary>ε.</summary>
    public double Epsilon { get; } = double.IsFinite(epsilon) ? epsilon : throw new ArgumentOutOfRangeException(nameof(epsilon), epsilon, "poly-1 epsilon must be finite");
    readonly CrossEntropyLoss crossEntropy = new(labelSmoothing);

    /// <inheritdoc />
    public override Tensor<T> Compute<T>(Tensor<T> logits, LossTargets<T> targets)
    {
        var z = Rows(logits);
        int C = z.Size(1);
        var labels = LabelsOf(targets, "poly-1 loss");
        var ce = crossEntropy.Compute(z, targets);
        var (index, rowWeights) = RowReduction.For(labels, C, targets.Weights);
        var p = z.Softmax();
        var pt = p.Gather(1, index);                                                 // (N, 1)
        double eps = crossEntropy.LabelSmoothing;
        if (eps != 0)   // P_t = (1 − ε)p_t + (ε/C)Σ_c p_c
            pt = pt.MulScalar(T.CreateChecked(1 - eps)).Add(p.Sum([1], keepDim: true).MulScalar(T.CreateChecked(eps / C)));
        var poly = RowReduction.Reduce(pt.Neg().AddScalar(T.One), rowWeights);
        return ce.Add(poly.MulScalar(T.CreateChecked(Epsilon)));
    }
}
