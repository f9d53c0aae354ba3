// End-to-end scoring of small splits: predictions file in, metrics and the official headline out.
using NluSharp.Evaluation.Scoring;
using NluSharp.Evaluation.Tasks;

namespace NluSharp.Evaluation.Tests.Tasks;

public class ScoringTests
{
    [Fact]
    public void MrpcHeadlineIsMeanOfF1AndAccuracy()
    {
        using var t = new TempFiles();
        var dev = t.Write("MRPC/dev.tsv", "Quality\t#1 ID\t#2 ID\t#1 String\t#2 String\n1\t1\t2\ta\tb\n1\t1\t2\ta\tb\n0\t1\t2\ta\tb\n0\t1\t2\ta\tb\n");
        var p = t.Write("p.jsonl", "{\"idx\": 0, \"prediction\": \"1\"}\n{\"idx\": 1, \"prediction\": \"0\"}\n{\"idx\": 2, \"prediction\": 1}\n{\"idx\": 3, \"prediction\": \"0\"}\n");
        var r = TaskEvaluation.Score(TaskRegistry.Find("mrpc"), "dev", dev, p);
        Assert.Equal(0.5, r.Metrics["accuracy"]);
        Assert.Equal(0.5, r.Metrics["f1"]);
        Assert.Equal(0.5, r.Score);
        Assert.Equal(4, r.Examples);
    }

    [Fact]
    public void MultiRcScoresOptionsAndQuestions()
    {
        using var t = new TempFiles();
        var dev = t.Write("MultiRC/val.jsonl",
            "{\"idx\": 0, \"passage\": {\"text\": \"P\", \"questions\": [" +
            "{\"question\": \"Q0\", \"idx\": 0, \"answers\": [{\"text\": \"a\", \"idx\": 0, \"label\": 1}, {\"text\": \"b\", \"idx\": 1, \"label\": 0}]}," +
            "{\"question\": \"Q1\", \"idx\": 1, \"answers\": [{\"text\": \"c\", \"idx\": 2, \"label\": 1}]}]}}\n");
        var p = t.Write("p.jsonl",
            "{\"idx\": {\"paragraph\": 0, \"question\": 0, \"answer\": 0}, \"prediction\": 1}\n" +
            "{\"idx\": {\"paragraph\": 0, \"question\": 0, \"answer\": 1}, \"prediction\": 0}\n" +
            "{\"idx\": {\"paragraph\": 0, \"question\": 1, \"answer\": 2}, \"prediction\": 0}\n");
        var r = TaskEvaluation.Score(TaskRegistry.Find("multirc"), "dev", dev, p);
        Assert.Equal(0.5, r.Metrics["em"]);
        Assert.Equal(2.0 / 3.0, r.Metrics["f1a"], 12);
        Assert.Equal((0.5 + 2.0 / 3.0) / 2, r.Score, 12);
    }

    [Fact]
    public void CbHeadlineIsMeanOfAccuracyAndMacroF1()
    {
        using var t = new TempFiles();
        var dev = t.Write("CB/val.jsonl",
            "{\"premise\": \"a\", \"hypothesis\": \"b\", \"label\": \"entailment\", \"idx\": 0}\n" +
            "{\"premise\": \"a\", \"hypothesis\": \"b\", \"label\": \"neutral\", \"idx\": 1}\n");
        var p = t.Write("p.jsonl", "{\"idx\": 0, \"prediction\": \"entailment\"}\n{\"idx\": 1, \"prediction\": \"entailment\"}\n");
        var r = TaskEvaluation.Score(TaskRegistry.Find("cb"), "dev", dev, p);
        Assert.Equal(0.5, r.Metrics["accuracy"]);
        Assert.Equal((2.0 / 3.0 + 0) / 2, r.Metrics["macro_f1"], 12); // entailment F1 2/3, neutral 0; contradiction absent
        Assert.Equal((0.5 + 1.0 / 3.0) / 2, r.Score, 12);
    }
}
