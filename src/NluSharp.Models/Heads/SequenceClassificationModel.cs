// The shared part of every *ForSequenceClassification: run the encoder, let the architecture's head map it to
// [B, num_labels], and apply the loss chosen by problem_type.
using NluSharp.Checkpoints.Configs;
using NluSharp.Engine;
using NluSharp.Nn;

namespace NluSharp.Models;

/// <summary>A model that classifies (or regresses) whole sequences.</summary>
public abstract class SequenceClassificationModel : TaskModel
{
    /// <summary>Sets config and prefix.</summary>
    protected SequenceClassificationModel(ModelConfig config, string prefix, Module encoder) : base(config, prefix, encoder) { }

    /// <summary>Logits [B, num_labels] from the encoder outputs.</summary>
    protected abstract Tensor<float> Head(EncoderOutput encoded);

    /// <inheritdoc />
    public override TaskOutput Forward(EncoderInput input, TaskLabels? labels = null)
    {
        var encoded = Encoder.Forward(input);
        var logits = Head(encoded);
        return new TaskOutput { Encoder = encoded, Logits = logits, Loss = ClassificationLoss.Compute(Config, logits, labels) };
    }
}
