// What a loss compares the model's output with, in the output's precision: class labels (−100 = ignored row, as
// torch's ignore_index), float targets, per-example weights and, for losses on representations, sentence features.
using System.Numerics;
using NluSharp.Engine;
using NluSharp.Training.Data;

namespace NluSharp.Training.Losses;

/// <summary>Targets of one batch as the losses see them (B rows).</summary>
public sealed record LossTargets<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>Class labels (B); rows labelled <see cref="LossTargets.IgnoreIndex"/> are left out of the loss.</summary>
    public Tensor<int>? Labels { get; init; }
    /// <summary>Float targets (B, K): regression values or multi-label 0/1.</summary>
    public Tensor<T>? Targets { get; init; }
    /// <summary>
    /// A weight per example (B), multiplying that example's loss; null = all 1. The reduction's denominator does not
    /// change (the number of valid rows, or torch's Σ class weights), so weights of 1 give the unweighted loss and a
    /// weight of 0 drops a row's contribution while it still counts as a row.
    /// </summary>
    public Tensor<T>? Weights { get; init; }
    /// <summary>Sentence features (B, D) for losses on representations (supervised contrastive); null otherwise.</summary>
    public Tensor<T>? Features { get; init; }
}

/// <summary>Building <see cref="LossTargets{T}"/>.</summary>
public static class LossTargets
{
    /// <summary>The label that leaves a row out of every label-based loss (torch's default ignore_index).</summary>
    public const int IgnoreIndex = -100;

    /// <summary>The targets of a trainer batch (labels or float targets, and its example weights), plus the model's features.</summary>
    public static LossTargets<float> From(Batch batch, Tensor<float>? features = null) =>
        new() { Labels = batch.Labels, Targets = batch.Targets, Weights = batch.Weights, Features = features };
}

/// <summary>How label-based losses reduce their per-row values: a weighted sum whose weights hold the mean.</summary>
internal static class RowReduction
{
    /// <summary>
    /// For labels (B): a gather index (B, 1) with ignored rows pointed at class 0 (their weight is 0), and the row
    /// weights w_i·extra_i / denominator (0 on ignored rows), denominator = number of valid rows, so that
    /// Σ_i weight_i·loss_i is the mean over valid rows (ignored rows get an exact 0 gradient).
    /// </summary>
    public static (Tensor<int> Index, Tensor<T> RowWeights) For<T>(Tensor<int> labels, int classes, Tensor<T>? exampleWeights,
        Func<int, T>? perClass = null, T? denominator = null) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var y = labels.Contiguous().ToArray();
        int B = y.Length;
        var w = CheckedWeights(exampleWeights, B);
        var index = new int[B];
        var rowWeights = new T[B];
        int valid = 0;
        for (int i = 0; i < B; i++)
        {
            if (y[i] == LossTargets.IgnoreIndex) continue;
            if ((uint)y[i] >= (uint)classes)
                throw new ArgumentOutOfRangeException(nameof(labels), $"label {y[i]} at row {i} is not a class index in [0, {classes}) nor ignore_index {LossTargets.IgnoreIndex}");
            index[i] = y[i];
            rowWeights[i] = (w?[i] ?? T.One) * (perClass?.Invoke(y[i]) ?? T.One);
            valid++;
        }
        // All rows ignored: NaN, as torch's mean over zero rows.
        T d = denominator ?? T.CreateChecked(valid);
        for (int i = 0; i < B; i++) rowWeights[i] /= d;
        return (Tensor<int>.FromArray(index, B, 1), Tensor<T>.FromArray(rowWeights, B));
    }

    /// <summary>Row weights w_i / B for losses without labels (every row counts).</summary>
    public static Tensor<T> Uniform<T>(int B, Tensor<T>? exampleWeights) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var w = CheckedWeights(exampleWeights, B);
        var rowWeights = new T[B];
        for (int i = 0; i < B; i++) rowWeights[i] = (w?[i] ?? T.One) / T.CreateChecked(B);
        return Tensor<T>.FromArray(rowWeights, B);
    }

    /// <summary>Σ_i rowWeights_i · perRow_i (perRow of shape (B) or (B, 1)).</summary>
    public static Tensor<T> Reduce<T>(Tensor<T> perRow, Tensor<T> rowWeights) where T : unmanaged, IFloatingPointIeee754<T> =>
        perRow.Reshape((int)perRow.Length).Mul(rowWeights).Sum();

    /// <summary>log Σ_c exp z_c per row (B, 1), shifted by the (constant) row maximum: its gradient is softmax(z).</summary>
    public static Tensor<T> LogSumExp<T>(Tensor<T> logits) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var m = logits.Detach().Max(-1, keepDim: true);
        return logits.Sub(m).Exp().Sum([-1], keepDim: true).Log().Add(m);
    }

    static T[]? CheckedWeights<T>(Tensor<T>? weights, int B) where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (weights is null) return null;
        if (weights.Length != B) throw new ArgumentException($"{weights.Length} example weights for a batch of {B}");
        var w = weights.Contiguous().ToArray();
        for (int i = 0; i < B; i++)
            if (!T.IsFinite(w[i]) || w[i] < T.Zero) throw new ArgumentException($"example weight {w[i]} at row {i} is not a finite non-negative number");
        return w;
    }
}
