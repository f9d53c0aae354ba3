// An optional capability of a trainable model: besides its logits, the sentence representation its head starts
// from, for losses on representations (supervised contrastive). The trainer asks for it only when the loss needs it.
using NluSharp.Engine;
using NluSharp.Training.Data;

namespace NluSharp.Training.Model;

/// <summary>A model that can return its sentence features together with its logits.</summary>
public interface ISentenceFeatures
{
    /// <summary>Logits as <see cref="ITrainableModel.Forward"/>, and sentence features (B, D) from the same pass.</summary>
    (Tensor<float> Logits, Tensor<float> Features) ForwardWithFeatures(Batch batch, ForwardContext context);
}
