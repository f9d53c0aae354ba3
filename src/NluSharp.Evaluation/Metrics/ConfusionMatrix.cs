// Streaming confusion matrix over class indices: the one accumulator behind accuracy, binary F1, macro-F1 and
// Matthews correlation. Memory is O(classes²) whatever the number of examples.
namespace NluSharp.Evaluation.Metrics;

/// <summary>
/// Counts (gold, predicted) class-index pairs one example at a time and derives the classification metrics
/// exactly as scikit-learn computes them (<c>accuracy_score</c>, <c>f1_score</c> with <c>zero_division=0</c>,
/// <c>matthews_corrcoef</c>).
/// </summary>
public sealed class ConfusionMatrix
{
    long[,] _counts;

    /// <summary>Creates an empty matrix; it grows when a larger class index arrives.</summary>
    public ConfusionMatrix(int classCount = 2)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(classCount);
        _counts = new long[classCount, classCount];
    }

    /// <summary>Number of examples added.</summary>
    public long Count { get; private set; }

    /// <summary>Number of classes the matrix currently spans (largest index seen + 1, at least the constructor's count).</summary>
    public int ClassCount => _counts.GetLength(0);

    /// <summary>How many examples of gold class <paramref name="gold"/> were predicted as <paramref name="predicted"/>.</summary>
    public long this[int gold, int predicted] => _counts[gold, predicted];

    /// <summary>Adds one example.</summary>
    public void Add(int gold, int predicted)
    {
        if (gold < 0 || predicted < 0)
            throw new ArgumentOutOfRangeException(nameof(gold), $"class indices must be >= 0, got gold {gold}, predicted {predicted}");
        var needed = Math.Max(gold, predicted) + 1;
        if (needed > ClassCount) Grow(needed);
        _counts[gold, predicted]++;
        Count++;
    }

    void Grow(int size)
    {
        var bigger = new long[size, size];
        for (var i = 0; i < ClassCount; i++)
            for (var j = 0; j < ClassCount; j++)
                bigger[i, j] = _counts[i, j];
        _counts = bigger;
    }

    /// <summary>Fraction of examples whose prediction equals the gold class; NaN when empty.</summary>
    public double Accuracy
    {
        get
        {
            long correct = 0;
            for (var k = 0; k < ClassCount; k++) correct += _counts[k, k];
            return Count == 0 ? double.NaN : (double)correct / Count;
        }
    }

    /// <summary>
    /// F1 of one class against the rest (<c>f1_score(average="binary", pos_label=positive, zero_division=0)</c>):
    /// 0 when the class is never predicted correctly, including when it never occurs at all.
    /// </summary>
    public double F1(int positive = 1)
    {
        var (tp, fp, fn) = OneVersusRest(positive);
        // 2tp / (2tp + fp + fn) is the harmonic mean of precision and recall without the two divisions.
        return tp == 0 ? 0.0 : 2.0 * tp / (2.0 * tp + fp + fn);
    }

    /// <summary>
    /// Unweighted mean of per-class F1 over the classes that occur in the gold labels or the predictions,
    /// which is the set scikit-learn averages over (<c>f1_score(average="macro", zero_division=0)</c>).
    /// </summary>
    public double MacroF1
    {
        get
        {
            double sum = 0;
            var present = 0;
            for (var k = 0; k < ClassCount; k++)
            {
                var (tp, fp, fn) = OneVersusRest(k);
                if (tp + fp + fn == 0) continue;
                present++;
                sum += F1(k);
            }
            return present == 0 ? double.NaN : sum / present;
        }
    }

    /// <summary>
    /// Matthews correlation for any number of classes (Gorodkin's R_K, GLUE's "R3" for the diagnostic set), computed as
    /// <c>sklearn.metrics.matthews_corrcoef</c> does; 0 when either the gold or predicted labels are constant.
    /// </summary>
    public double MatthewsCorrelation
    {
        get
        {
            if (Count == 0) return double.NaN;
            double correct = 0, trueDotPred = 0, predDotPred = 0, trueDotTrue = 0;
            for (var k = 0; k < ClassCount; k++)
            {
                double t = 0, p = 0;
                for (var j = 0; j < ClassCount; j++) { t += _counts[k, j]; p += _counts[j, k]; }
                correct += _counts[k, k];
                trueDotPred += t * p;
                predDotPred += p * p;
                trueDotTrue += t * t;
            }
            double n = Count;
            var covTruePred = correct * n - trueDotPred;
            var covPredPred = n * n - predDotPred;
            var covTrueTrue = n * n - trueDotTrue;
            if (covPredPred * covTrueTrue == 0) return 0.0;
            return covTruePred / Math.Sqrt(covTrueTrue * covPredPred);
        }
    }

    (long tp, long fp, long fn) OneVersusRest(int k)
    {
        if (k >= ClassCount) return (0, 0, 0);
        long tp = _counts[k, k], fp = 0, fn = 0;
        for (var j = 0; j < ClassCount; j++)
        {
            if (j == k) continue;
            fp += _counts[j, k];
            fn += _counts[k, j];
        }
        return (tp, fp, fn);
    }
}
