// *ForMultipleChoice: [B, choices, T] inputs are flattened to [B·choices, T], each choice is scored by the
// architecture's head ([B·choices, 1]) and the scores reshaped to [B, choices]; cross-entropy over choices.
using NluSharp.Checkpoints.Configs;
using NluSharp.Engine;
using NluSharp.Nn;

namespace NluSharp.Models;

/// <summary>Picks one of several candidate continuations.</summary>
public abstract class MultipleChoiceModel : TaskModel
{
    /// <summary>Sets config and prefix.</summary>
    protected MultipleChoiceModel(ModelConfig config, string prefix, Module encoder) : base(config, prefix, encoder) { }

    /// <summary>One score per flattened choice, [B·choices, 1].</summary>
    protected abstract Tensor<float> Score(EncoderOutput encoded);

    /// <inheritdoc />
    public override TaskOutput Forward(EncoderInput input, TaskLabels? labels = null)
    {
        int choices = input.InputIds.Size(1);
        var encoded = Encoder.Forward(input.FlattenChoices());
        var logits = Score(encoded).Reshape(-1, choices);                          // (B, choices)
        var loss = labels?.Classes is { } t ? logits.CrossEntropy(t.Reshape(-1)) : null;
        return new TaskOutput { Encoder = encoded, Logits = logits, Loss = loss };
    }
}
