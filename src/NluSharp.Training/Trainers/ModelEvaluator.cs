// A ready-made evaluation callback: runs the model in evaluation mode over examples in dataset order and computes the
// loss and the usual metrics (classification: accuracy, F1, macro-F1, MCC and the confusion matrix; regression:
// Pearson, Spearman) with the evaluation layer's accumulators, which match scikit-learn / scipy.
using NluSharp.Engine;
using NluSharp.Evaluation.Metrics;
using NluSharp.Training.Data;
using NluSharp.Training.Losses;
using NluSharp.Training.Model;

namespace NluSharp.Training.Trainers;

/// <summary>Evaluates a model on tokenized examples.</summary>
public static class ModelEvaluator
{
    /// <summary>Logits of every example (rows in dataset order) and the example-weighted mean loss.</summary>
    public static (float[][] Logits, double Loss) Predict(ITrainableModel model, IReadOnlyList<TrainingExample> examples, int batchSize,
        TrainingLoss loss, DynamicPadding? padding = null)
    {
        padding ??= new DynamicPadding();
        var logits = new float[examples.Count][];
        double lossSum = 0;
        using var noGrad = Autograd.NoGrad();
        foreach (var indices in new BatchPlan(examples.Count, batchSize, 0, Shuffle: false).Batches(0))
        {
            using var scope = MemoryScope.Begin();
            var batch = padding.Collate(examples, indices);
            var (output, batchLoss) = loss.Forward(model, batch, ForwardContext.Evaluation);
            lossSum += batchLoss.ToScalar() * (double)indices.Length;
            var values = output.ToArray();
            int width = values.Length / indices.Length;
            for (int b = 0; b < indices.Length; b++) logits[indices[b]] = values.AsSpan(b * width, width).ToArray();
        }
        return (logits, examples.Count == 0 ? double.NaN : lossSum / examples.Count);
    }

    /// <summary>Classification metrics: loss, accuracy, f1 (binary, positive class 1), macro_f1, mcc, plus the confusion matrix.</summary>
    public static EvaluationResult Classification(ITrainableModel model, IReadOnlyList<TrainingExample> examples, int batchSize,
        TrainingLoss loss, DynamicPadding? padding = null, IReadOnlyList<string>? labelNames = null)
    {
        var (logits, meanLoss) = Predict(model, examples, batchSize, loss, padding);
        int classes = logits.Length > 0 ? logits[0].Length : 2;
        var confusion = new ConfusionMatrix(classes);
        for (int i = 0; i < examples.Count; i++) confusion.Add(examples[i].Label, ArgMax(logits[i]));
        var metrics = new Dictionary<string, double>
        {
            ["loss"] = meanLoss, ["accuracy"] = confusion.Accuracy, ["macro_f1"] = confusion.MacroF1, ["mcc"] = confusion.MatthewsCorrelation,
        };
        if (classes == 2) metrics["f1"] = confusion.F1(1);
        return new EvaluationResult(metrics, confusion, labelNames);
    }

    /// <summary>Regression metrics: loss, pearson, spearman (on the first target).</summary>
    public static EvaluationResult Regression(ITrainableModel model, IReadOnlyList<TrainingExample> examples, int batchSize,
        TrainingLoss loss, DynamicPadding? padding = null)
    {
        var (logits, meanLoss) = Predict(model, examples, batchSize, loss, padding);
        var pearson = new PearsonCorrelation();
        var spearman = new SpearmanCorrelation();
        for (int i = 0; i < examples.Count; i++)
        {
            var gold = examples[i].Targets?[0] ?? throw new InvalidDataException($"example {i} has no regression target");
            pearson.Add(gold, logits[i][0]);
            spearman.Add(gold, logits[i][0]);
        }
        return new EvaluationResult(new Dictionary<string, double> { ["loss"] = meanLoss, ["pearson"] = pearson.Value, ["spearman"] = spearman.Value });
    }

    /// <summary>Index of the largest value (first on ties, as numpy.argmax).</summary>
    public static int ArgMax(ReadOnlySpan<float> values)
    {
        int best = 0;
        for (int i = 1; i < values.Length; i++) if (values[i] > values[best]) best = i;
        return best;
    }
}
