// *ForQuestionAnswering: qa_outputs (Linear C → 2) on every token, split into start and end logits. The loss follows
// Hugging Face: positions are clamped to [0, T] and T is the ignore_index, so out-of-range answers are ignored;
// loss = (CE(start) + CE(end)) / 2.
using NluSharp.Checkpoints.Configs;
using NluSharp.Engine;
using NluSharp.Nn;

namespace NluSharp.Models;

/// <summary>Extractive question answering (span start and end).</summary>
public abstract class QuestionAnsweringModel : TaskModel
{
    readonly Dropout dropout;
    /// <summary>"qa_outputs".</summary>
    public Linear QaOutputs { get; }

    /// <summary>Registers the head; dropoutProb is 0 for all but DistilBERT (qa_dropout).</summary>
    protected QuestionAnsweringModel(ModelConfig config, string prefix, Module encoder, int hidden, double dropoutProb, Initializer init) : base(config, prefix, encoder)
    {
        dropout = AddModule("dropout", new Dropout(dropoutProb));
        QaOutputs = AddModule("qa_outputs", new Linear(hidden, config.NumLabels, init));
    }

    /// <inheritdoc />
    public override TaskOutput Forward(EncoderInput input, TaskLabels? labels = null)
    {
        var encoded = Encoder.Forward(input);
        var logits = QaOutputs.Forward(dropout.Forward(encoded.LastHiddenState));   // (B, T, 2)
        int B = logits.Size(0), T = logits.Size(1);
        var start = logits.Slice(-1, 0, 1).Reshape(B, T);                          // (B, T)
        var end = logits.Slice(-1, 1, 1).Reshape(B, T);                            // (B, T)
        Tensor<float>? loss = null;
        if (labels?.StartPositions is { } s && labels.EndPositions is { } e)
        {
            Tensor<int> Clamp(Tensor<int> p) => Tensor<int>.FromArray(p.ToArray().Select(v => Math.Clamp(v, 0, T)).ToArray(), B);
            loss = start.CrossEntropy(Clamp(s), ignoreIndex: T).Add(end.CrossEntropy(Clamp(e), ignoreIndex: T)).MulScalar(0.5f);
        }
        return new TaskOutput { Encoder = encoded, StartLogits = start, EndLogits = end, Loss = loss };
    }
}
