// The losses the trainer minimizes, from a model's output and the batch's targets. The defaults match the losses
// Hugging Face's *ForSequenceClassification heads compute for each problem_type (modeling_bert.py):
// single_label_classification → CrossEntropyLoss, regression → MSELoss(logits.squeeze(), labels.squeeze()),
// multi_label_classification → BCEWithLogitsLoss (mean). The rest of the catalogue lives beside this file, one loss
// per file; each is generic over the precision so that float64 parity tests run the same code as training.
using System.Numerics;
using NluSharp.Engine;
using NluSharp.Training.Data;
using NluSharp.Training.Model;

namespace NluSharp.Training.Losses;

/// <summary>A scalar training loss computed from a model's output (logits) and the batch.</summary>
public abstract class TrainingLoss
{
    /// <summary>The loss of a trainer batch (a one-element tensor); <paramref name="features"/> only for <see cref="NeedsFeatures"/>.</summary>
    public Tensor<float> Compute(Tensor<float> logits, Batch batch, Tensor<float>? features = null) =>
        Compute(logits, LossTargets.From(batch, features));

    /// <summary>The loss (a one-element tensor) in any precision.</summary>
    public abstract Tensor<T> Compute<T>(Tensor<T> logits, LossTargets<T> targets) where T : unmanaged, IFloatingPointIeee754<T>;

    /// <summary>Whether the loss also needs the model's sentence features (<see cref="LossTargets{T}.Features"/>).</summary>
    public virtual bool NeedsFeatures => false;

    /// <summary>Runs <paramref name="model"/> on the batch and this loss on its output (with the model's sentence features when the loss needs them).</summary>
    public (Tensor<float> Logits, Tensor<float> Loss) Forward(ITrainableModel model, Batch batch, ForwardContext context)
    {
        if (!NeedsFeatures)
        {
            var output = model.Forward(batch, context);
            return (output, Compute(output, batch));
        }
        var (logits, features) = model is ISentenceFeatures withFeatures ? withFeatures.ForwardWithFeatures(batch, context)
            : throw new InvalidOperationException($"{GetType().Name} needs sentence features, which a {model.GetType().Name} does not provide");
        return (logits, Compute(logits, batch, features));
    }

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
        public override Tensor<T> Compute<T>(Tensor<T> logits, LossTargets<T> targets) =>
            logits.Length == 1 ? logits : throw new InvalidOperationException($"the model returned {logits.Length} values; a model that computes its own loss must return a scalar");
    }

    /// <summary>The class labels, or the error every label-based loss gives for a regression / multi-label batch.</summary>
    protected static Tensor<int> LabelsOf<T>(LossTargets<T> targets, string loss) where T : unmanaged, IFloatingPointIeee754<T> =>
        targets.Labels ?? throw new InvalidOperationException($"{loss} needs class labels; the batch has float targets");

    /// <summary>The float targets, or the error for a batch of class labels.</summary>
    protected static Tensor<T> FloatTargetsOf<T>(LossTargets<T> targets, string loss, string kind) where T : unmanaged, IFloatingPointIeee754<T> =>
        targets.Targets ?? throw new InvalidOperationException($"{loss} needs {kind}; the batch has class labels");

    /// <summary>Logits as (N, C) rows: (B, C) stays, anything else is flattened to rows of its last axis.</summary>
    protected static Tensor<T> Rows<T>(Tensor<T> logits) where T : unmanaged, IFloatingPointIeee754<T> =>
        logits.Rank == 2 ? logits : logits.Reshape((int)(logits.Length / logits.Size(-1)), logits.Size(-1));
}
