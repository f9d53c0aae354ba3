// *ForTokenClassification, identical across the architectures: dropout → classifier (Linear C → num_labels) on every
// token; cross-entropy with ignore_index -100.
using NluSharp.Checkpoints.Configs;
using NluSharp.Engine;
using NluSharp.Nn;

namespace NluSharp.Models;

/// <summary>Labels every token.</summary>
public abstract class TokenClassificationModel : TaskModel
{
    readonly Dropout dropout;
    /// <summary>"classifier".</summary>
    public Linear Classifier { get; }

    /// <summary>Registers the encoder, then the head.</summary>
    protected TokenClassificationModel(ModelConfig config, string prefix, Module encoder, int hidden, double dropoutProb, Initializer init) : base(config, prefix, encoder)
    {
        dropout = AddModule("dropout", new Dropout(dropoutProb));
        Classifier = AddModule("classifier", new Linear(hidden, config.NumLabels, init));
    }

    /// <inheritdoc />
    public override TaskOutput Forward(EncoderInput input, TaskLabels? labels = null)
    {
        var encoded = Encoder.Forward(input);
        var logits = Classifier.Forward(dropout.Forward(encoded.LastHiddenState));   // (B, T, num_labels)
        var loss = labels?.Classes is { } t ? logits.Reshape(-1, logits.Size(-1)).CrossEntropy(t.Reshape(-1)) : null;
        return new TaskOutput { Encoder = encoded, Logits = logits, Loss = loss };
    }
}
