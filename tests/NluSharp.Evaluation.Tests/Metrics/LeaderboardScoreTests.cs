// The published BERT-large rows of the GLUE and SuperGLUE leaderboards, rebuilt from their per-task numbers.
using NluSharp.Evaluation.Metrics;

namespace NluSharp.Evaluation.Tests.Metrics;

public class LeaderboardScoreTests
{
    static IReadOnlyDictionary<string, double> M(params (string Name, double Value)[] metrics) =>
        metrics.ToDictionary(m => m.Name, m => m.Value);

    [Fact]
    public void GlueScoreOfPublishedBertLargeIs80Point5()
    {
        // GLUE leaderboard, BERT-large (Devlin et al. 2019, table 1): CoLA 60.5, SST-2 94.9, MRPC 89.3/85.4,
        // STS-B 87.6/86.5, QQP 72.1/89.3, MNLI 86.7/85.9, QNLI 92.7, RTE 70.1, WNLI 65.1; AX 39.6 is excluded.
        var tasks = new Dictionary<string, IReadOnlyDictionary<string, double>>
        {
            ["cola"] = M(("matthews", 60.5)), ["sst2"] = M(("accuracy", 94.9)),
            ["mrpc"] = M(("f1", 89.3), ("accuracy", 85.4)), ["stsb"] = M(("pearson", 87.6), ("spearman", 86.5)),
            ["qqp"] = M(("f1", 72.1), ("accuracy", 89.3)), ["mnli"] = M(("matched", 86.7), ("mismatched", 85.9)),
            ["qnli"] = M(("accuracy", 92.7)), ["rte"] = M(("accuracy", 70.1)), ["wnli"] = M(("accuracy", 65.1)),
            ["ax"] = M(("matthews", 39.6)),
        };
        Assert.Equal(80.5, Math.Round(LeaderboardScore.Glue(tasks), 1));
    }

    [Fact]
    public void SuperGlueScoreOfPublishedBertLargeIs69Point0()
    {
        // SuperGLUE leaderboard, BERT-large: BoolQ 77.4, CB 75.7/83.6, COPA 70.6, MultiRC 70.0/24.1, ReCoRD 72.0/71.3,
        // RTE 71.7, WiC 69.6, WSC 64.4; AX-b and AX-g are excluded.
        var tasks = new Dictionary<string, IReadOnlyDictionary<string, double>>
        {
            ["boolq"] = M(("accuracy", 77.4)), ["cb"] = M(("f1", 83.6), ("accuracy", 75.7)),
            ["copa"] = M(("accuracy", 70.6)), ["multirc"] = M(("f1a", 70.0), ("em", 24.1)),
            ["record"] = M(("f1", 72.0), ("em", 71.3)), ["rte"] = M(("accuracy", 71.7)),
            ["wic"] = M(("accuracy", 69.6)), ["wsc"] = M(("accuracy", 64.4)), ["axb"] = M(("matthews", 23.0)),
        };
        Assert.Equal(69.0, Math.Round(LeaderboardScore.SuperGlue(tasks), 1));
    }

    [Fact]
    public void MissingTaskIsNamed()
    {
        var tasks = new Dictionary<string, IReadOnlyDictionary<string, double>> { ["cola"] = M(("matthews", 0.5)) };
        var e = Assert.Throws<ArgumentException>(() => LeaderboardScore.Glue(tasks));
        Assert.Contains("missing sst2, mrpc", e.Message);
    }
}
