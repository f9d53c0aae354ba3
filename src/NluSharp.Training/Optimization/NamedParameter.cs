// A trainable tensor with its checkpoint name (the Hugging Face key, e.g. "bert.encoder.layer.0.output.dense.bias").
using NluSharp.Engine;

namespace NluSharp.Training.Optimization;

/// <summary>A parameter the optimizer updates in place, named as in the model's checkpoint.</summary>
/// <param name="Name">Checkpoint key; unique within a model.</param>
/// <param name="Value">The parameter (contiguous, <c>RequiresGrad = true</c>); its <c>Grad</c> holds the accumulated gradient.</param>
public sealed record NamedParameter(string Name, Tensor<float> Value);
