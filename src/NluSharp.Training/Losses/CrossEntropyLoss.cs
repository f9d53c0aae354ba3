// Cross-entropy with label smoothing, class weights and ignore_index, as torch.nn.functional.cross_entropy (1.13,
// aten/src/ATen/native/LossNLL.cpp cross_entropy_loss_label_smoothing): with class weights w_c the mean divides by
// Σ_valid w[y_i], and the smoothing term is ε/C · Σ_i Σ_c w_c(−log p_ic) over the same denominator.
// Without class or example weights it is the engine's fused op (Ops.CrossEntropy), bit for bit what the trainer always ran.
using System.Numerics;
using NluSharp.Engine;

namespace NluSharp.Training.Losses;

/// <summary>Softmax cross-entropy over class labels.</summary>
/// <param name="labelSmoothing">ε in [0, 1]: loss_i = (1−ε)(−log p_t) + (ε/C)Σ_c(−log p_c).</param>
/// <param name="classWeights">Per-class weights w_c (torch's <c>weight</c>), or null.</param>
public sealed class CrossEntropyLoss(double labelSmoothing = 0, double[]? classWeights = null) : TrainingLoss
{
    /// <summary>ε.</summary>
    public double LabelSmoothing { get; } = labelSmoothing is >= 0 and <= 1 ? labelSmoothing
        : throw new ArgumentOutOfRangeException(nameof(labelSmoothing), labelSmoothing, "label smoothing must be in [0, 1]");
    /// <summary>Per-class weights, or null.</summary>
    public double[]? ClassWeights { get; } = classWeights;

    /// <inheritdoc />
    public override Tensor<T> Compute<T>(Tensor<T> logits, LossTargets<T> targets)
    {
        var labels = LabelsOf(targets, "cross-entropy");
        if (ClassWeights is null && targets.Weights is null)
            return logits.CrossEntropy(labels, LossTargets.IgnoreIndex, LabelSmoothing);
        return Weighted(Rows(logits), labels, targets.Weights, LabelSmoothing, ClassWeights);
    }

    /// <summary>The composed form with class and/or example weights (also the fused op's oracle in the tests).</summary>
    internal static Tensor<T> Weighted<T>(Tensor<T> z, Tensor<int> labels, Tensor<T>? exampleWeights, double smoothing, double[]? classWeights)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int C = z.Size(1);
        if (classWeights != null && classWeights.Length != C)
            throw new ArgumentException($"cross-entropy: {classWeights.Length} class weights for {C} classes");
        var wc = classWeights?.Select(T.CreateChecked).ToArray();
        T denominator = T.Zero;   // torch: Σ_valid w[y_i] (the number of valid rows without class weights)
        foreach (var y in labels.Contiguous().ToArray())
            if (y != LossTargets.IgnoreIndex && (uint)y < (uint)C) denominator += wc?[y] ?? T.One;
        var (index, nllWeights) = RowReduction.For(labels, C, exampleWeights, wc == null ? null : c => wc[c], denominator);

        var logp = z.LogSoftmax();                                                   // (N, C)
        var loss = RowReduction.Reduce(logp.Gather(1, index).Neg(), nllWeights);     // Σ_i w_i·w[y_i]·(−log p_t) / denominator
        if (smoothing == 0) return loss;
        var (_, rowWeights) = RowReduction.For(labels, C, exampleWeights, null, denominator);
        var weighted = wc == null ? logp : logp.Mul(Tensor<T>.FromArray(wc, 1, C));
        var smooth = RowReduction.Reduce(weighted.Sum([1]).Neg(), rowWeights);      // Σ_i w_i·Σ_c w_c(−log p_c) / denominator
        T eps = T.CreateChecked(smoothing);
        return loss.MulScalar(T.One - eps).Add(smooth.MulScalar(eps / T.CreateChecked(C)));
    }
}
