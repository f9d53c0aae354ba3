// Harmonic loss, Baek et al. 2025 ("Harmonic Loss Trains Interpretable AI Models", arXiv 2502.01628): the class
// scores are distances, d_ic = ‖x_i − w_c‖₂, p_ic = d_ic^{−n} / Σ_j d_ij^{−n} = softmax(−n·ln d_i)_c, loss = mean over
// valid rows of −log p[y]. The authors' code (KindXiaoming/grow-crystals src/utils/model.py, DistLayer) raises the
// squared distance plus 1e-4 to −n instead, so its n is the paper's 2n; both are here (Variant). x are the
// features that enter the classifier and w its class weight vectors (the unembedding the distances replace).
using System.Numerics;
using NluSharp.Engine;

namespace NluSharp.Training.Losses;

/// <summary>Harmonic loss on features and class weight vectors.</summary>
public static class HarmonicLoss
{
    /// <summary>Which definition of the distance scores.</summary>
    public enum Variant
    {
        /// <summary>The paper: scores −n·ln ‖x − w_c‖.</summary>
        Paper,
        /// <summary>The authors' DistLayer: scores −n·ln(‖x − w_c‖² + 1e-4).</summary>
        Code,
    }

    /// <summary>Distance scores (N, C) from features x (N, D) and class vectors w (C, D): softmax of them is p.</summary>
    public static Tensor<T> Scores<T>(Tensor<T> x, Tensor<T> w, double n, Variant variant = Variant.Paper) where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (x.Rank != 2 || w.Rank != 2 || x.Size(1) != w.Size(1))
            throw new ArgumentException($"harmonic loss: features {Shapes.Format(x.Shape)} and class vectors {Shapes.Format(w.Shape)} must be (N, D) and (C, D)");
        if (!(n > 0) || !double.IsFinite(n)) throw new ArgumentOutOfRangeException(nameof(n), n, "the harmonic exponent n must be a finite number > 0");
        var diff = x.Unsqueeze(1).Sub(w.Unsqueeze(0));                              // (N, C, D)
        var squared = diff.Mul(diff).Sum([2]);                                       // ‖x_i − w_c‖², (N, C)
        return variant == Variant.Paper
            ? squared.Log().MulScalar(T.CreateChecked(-n / 2))                       // −n·ln d = −(n/2)·ln d²
            : squared.AddScalar(T.CreateChecked(1e-4)).Log().MulScalar(T.CreateChecked(-n));
    }

    /// <summary>Mean over valid rows of −log p[y] (labels −100 ignored).</summary>
    public static Tensor<T> Compute<T>(Tensor<T> x, Tensor<T> w, Tensor<int> labels, double n, Variant variant = Variant.Paper)
        where T : unmanaged, IFloatingPointIeee754<T> =>
        Scores(x, w, n, variant).CrossEntropy(labels, LossTargets.IgnoreIndex);
}
