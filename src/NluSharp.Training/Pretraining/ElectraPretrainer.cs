// ELECTRA replaced-token detection (Clark et al. 2020, google-research/electra run_pretraining.py), for the trainer:
//   1. mask 15 % of the tokens (85 % [MASK], 15 % kept, no random tokens: pretrain_helpers.mask's defaults);
//   2. the small generator (an ElectraForMaskedLM sharing the discriminator's embedding layer) predicts them; its
//      MLM loss is computed at the masked positions only (gather first);
//   3. a replacement is sampled from the generator's softmax at each masked position (no gradient flows through the
//      sample; counter-based draws keyed by seed, step and position instead of Gumbel noise from TF's generator);
//   4. the discriminator (ElectraForPreTraining) labels every attended token original (0) or replaced (1); a sample
//      equal to the original counts as original;
//   5. loss = generator MLM loss + 50 · discriminator BCE (disc_weight = 50).
// The trainer's checkpoints hold both networks (generator parameters under "generator."); the finished output folder
// is the discriminator in Hugging Face layout (what fine-tuning starts from) plus the generator in generator/.
using NluSharp.Engine;
using NluSharp.Models;
using NluSharp.Nn;
using NluSharp.Training.Data;
using NluSharp.Training.Model;
using NluSharp.Training.Optimization;
using NluSharp.Training.Trainers;

namespace NluSharp.Training.Pretraining;

/// <summary>Trains an ELECTRA discriminator with a generator.</summary>
public sealed class ElectraPretrainer : IPretrainer
{
    /// <summary>Weight of the discriminator loss (ELECTRA's disc_weight).</summary>
    public const float DiscriminatorWeight = 50f;
    const ulong SampleStream = 0x454C454354524153UL;
    readonly HashSet<string> layerNormParameters;

    /// <summary>Wraps both networks; <paramref name="generator"/> must have been built on the discriminator's embeddings.</summary>
    public ElectraPretrainer(ElectraForPreTraining discriminator, ElectraForMaskedLM generator, TokenMasker masker)
    {
        if (!ReferenceEquals(generator.Encoder.WordEmbeddings, discriminator.Encoder.WordEmbeddings))
            throw new ArgumentException("the generator must share the discriminator's embedding layer (build it with sharedEmbeddings: the discriminator's)");
        (Discriminator, Generator, Masker) = (discriminator, generator, masker);
        var own = TaskModelParameters.Trainable(discriminator);
        var shared = own.Select(p => p.Value).ToHashSet(ReferenceEqualityComparer.Instance);
        // The shared embedding layer is trained (and saved) once, under the discriminator's names.
        Parameters = own.Concat(TaskModelParameters.Trainable(generator, "generator.").Where(p => !shared.Contains(p.Value))).ToList();
        layerNormParameters = TaskModelParameters.LayerNormNames(discriminator).Concat(TaskModelParameters.LayerNormNames(generator, "generator."))
            .ToHashSet(StringComparer.Ordinal);
    }

    /// <summary>The discriminator (the model kept for fine-tuning).</summary>
    public ElectraForPreTraining Discriminator { get; }
    /// <summary>The generator.</summary>
    public ElectraForMaskedLM Generator { get; }
    /// <summary>The masking policy.</summary>
    public TokenMasker Masker { get; }

    /// <inheritdoc />
    public IReadOnlyList<NamedParameter> Parameters { get; }

    /// <inheritdoc />
    public bool IsInsideLayerNorm(string parameterName) => layerNormParameters.Contains(parameterName);

    /// <summary>Losses and predictions of one micro-batch.</summary>
    public sealed record Step(Tensor<float> Loss, Tensor<float> GeneratorLoss, Tensor<float> DiscriminatorLoss, MaskedBatch Masked,
        Tensor<float> GeneratorLogits, int[] DiscriminatorInput, int[] Replaced, Tensor<float> DiscriminatorLogits);

    /// <summary>Runs generator and discriminator on <paramref name="batch"/> with the masks and samples of (maskSeed, maskStep).</summary>
    public Step Run(Batch batch, ForwardContext context, ulong maskSeed, ulong maskStep)
    {
        Discriminator.Train(context.Training);
        Generator.Train(context.Training);
        using var dropout = context.Training ? DropoutContext.Begin(context.Seed, context.Step) : null;
        int B = batch.Size, T = batch.Length;
        var ids = batch.InputIds.AsSpan();
        var masked = Masker.Mask(ids, B, T, maskSeed, maskStep);
        if (masked.Positions.Length == 0)
            throw new InvalidOperationException($"no token of this {B}×{T} batch was selected for prediction; use longer sequences or a larger batch");
        var generatorLogits = Generator.ForwardAt(new EncoderInput(Tensor<int>.FromArray(masked.InputIds, B, T), batch.AttentionMask, batch.TokenTypeIds), masked.Positions);
        var generatorLoss = generatorLogits.CrossEntropy(Tensor<int>.FromArray(masked.Labels, masked.Labels.Length));

        var sampled = Sample(generatorLogits, CounterRandom.StreamKey(maskSeed ^ SampleStream, maskStep));
        var discriminatorInput = ids.ToArray();
        var replaced = new int[B * T];
        for (int m = 0; m < masked.Positions.Length; m++)
        {
            int at = masked.Positions[m];
            discriminatorInput[at] = sampled[m];
            replaced[at] = sampled[m] != masked.Labels[m] ? 1 : 0;
        }
        var output = Discriminator.Forward(new EncoderInput(Tensor<int>.FromArray(discriminatorInput, B, T), batch.AttentionMask, batch.TokenTypeIds),
            new TaskLabels { Classes = Tensor<int>.FromArray(replaced, B, T) });
        var discriminatorLoss = output.Loss!;
        var loss = generatorLoss.Add(discriminatorLoss.Mul(Tensor<float>.Scalar(DiscriminatorWeight)));
        return new Step(loss, generatorLoss, discriminatorLoss, masked, generatorLogits, discriminatorInput, replaced, output.Logits!);
    }

    /// <summary>One token per row of <paramref name="logits"/> [M, V], drawn from softmax(logits) by inverse CDF (no gradient).</summary>
    static int[] Sample(Tensor<float> logits, ulong key)
    {
        int M = logits.Size(0), V = logits.Size(1);
        var values = logits.Detach().Contiguous().ToArray();
        var tokens = new int[M];
        // Rows are independent: any split over threads gives the same tokens.
        Threads.For(M, 8, (start, end) =>
        {
            var weights = new double[V];   // exp(logit − max), computed once per row
            for (int m = start; m < end; m++)
            {
                var row = values.AsSpan(m * V, V);
                float max = System.Numerics.Tensors.TensorPrimitives.Max(row);
                double total = 0;
                for (int v = 0; v < V; v++) total += weights[v] = Math.Exp(row[v] - max);
                double target = CounterRandom.Uniform(key, (ulong)m) * total, cumulative = 0;
                int chosen = V - 1;
                for (int v = 0; v < V; v++)
                {
                    cumulative += weights[v];
                    if (cumulative > target) { chosen = v; break; }
                }
                tokens[m] = chosen;
            }
        });
        return tokens;
    }

    /// <inheritdoc />
    public Tensor<float> Forward(Batch batch, ForwardContext context) => Run(batch, context, context.Seed, context.Step).Loss;

    /// <inheritdoc />
    public void SaveConfig(string folder) => Pretrained.SaveConfig(Discriminator, folder);

    /// <inheritdoc />
    public IReadOnlyList<string> MetricNames =>
        ["loss", "generator_loss", "generator_accuracy", "discriminator_loss", "discriminator_accuracy", "replaced_recall", "samples"];

    /// <inheritdoc />
    public int VocabSize => Discriminator.Encoder.WordEmbeddings.Weight.Size(0);

    /// <summary>
    /// Held-out loss (generator + 50 · discriminator), generator MLM loss and accuracy, discriminator loss and token accuracy,
    /// and the discriminator's recall on replaced tokens, with the fixed evaluation masks and samples.
    /// </summary>
    public EvaluationResult Evaluate(IReadOnlyList<TrainingExample> examples, int batchSize, DynamicPadding padding)
    {
        if (examples.Count == 0) throw new ArgumentException("the held-out split is empty; raise --validation-split-percentage or use a larger corpus");
        double generatorLoss = 0, discriminatorLoss = 0;
        long predicted = 0, generatorCorrect = 0, tokens = 0, discriminatorCorrect = 0, replacedCount = 0, replacedFound = 0;
        using var noGrad = Autograd.NoGrad();
        ulong batchIndex = 0;
        foreach (var indices in new BatchPlan(examples.Count, batchSize, 0, Shuffle: false).Batches(0))
        {
            using var scope = MemoryScope.Begin();
            var batch = padding.Collate(examples, indices);
            var step = Run(batch, ForwardContext.Evaluation, MaskedLMEvaluation.EvaluationMaskSeed, batchIndex++);
            int M = step.Masked.Labels.Length, V = step.GeneratorLogits.Size(-1);
            generatorLoss += step.GeneratorLoss.ToScalar() * (double)M;
            predicted += M;
            var g = step.GeneratorLogits.AsSpan();
            for (int m = 0; m < M; m++)
                if (System.Numerics.Tensors.TensorPrimitives.IndexOfMax(g.Slice(m * V, V)) == step.Masked.Labels[m]) generatorCorrect++;
            var attention = batch.AttentionMask.AsSpan();
            var d = step.DiscriminatorLogits.AsSpan();
            int attended = 0;
            for (int i = 0; i < attention.Length; i++)
            {
                if (attention[i] == 0) continue;
                attended++;
                bool saysReplaced = d[i] > 0;
                if (saysReplaced == (step.Replaced[i] == 1)) discriminatorCorrect++;
                if (step.Replaced[i] == 1) { replacedCount++; if (saysReplaced) replacedFound++; }
            }
            discriminatorLoss += step.DiscriminatorLoss.ToScalar() * (double)attended;
            tokens += attended;
        }
        double gLoss = generatorLoss / predicted, dLoss = discriminatorLoss / tokens;
        return new EvaluationResult(new Dictionary<string, double>
        {
            ["loss"] = gLoss + DiscriminatorWeight * dLoss, ["generator_loss"] = gLoss, ["generator_accuracy"] = (double)generatorCorrect / predicted,
            ["discriminator_loss"] = dLoss, ["discriminator_accuracy"] = (double)discriminatorCorrect / tokens,
            ["replaced_recall"] = replacedCount == 0 ? double.NaN : (double)replacedFound / replacedCount, ["samples"] = examples.Count,
        });
    }

    /// <inheritdoc />
    public void SaveFinal(string folder)
    {
        // The trainer's model.safetensors holds both networks; the folder's model is the discriminator alone.
        Pretrained.Save(Discriminator, folder);
        Pretrained.Save(Generator, Path.Combine(folder, "generator"));
    }
}
