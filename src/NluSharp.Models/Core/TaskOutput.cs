// What a task model returns: the loss (when labels were given), the head's logits and the encoder outputs.
using NluSharp.Engine;

namespace NluSharp.Models;

/// <summary>Task-model results.</summary>
public sealed record TaskOutput
{
    /// <summary>Scalar loss, or null without labels.</summary>
    public Tensor<float>? Loss { get; init; }
    /// <summary>[B, num_labels] (sequence), [B, T, num_labels] (token), [B, choices], [B, T, V] (masked LM / prediction),
    /// [B, T] (ELECTRA discriminator); null for question answering.</summary>
    public Tensor<float>? Logits { get; init; }
    /// <summary>Question answering: [B, T].</summary>
    public Tensor<float>? StartLogits { get; init; }
    /// <summary>Question answering: [B, T].</summary>
    public Tensor<float>? EndLogits { get; init; }
    /// <summary>ALBERT pretraining: sentence-order logits [B, 2].</summary>
    public Tensor<float>? SopLogits { get; init; }
    /// <summary>The encoder's outputs.</summary>
    public required EncoderOutput Encoder { get; init; }
}
