// Spearman rank correlation with tied values given their average rank (scipy.stats.spearmanr's default).
namespace NluSharp.Evaluation.Metrics;

/// <summary>
/// Spearman's rho: Pearson's r of the ranks, where tied values share the mean of the ranks they span
/// (<c>scipy.stats.rankdata(method="average")</c>). Ranks depend on every value, so unlike the other metrics this
/// one keeps the pairs it is given (two doubles per example, never model logits).
/// </summary>
public sealed class SpearmanCorrelation
{
    readonly List<double> _gold = [];
    readonly List<double> _predicted = [];

    /// <summary>Number of pairs added.</summary>
    public int Count => _gold.Count;

    /// <summary>Adds one (gold, predicted) pair.</summary>
    public void Add(double gold, double predicted)
    {
        if (double.IsNaN(gold) || double.IsNaN(predicted))
            throw new ArgumentOutOfRangeException(nameof(predicted), $"Spearman needs numbers, got gold {gold}, predicted {predicted}");
        _gold.Add(gold);
        _predicted.Add(predicted);
    }

    /// <summary>The rank correlation; NaN when either side is constant or fewer than two pairs were added.</summary>
    public double Value
    {
        get
        {
            var goldRanks = AverageRanks(_gold);
            var predictedRanks = AverageRanks(_predicted);
            var pearson = new PearsonCorrelation();
            for (var i = 0; i < goldRanks.Length; i++) pearson.Add(goldRanks[i], predictedRanks[i]);
            return pearson.Value;
        }
    }

    /// <summary>1-based ranks with ties averaged: values 10, 20, 20, 30 get ranks 1, 2.5, 2.5, 4.</summary>
    public static double[] AverageRanks(IReadOnlyList<double> values)
    {
        var order = new int[values.Count];
        for (var i = 0; i < order.Length; i++) order[i] = i;
        // A stable sort is not needed: tied values all receive the same averaged rank.
        Array.Sort(order, (a, b) => values[a].CompareTo(values[b]));
        var ranks = new double[values.Count];
        for (var start = 0; start < order.Length;)
        {
            var end = start + 1;
            while (end < order.Length && values[order[end]] == values[order[start]]) end++;
            var rank = (start + 1 + end) / 2.0; // mean of the 1-based ranks start+1 .. end
            for (var k = start; k < end; k++) ranks[order[k]] = rank;
            start = end;
        }
        return ranks;
    }
}
