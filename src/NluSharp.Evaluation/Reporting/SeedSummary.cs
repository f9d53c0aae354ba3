// Summary of one task's score over several fine-tuning seeds. Small GLUE tasks (RTE, MRPC, CoLA, STS-B) swing by
// several points between seeds (Devlin et al. 2019, section 4.1; Dodge et al. 2020), so one run is not a result.
using System.Globalization;

namespace NluSharp.Evaluation.Reporting;

/// <summary>Mean, sample standard deviation, median and range of a score over seeds.</summary>
public sealed record SeedSummary(int Runs, double Mean, double StandardDeviation, double Median, double Min, double Max)
{
    /// <summary>
    /// Summarizes the scores of several runs. The standard deviation is the sample one (divisor n − 1, NumPy's
    /// <c>std(ddof=1)</c>), 0 for a single run; the median of an even count is the mean of the two middle values.
    /// </summary>
    public static SeedSummary Of(IReadOnlyList<double> scores)
    {
        if (scores.Count == 0) throw new ArgumentException("a seed summary needs at least one run");
        var bad = scores.Select((s, i) => (s, i)).FirstOrDefault(p => !double.IsFinite(p.s));
        if (scores.Any(s => !double.IsFinite(s)))
            throw new ArgumentException($"run {bad.i} has a non-finite score ({bad.s}); every run needs a number");
        var n = scores.Count;
        var mean = scores.Average();
        var sumSquares = scores.Sum(s => (s - mean) * (s - mean));
        var std = n > 1 ? Math.Sqrt(sumSquares / (n - 1)) : 0.0;
        var sorted = scores.Order().ToArray();
        var median = n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
        return new SeedSummary(n, mean, std, median, sorted[0], sorted[^1]);
    }

    /// <summary>"mean ± std (median m, min a, max b, n runs)" with values scaled by 100, as papers report GLUE scores.</summary>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"{Mean * 100:F1} ± {StandardDeviation * 100:F1} (median {Median * 100:F1}, min {Min * 100:F1}, max {Max * 100:F1}, {Runs} runs)");
}
