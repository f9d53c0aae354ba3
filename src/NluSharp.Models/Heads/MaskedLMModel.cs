// *ForMaskedLM: the architecture's prediction head gives [B, T, V] logits (decoder tied to the word embeddings);
// cross-entropy over positions whose label is not -100.
using NluSharp.Checkpoints.Configs;
using NluSharp.Engine;
using NluSharp.Nn;

namespace NluSharp.Models;

/// <summary>Predicts masked tokens.</summary>
public abstract class MaskedLMModel : TaskModel
{
    /// <summary>Sets config and prefix.</summary>
    protected MaskedLMModel(ModelConfig config, string prefix, Module encoder) : base(config, prefix, encoder) { }

    /// <summary>Vocabulary logits [B, T, V] from the last hidden state.</summary>
    protected abstract Tensor<float> Predict(Tensor<float> hidden);

    /// <inheritdoc />
    public override TaskOutput Forward(EncoderInput input, TaskLabels? labels = null)
    {
        var encoded = Encoder.Forward(input);
        var logits = Predict(encoded.LastHiddenState);                              // (B, T, V)
        var loss = labels?.Classes is { } t ? logits.Reshape(-1, logits.Size(-1)).CrossEntropy(t.Reshape(-1)) : null;
        return new TaskOutput { Encoder = encoded, Logits = logits, Loss = loss };
    }

    /// <summary>
    /// Vocabulary logits [M, V] at the M positions <paramref name="flatPositions"/> (b·T + t) only: the hidden states are
    /// gathered first, so the V-wide decoder runs on the ~15 % of tokens that are masked instead of all B·T (as
    /// pretraining code such as NVIDIA's BERT and Megatron does; the result equals Forward's logits at those rows).
    /// </summary>
    public Tensor<float> ForwardAt(EncoderInput input, int[] flatPositions)
    {
        var hidden = Encoder.Forward(input).LastHiddenState;                       // (B, T, C)
        int C = hidden.Size(-1), M = flatPositions.Length;
        var index = new int[M * C];
        for (int m = 0; m < M; m++) index.AsSpan(m * C, C).Fill(flatPositions[m]);
        var rows = hidden.Reshape(-1, C).Gather(0, Tensor<int>.FromArray(index, M, C));   // (M, C)
        return Predict(rows);                                                       // (M, V)
    }
}
