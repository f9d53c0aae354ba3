// Multi-seed summaries against values worked out by hand (numpy: mean, std(ddof=1), median).
using NluSharp.Evaluation.Reporting;

namespace NluSharp.Evaluation.Tests.Reporting;

public class SeedSummaryTests
{
    [Fact]
    public void FiveRteSeeds()
    {
        // mean 0.68; deviations -0.02, 0.02, -0.06, 0.04, 0.02 -> squares sum 0.0064; sample var 0.0016 -> std 0.04.
        var s = SeedSummary.Of([0.66, 0.70, 0.62, 0.72, 0.70]);
        Assert.Equal(5, s.Runs);
        Assert.Equal(0.68, s.Mean, 12);
        Assert.Equal(0.04, s.StandardDeviation, 12);
        Assert.Equal(0.70, s.Median, 12);
        Assert.Equal(0.62, s.Min);
        Assert.Equal(0.72, s.Max);
        Assert.Equal("68.0 ± 4.0 (median 70.0, min 62.0, max 72.0, 5 runs)", s.ToString());
    }

    [Fact]
    public void EvenCountMedianAveragesTheMiddlePair() =>
        Assert.Equal(0.25, SeedSummary.Of([0.4, 0.1, 0.3, 0.2]).Median, 12);

    [Fact]
    public void SingleRunHasZeroSpread()
    {
        var s = SeedSummary.Of([0.9]);
        Assert.Equal(0.0, s.StandardDeviation);
        Assert.Equal(0.9, s.Median);
    }

    [Fact]
    public void EmptyOrNonFiniteRunsAreRejected()
    {
        Assert.Throws<ArgumentException>(() => SeedSummary.Of([]));
        Assert.Contains("run 1", Assert.Throws<ArgumentException>(() => SeedSummary.Of([0.5, double.NaN])).Message);
    }
}
