// The bridge between a *ForMaskedLM model and the trainer for pretraining: each micro-batch is masked on the fly from
// the trainer's (seed, step), the encoder runs on the corrupted ids, the LM head runs only at the masked positions, and
// the forward returns the mean cross-entropy over them (the model computes its own loss, as a Hugging Face model does
// when the labels are part of its inputs; the trainer is given TrainingLoss.ComputedByModel()).
using NluSharp.Engine;
using NluSharp.Models;
using NluSharp.Nn;
using NluSharp.Training.Data;
using NluSharp.Training.Model;
using NluSharp.Training.Optimization;

namespace NluSharp.Training.Pretraining;

/// <summary>A masked language model the trainer can pretrain.</summary>
public sealed class MaskedLMPretrainer : IPretrainer
{
    readonly HashSet<string> layerNormParameters;

    /// <summary>Wraps <paramref name="model"/>; its parameters are trained in place.</summary>
    public MaskedLMPretrainer(MaskedLMModel model, TokenMasker masker)
    {
        Model = model;
        Masker = masker;
        Parameters = TaskModelParameters.Trainable(model);
        layerNormParameters = TaskModelParameters.LayerNormNames(model).ToHashSet(StringComparer.Ordinal);
    }

    /// <summary>The wrapped model.</summary>
    public MaskedLMModel Model { get; }

    /// <summary>The masking policy.</summary>
    public TokenMasker Masker { get; }

    /// <inheritdoc />
    public IReadOnlyList<NamedParameter> Parameters { get; }

    /// <inheritdoc />
    public bool IsInsideLayerNorm(string parameterName) => layerNormParameters.Contains(parameterName);

    /// <summary>Masks the batch for (seed, step), runs the model and returns the loss; <paramref name="masked"/> receives the masking.</summary>
    public (Tensor<float> Logits, Tensor<float> Loss) Run(Batch batch, ForwardContext context, ulong maskSeed, ulong maskStep, out MaskedBatch masked)
    {
        Model.Train(context.Training);
        using var dropout = context.Training ? DropoutContext.Begin(context.Seed, context.Step) : null;
        int B = batch.Size, T = batch.Length;
        masked = Masker.Mask(batch.InputIds.AsSpan(), B, T, maskSeed, maskStep);
        if (masked.Positions.Length == 0)
            throw new InvalidOperationException($"no token of this {B}×{T} batch was selected for prediction; use longer sequences or a larger batch");
        var input = new EncoderInput(Tensor<int>.FromArray(masked.InputIds, B, T), batch.AttentionMask, batch.TokenTypeIds);
        var logits = Model.ForwardAt(input, masked.Positions);                                    // (M, V)
        var loss = logits.CrossEntropy(Tensor<int>.FromArray(masked.Labels, masked.Labels.Length));
        return (logits, loss);
    }

    /// <inheritdoc />
    /// <remarks>Returns the scalar loss; the masks of micro-batch <c>context.Step</c> come from the run seed.</remarks>
    public Tensor<float> Forward(Batch batch, ForwardContext context) => Run(batch, context, context.Seed, context.Step, out _).Loss;

    /// <inheritdoc />
    public void SaveConfig(string folder) => Pretrained.SaveConfig(Model, folder);

    /// <inheritdoc />
    public IReadOnlyList<string> MetricNames => ["loss", "perplexity", "accuracy", "masked_tokens", "samples"];

    /// <inheritdoc />
    public int VocabSize => Model.Encoder.WordEmbeddings.Weight.Size(0);

    /// <inheritdoc />
    public Trainers.EvaluationResult Evaluate(IReadOnlyList<TrainingExample> examples, int batchSize, DynamicPadding padding) =>
        MaskedLMEvaluation.Evaluate(this, examples, batchSize, padding);

    /// <inheritdoc />
    public void SaveFinal(string folder) { }
}
