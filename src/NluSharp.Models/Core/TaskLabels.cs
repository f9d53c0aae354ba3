// Labels for the task heads; each head reads the fields it needs (as the `labels`, `start_positions`, … arguments of
// the Hugging Face forward methods).
using NluSharp.Engine;

namespace NluSharp.Models;

/// <summary>Training targets; a head computes a loss when its fields are set.</summary>
public sealed record TaskLabels
{
    /// <summary>Class ids: [B] for sequence classification and multiple choice, [B, T] for token classification and
    /// masked LM (-100 = ignored), [B, T] of 0/1 for ELECTRA's discriminator.</summary>
    public Tensor<int>? Classes { get; init; }
    /// <summary>Float targets: [B] for regression, [B, num_labels] for multi-label classification.</summary>
    public Tensor<float>? Values { get; init; }
    /// <summary>Question answering: answer start token [B].</summary>
    public Tensor<int>? StartPositions { get; init; }
    /// <summary>Question answering: answer end token [B].</summary>
    public Tensor<int>? EndPositions { get; init; }
    /// <summary>ALBERT pretraining: sentence-order label [B].</summary>
    public Tensor<int>? SentenceOrder { get; init; }
}
