// What a base model returns (Hugging Face BaseModelOutputWithPooling with output_hidden_states and output_attentions).
using NluSharp.Engine;

namespace NluSharp.Models;

/// <summary>Encoder results for a batch.</summary>
/// <param name="LastHiddenState">[B, T, C].</param>
/// <param name="PoolerOutput">[B, C] (tanh(dense(h[:, 0]))) when the model has a pooler, else null.</param>
/// <param name="HiddenStates">N + 1 tensors [B, T, C]: the encoder input (after any embedding projection), then each layer's output.</param>
/// <param name="Attentions">N tensors [B, H, T, T] of attention probabilities.</param>
/// <param name="EmbeddingOutput">The embeddings after LayerNorm (width embedding_size), for ALBERT and ELECTRA.</param>
public sealed record EncoderOutput(Tensor<float> LastHiddenState, Tensor<float>? PoolerOutput,
    IReadOnlyList<Tensor<float>> HiddenStates, IReadOnlyList<Tensor<float>> Attentions, Tensor<float>? EmbeddingOutput = null);
