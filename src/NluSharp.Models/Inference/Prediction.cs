// What the inference API returns for one input, by head: label and probabilities (sequence classification), per-token
// labels (token classification), the answer span (question answering) or the top tokens at each mask (masked LM).
namespace NluSharp.Models;

/// <summary>One token's predicted label.</summary>
public sealed record TokenLabel(int Index, int TokenId, string Label, float Score);

/// <summary>An answer span in token indices (inclusive), with its score start_logit + end_logit.</summary>
public sealed record AnswerSpan(int Start, int End, float Score, string? Text);

/// <summary>A candidate token for one masked position.</summary>
public sealed record MaskCandidate(int Position, int TokenId, string? Token, float Score);

/// <summary>The prediction for one input.</summary>
public sealed record Prediction
{
    /// <summary>Raw logits: [num_labels] (sequence), [T·num_labels] flattened (token), [2·T] start then end (QA).</summary>
    public required float[] Logits { get; init; }
    /// <summary>Softmax (single-label) or sigmoid (multi-label) of the logits; empty for regression and other heads.</summary>
    public float[] Probabilities { get; init; } = [];
    /// <summary>Predicted label name (id2label) for sequence classification; null otherwise.</summary>
    public string? Label { get; init; }
    /// <summary>Predicted label id, or -1.</summary>
    public int LabelId { get; init; } = -1;
    /// <summary>Token classification: one label per real (unpadded) token.</summary>
    public IReadOnlyList<TokenLabel>? TokenLabels { get; init; }
    /// <summary>Question answering: the best span.</summary>
    public AnswerSpan? Answer { get; init; }
    /// <summary>Masked LM: top-k tokens at every mask position.</summary>
    public IReadOnlyList<MaskCandidate>? MaskCandidates { get; init; }
}
