// Held-out evaluation of a masked language model: the same masks at every evaluation (a fixed evaluation seed, the
// batch index as step), so successive points of the curve differ only by the weights. Reports the token-weighted mean
// cross-entropy over predicted tokens ("loss", run_mlm.py's eval_loss), its exponential ("perplexity", as run_mlm.py
// computes math.exp(eval_loss)) and masked-token accuracy (argmax equals the original token).
using NluSharp.Engine;
using NluSharp.Training.Data;
using NluSharp.Training.Model;
using NluSharp.Training.Trainers;

namespace NluSharp.Training.Pretraining;

/// <summary>Evaluates MLM loss, perplexity and masked-token accuracy.</summary>
public static class MaskedLMEvaluation
{
    /// <summary>Seed of the evaluation masks, fixed so that evaluations of one run (and of different runs) are comparable.</summary>
    public const ulong EvaluationMaskSeed = 0x45564D41534B5345UL;

    /// <summary>Metrics over <paramref name="examples"/> in order, in batches of <paramref name="batchSize"/>.</summary>
    public static EvaluationResult Evaluate(MaskedLMPretrainer model, IReadOnlyList<TrainingExample> examples, int batchSize, DynamicPadding padding)
    {
        if (examples.Count == 0) throw new ArgumentException("the held-out split is empty; raise --validation-split-percentage or use a larger corpus");
        double lossSum = 0;
        long predicted = 0, correct = 0;
        using var noGrad = Autograd.NoGrad();
        ulong batchIndex = 0;
        foreach (var indices in new BatchPlan(examples.Count, batchSize, 0, Shuffle: false).Batches(0))
        {
            using var scope = MemoryScope.Begin();
            var batch = padding.Collate(examples, indices);
            var (logits, loss) = model.Run(batch, ForwardContext.Evaluation, EvaluationMaskSeed, batchIndex++, out var masked);
            int M = masked.Labels.Length, V = logits.Size(-1);
            lossSum += loss.ToScalar() * (double)M;
            predicted += M;
            var values = logits.AsSpan();
            for (int m = 0; m < M; m++)
                if (System.Numerics.Tensors.TensorPrimitives.IndexOfMax(values.Slice(m * V, V)) == masked.Labels[m]) correct++;
        }
        double meanLoss = lossSum / predicted;
        return new EvaluationResult(new Dictionary<string, double>
        {
            ["loss"] = meanLoss, ["perplexity"] = Math.Exp(meanLoss), ["accuracy"] = (double)correct / predicted,
            ["masked_tokens"] = predicted, ["samples"] = examples.Count,
        });
    }
}
