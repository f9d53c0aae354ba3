// ReCoRD's official metrics: per query, the best token F1 and exact match over all gold answers, then averaged.
namespace NluSharp.Evaluation.Metrics;

/// <summary>
/// Streaming ReCoRD scorer (SuperGLUE's <c>evaluate</c> for ReCoRD): each query contributes
/// max over gold answers of <see cref="SquadNormalization.TokenF1"/> and of <see cref="SquadNormalization.ExactMatch"/>.
/// </summary>
public sealed class RecordScore
{
    double _f1Sum, _emSum;

    /// <summary>Number of queries added.</summary>
    public long Count { get; private set; }

    /// <summary>Adds one query's predicted entity text and its gold answers (at least one).</summary>
    public void Add(string prediction, IReadOnlyList<string> goldAnswers)
    {
        if (goldAnswers.Count == 0)
            throw new ArgumentException("a ReCoRD query needs at least one gold answer", nameof(goldAnswers));
        double bestF1 = 0, bestEm = 0;
        foreach (var gold in goldAnswers)
        {
            bestF1 = Math.Max(bestF1, SquadNormalization.TokenF1(prediction, gold));
            bestEm = Math.Max(bestEm, SquadNormalization.ExactMatch(prediction, gold));
        }
        _f1Sum += bestF1;
        _emSum += bestEm;
        Count++;
    }

    /// <summary>Mean best token F1; NaN when empty.</summary>
    public double F1 => Count == 0 ? double.NaN : _f1Sum / Count;

    /// <summary>Mean best exact match; NaN when empty.</summary>
    public double ExactMatch => Count == 0 ? double.NaN : _emSum / Count;
}
