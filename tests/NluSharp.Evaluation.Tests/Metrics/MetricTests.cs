// Hand-checked values and degenerate cases for the streaming metrics; these run without ../shared.
using NluSharp.Evaluation.Metrics;

namespace NluSharp.Evaluation.Tests.Metrics;

public class MetricTests
{
    [Fact]
    public void ConfusionMatrixMatchesHandComputedBinaryMetrics()
    {
        // gold 1 1 1 0 0, predicted 1 1 0 1 0: tp 2, fn 1, fp 1, tn 1.
        var m = new ConfusionMatrix();
        int[] gold = [1, 1, 1, 0, 0], predicted = [1, 1, 0, 1, 0];
        for (var i = 0; i < gold.Length; i++) m.Add(gold[i], predicted[i]);
        Assert.Equal(0.6, m.Accuracy, 12);
        Assert.Equal(2.0 / 3.0, m.F1(1), 12);
        Assert.Equal(0.5, m.F1(0), 12);
        Assert.Equal((2.0 / 3.0 + 0.5) / 2, m.MacroF1, 12);
        // (tp*tn - fp*fn) / sqrt((tp+fp)(tp+fn)(tn+fp)(tn+fn)) = (2 - 1) / sqrt(3*3*2*2)
        Assert.Equal(1.0 / 6.0, m.MatthewsCorrelation, 12);
    }

    [Fact]
    public void DegenerateClassificationFollowsScikitLearn()
    {
        var constant = new ConfusionMatrix();
        for (var i = 0; i < 5; i++) constant.Add(1, 1);
        Assert.Equal(0.0, constant.MatthewsCorrelation);
        Assert.Equal(1.0, constant.Accuracy);

        var noPositivePredictions = new ConfusionMatrix();
        noPositivePredictions.Add(1, 0);
        noPositivePredictions.Add(0, 0);
        Assert.Equal(0.0, noPositivePredictions.F1(1));

        Assert.True(double.IsNaN(new ConfusionMatrix().Accuracy));
    }

    [Fact]
    public void MacroF1AveragesOnlyClassesThatOccur()
    {
        // Class 2 never occurs in gold or predictions, so scikit-learn averages over classes 0 and 1 only.
        var m = new ConfusionMatrix(3);
        m.Add(0, 0);
        m.Add(1, 1);
        Assert.Equal(1.0, m.MacroF1);
    }

    [Fact]
    public void MulticlassMatthewsEqualsGorodkinFormula()
    {
        // 3x3 confusion [[2,1,0],[0,2,1],[1,0,3]]: c=7, s=10, t=(3,3,4), p=(3,3,4).
        var m = new ConfusionMatrix();
        void Add(int g, int p, int times) { for (var i = 0; i < times; i++) m.Add(g, p); }
        Add(0, 0, 2); Add(0, 1, 1); Add(1, 1, 2); Add(1, 2, 1); Add(2, 0, 1); Add(2, 2, 3);
        var expected = (7.0 * 10 - (9 + 9 + 16)) / Math.Sqrt((100.0 - 34) * (100.0 - 34));
        Assert.Equal(expected, m.MatthewsCorrelation, 12);
    }

    [Fact]
    public void AverageRanksShareTies()
    {
        Assert.Equal([1.0, 2.5, 2.5, 4.0], SpearmanCorrelation.AverageRanks([10, 20, 20, 30]));
        Assert.Equal([3.0, 1.5, 1.5], SpearmanCorrelation.AverageRanks([5, 1, 1]));
    }

    [Fact]
    public void CorrelationsOfConstantInputAreNaN()
    {
        var pearson = new PearsonCorrelation();
        var spearman = new SpearmanCorrelation();
        foreach (var (g, p) in new[] { (1.0, 2.0), (1.0, 3.0), (1.0, 4.0) }) { pearson.Add(g, p); spearman.Add(g, p); }
        Assert.True(double.IsNaN(pearson.Value));
        Assert.True(double.IsNaN(spearman.Value));
    }

    [Fact]
    public void PearsonAndSpearmanOfMonotoneData()
    {
        var pearson = new PearsonCorrelation();
        var spearman = new SpearmanCorrelation();
        double[] x = [1, 2, 3, 4, 5], y = [2, 4, 6, 8, 10];
        for (var i = 0; i < x.Length; i++) { pearson.Add(x[i], y[i]); spearman.Add(x[i], y[i] * y[i]); }
        Assert.Equal(1.0, pearson.Value, 12);
        Assert.Equal(1.0, spearman.Value, 12);
    }

    [Theory]
    [InlineData("The Eiffel Tower!", "eiffel tower")]
    [InlineData("  An   apple\ta day ", "apple day")]
    [InlineData("U.S.", "us")]
    [InlineData("theatre", "theatre")]
    public void SquadNormalization_FollowsOfficialOrder(string raw, string normalized) =>
        Assert.Equal(normalized, SquadNormalization.Normalize(raw));

    [Fact]
    public void RecordTakesBestGoldAnswer()
    {
        var score = new RecordScore();
        score.Add("New York City", ["New York", "NYC"]); // F1 = 2*(2/3)*(1)/(2/3+1) = 0.8, EM 0
        score.Add("Obama.", ["Barack Obama", "Obama"]);   // F1 1, EM 1
        Assert.Equal(0.9, score.F1, 12);
        Assert.Equal(0.5, score.ExactMatch, 12);
    }

    [Fact]
    public void MultiRcExactMatchNeedsEveryOption()
    {
        var score = new MultiRcScore();
        score.Add("a", 1, 1); score.Add("b", 1, 1); score.Add("a", 0, 1); score.Add("b", 0, 0);
        Assert.Equal(0.5, score.ExactMatch);
        Assert.Equal(2, score.QuestionCount);
        Assert.Equal(2.0 * 2 / (2 * 2 + 1), score.F1a, 12);
    }

    [Fact]
    public void GenderParityCountsAgreeingPairs()
    {
        var parity = new GenderParity();
        parity.Add("0", "entailment"); parity.Add("1", "entailment");
        parity.Add("0", "entailment"); parity.Add("1", "not_entailment");
        Assert.Equal(0.5, parity.Value);
        Assert.Equal(0, parity.UnpairedCount);
    }
}
