// The bridge between a Hugging Face-style *ForSequenceClassification model and the trainer: a padded Batch becomes
// input_ids / attention_mask / token_type_ids, dropout masks come from the trainer's (seed, step), and a checkpoint
// folder gets the model's config.json (the trainer writes model.safetensors with the same keys).
using NluSharp.Engine;
using NluSharp.Models;
using NluSharp.Nn;
using NluSharp.Training.Data;
using NluSharp.Training.Model;
using NluSharp.Training.Optimization;

namespace NluSharp.Training.FineTuning;

/// <summary>A sequence-classification (or regression) model the trainer can fine-tune.</summary>
public sealed class SequenceClassifier : ITrainableModel, ISentenceFeatures
{
    readonly HashSet<string> layerNormParameters;

    /// <summary>Wraps <paramref name="model"/>; its parameters are trained in place.</summary>
    public SequenceClassifier(SequenceClassificationModel model)
    {
        Model = model;
        Parameters = TaskModelParameters.Trainable(model);
        layerNormParameters = TaskModelParameters.LayerNormNames(model).ToHashSet(StringComparer.Ordinal);
    }

    /// <summary>The wrapped model.</summary>
    public SequenceClassificationModel Model { get; }

    /// <inheritdoc />
    public IReadOnlyList<NamedParameter> Parameters { get; }

    /// <summary>Whether a parameter belongs to a LayerNorm module (no weight decay, as Hugging Face's Trainer).</summary>
    public bool IsInsideLayerNorm(string parameterName) => layerNormParameters.Contains(parameterName);

    /// <inheritdoc />
    public Tensor<float> Forward(Batch batch, ForwardContext context) => Run(batch, context).Logits!;

    /// <summary>
    /// Logits and the sentence features: the pooler output where the model has a pooler (what BERT's and ALBERT's heads
    /// classify), else the first token's last hidden state ([CLS] / &lt;s&gt;, where the other heads start), as Gunel et
    /// al. 2021 take the [CLS] representation for the contrastive term.
    /// </summary>
    public (Tensor<float> Logits, Tensor<float> Features) ForwardWithFeatures(Batch batch, ForwardContext context)
    {
        var output = Run(batch, context);
        var hidden = output.Encoder.LastHiddenState;                                 // (B, T, C)
        var features = output.Encoder.PoolerOutput ?? hidden.Slice(1, 0, 1).Reshape(hidden.Size(0), hidden.Size(2));
        return (output.Logits!, features);
    }

    TaskOutput Run(Batch batch, ForwardContext context)
    {
        Model.Train(context.Training);
        using var dropout = context.Training ? DropoutContext.Begin(context.Seed, context.Step) : null;
        var input = new EncoderInput(batch.InputIds, batch.AttentionMask, batch.TokenTypeIds);
        return Model.Forward(input);
    }

    /// <inheritdoc />
    public void SaveConfig(string folder) => Pretrained.SaveConfig(Model, folder);
}
