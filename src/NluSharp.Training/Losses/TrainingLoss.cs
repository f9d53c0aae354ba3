// Loss functions from logits and a batch's targets, matching the losses Hugging Face's *ForSequenceClassification
// heads compute for each problem_type (modeling_bert.py): single_label_classification → CrossEntropyLoss,
// regression → MSELoss(logits.squeeze(), labels.squeeze()), multi_label_classification → BCEWithLogitsLoss (mean).
using NluSharp.Engine;
using NluSharp.Training.Data;

namespace NluSharp.Training.Losses;

/// <summary>A scalar training loss computed from a model's logits and the batch.</summary>
public abstract class TrainingLoss
{
    /// <summary>The loss (a one-element tensor, mean over the batch).</summary>
    public abstract Tensor<float> Compute(Tensor<float> logits, Batch batch);

    /// <summary>Cross-entropy over class labels; label smoothing as torch's <c>label_smoothing</c>.</summary>
    public static TrainingLoss CrossEntropy(double labelSmoothing = 0.0) => new CrossEntropyLoss(labelSmoothing);
    /// <summary>Mean squared error against the batch's float targets.</summary>
    public static TrainingLoss MeanSquaredError() => new MseLoss();
    /// <summary>Binary cross-entropy with logits (multi-label), mean over all elements.</summary>
    public static TrainingLoss BinaryCrossEntropyWithLogits() => new BceWithLogitsLoss();

    /// <summary>
    /// The model's forward already returns its scalar loss (labels travel inside the batch, as a Hugging Face model that is
    /// given labels returns outputs.loss); used for pretraining, where the targets are made by masking inside the forward.
    /// </summary>
    public static TrainingLoss ComputedByModel() => new ModelLoss();

    sealed class ModelLoss : TrainingLoss
    {
        public override Tensor<float> Compute(Tensor<float> logits, Batch batch) =>
            logits.Length == 1 ? logits : throw new InvalidOperationException($"the model returned {logits.Length} values; a model that computes its own loss must return a scalar");
    }

    sealed class CrossEntropyLoss(double labelSmoothing) : TrainingLoss
    {
        public override Tensor<float> Compute(Tensor<float> logits, Batch batch) =>
            logits.CrossEntropy(batch.Labels ?? throw new InvalidOperationException("cross-entropy needs class labels; the batch has float targets"),
                labelSmoothing: labelSmoothing);
    }

    sealed class MseLoss : TrainingLoss
    {
        public override Tensor<float> Compute(Tensor<float> logits, Batch batch)
        {
            var targets = batch.Targets ?? throw new InvalidOperationException("mean squared error needs float targets; the batch has class labels");
            if (logits.Length != targets.Length)
                throw new InvalidOperationException($"regression logits have {logits.Length} values for {targets.Length} targets");
            return logits.Reshape((int)logits.Length).MseLoss(targets.Reshape((int)targets.Length));   // HF squeezes both
        }
    }

    sealed class BceWithLogitsLoss : TrainingLoss
    {
        // Numerically stable form (as torch): max(x, 0) − x·y + log(1 + exp(−|x|)), |x| = relu(x) + relu(−x).
        public override Tensor<float> Compute(Tensor<float> logits, Batch batch)
        {
            var y = batch.Targets ?? throw new InvalidOperationException("binary cross-entropy needs 0/1 float targets; the batch has class labels");
            if (logits.Length != y.Length) throw new InvalidOperationException($"multi-label logits have {logits.Length} values for {y.Length} targets");
            var x = logits.Reshape(y.Size(0), y.Size(1));
            var absX = x.Relu().Add(x.Neg().Relu());
            return x.Relu().Sub(x.Mul(y)).Add(absX.Neg().Exp().AddScalar(1f).Log()).Mean();
        }
    }
}
