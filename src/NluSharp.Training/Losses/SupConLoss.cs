// Supervised contrastive loss, Khosla et al. 2020 ("Supervised Contrastive Learning", eq. 2, L^sup_out; reference
// code HobbitLong/SupContrast losses.py, one view, contrast_mode "all"): z = normalize(f),
// l_i = −(1/|P(i)|) Σ_{p∈P(i)} log[exp(z_i·z_p/τ) / Σ_{a≠i} exp(z_i·z_a/τ)], mean over anchors, with
// base_temperature = temperature and no +1e-9 inside the log. For fine-tuning a classifier it is mixed with
// cross-entropy as Gunel et al. 2021 ("Supervised Contrastive Learning for Pre-trained Language Model Fine-tuning"):
// (1 − λ)·CE(logits) + λ·SupCon(sentence features).
using System.Numerics;
using NluSharp.Engine;

namespace NluSharp.Training.Losses;

/// <summary>(1 − λ)·cross-entropy on the logits + λ·supervised contrastive loss on the model's sentence features.</summary>
/// <param name="temperature">τ &gt; 0.</param>
/// <param name="weight">λ in [0, 1] (Gunel et al.: 0.9 with τ 0.3).</param>
/// <param name="labelSmoothing">Label smoothing of the cross-entropy part.</param>
public sealed class SupConLoss(double temperature = 0.3, double weight = 0.9, double labelSmoothing = 0) : TrainingLoss
{
    /// <summary>τ.</summary>
    public double Temperature { get; } = temperature > 0 && double.IsFinite(temperature) ? temperature
        : throw new ArgumentOutOfRangeException(nameof(temperature), temperature, "the temperature must be a finite number > 0");
    /// <summary>λ.</summary>
    public double Weight { get; } = weight is >= 0 and <= 1 ? weight : throw new ArgumentOutOfRangeException(nameof(weight), weight, "the supcon weight must be in [0, 1]");
    readonly CrossEntropyLoss crossEntropy = new(labelSmoothing);

    /// <inheritdoc />
    public override bool NeedsFeatures => Weight > 0;

    /// <inheritdoc />
    public override Tensor<T> Compute<T>(Tensor<T> logits, LossTargets<T> targets)
    {
        var labels = LabelsOf(targets, "supervised contrastive loss");
        var ce = Weight < 1 ? crossEntropy.Compute(logits, targets).MulScalar(T.CreateChecked(1 - Weight)) : null;
        if (Weight == 0) return ce!;
        var features = targets.Features ?? throw new InvalidOperationException("the supervised contrastive loss needs the model's sentence features; the model gave none");
        var con = Contrastive(features, labels, Temperature, targets.Weights).MulScalar(T.CreateChecked(Weight));
        return ce == null ? con : ce.Add(con);
    }

    /// <summary>
    /// L^sup_out on features (N, D). Anchors are the rows whose label has another row in the batch; the loss is the
    /// mean over them (an anchor with no positive is skipped instead of giving NaN; 0 when there is none). Rows
    /// labelled −100 are neither anchors nor positives but stay in the denominators. Example weights w_i multiply
    /// anchor i's loss (the mean's denominator stays the number of anchors).
    /// </summary>
    public static Tensor<T> Contrastive<T>(Tensor<T> features, Tensor<int> labels, double temperature, Tensor<T>? exampleWeights = null)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (features.Rank != 2) throw new ArgumentException($"supervised contrastive: features must be (N, D), got {features.Rank} dimensions");
        int N = features.Size(0);
        var y = labels.Contiguous().ToArray();
        if (y.Length != N) throw new ArgumentException($"supervised contrastive: {N} feature rows but {y.Length} labels");
        var w = exampleWeights?.Contiguous().ToArray();
        if (w != null && w.Length != N) throw new ArgumentException($"{w.Length} example weights for a batch of {N}");

        // Constant weights of log_prob: P_ij = w_i / (|P(i)|·anchors) for positives j of anchor i.
        var positives = new T[N * N];
        int anchors = 0;
        var count = new int[N];
        for (int i = 0; i < N; i++)
            for (int j = 0; j < N; j++)
                if (i != j && y[i] != LossTargets.IgnoreIndex && y[i] == y[j]) count[i]++;
        foreach (var c in count) if (c > 0) anchors++;
        if (anchors == 0) return Tensor<T>.Scalar(T.Zero);
        for (int i = 0; i < N; i++)
            for (int j = 0; j < N; j++)
                if (i != j && count[i] > 0 && y[i] == y[j])
                    positives[i * N + j] = (w?[i] ?? T.One) / T.CreateChecked(count[i] * anchors);
        var self = new bool[N * N];
        for (int i = 0; i < N; i++) self[i * N + i] = true;

        var norm = features.Mul(features).Sum([1], keepDim: true).Sqrt();           // (N, 1)
        var z = features.Div(norm);                                                  // (N, D), unit rows
        var similarity = z.MatMul(z.Transpose(0, 1)).MulScalar(T.One / T.CreateChecked(temperature));   // (N, N)
        // exp(−1e30) is 0: the anchor drops out of its own denominator, and its finite log-prob is multiplied by 0.
        var logProb = similarity.MaskedFill(Tensor<bool>.FromArray(self, N, N), T.CreateChecked(-1e30)).LogSoftmax();
        return logProb.Mul(Tensor<T>.FromArray(positives, N, N)).Sum().Neg();
    }
}
