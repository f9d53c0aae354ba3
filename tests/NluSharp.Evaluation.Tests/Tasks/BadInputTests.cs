// Malformed rows, unknown labels and bad prediction files fail with the file, line, label or counts that locate them.
using NluSharp.Evaluation.Scoring;
using NluSharp.Evaluation.Tasks;

namespace NluSharp.Evaluation.Tests.Tasks;

public class BadInputTests
{
    const string SstHeader = "sentence\tlabel\n";

    [Fact]
    public void TsvRowWithWrongFieldCountNamesFileAndLine()
    {
        using var t = new TempFiles();
        var path = t.Write("SST-2/dev.tsv", SstHeader + "good .\t1\nbad row without label\n");
        var e = Assert.Throws<InvalidDataException>(() => TaskRegistry.Find("sst2").Read(path).ToList());
        Assert.Contains($"{path}:3", e.Message);
        Assert.Contains("expected 2 tab-separated fields (sentence, label), found 1", e.Message);
    }

    [Fact]
    public void MalformedJsonNamesFileAndLine()
    {
        using var t = new TempFiles();
        var path = t.Write("CB/val.jsonl", "{\"premise\": \"a\", \"hypothesis\": \"b\", \"label\": \"neutral\", \"idx\": 0}\n{\"premise\": \n");
        var e = Assert.Throws<InvalidDataException>(() => TaskRegistry.Find("cb").Read(path).ToList());
        Assert.Contains($"{path}:2: not valid JSON", e.Message);
    }

    [Fact]
    public void MissingFieldIsNamed()
    {
        using var t = new TempFiles();
        var path = t.Write("CB/val.jsonl", "{\"premise\": \"a\", \"label\": \"neutral\", \"idx\": 0}\n");
        var e = Assert.Throws<InvalidDataException>(() => TaskRegistry.Find("cb").Read(path).ToList());
        Assert.Equal($"{path}:1: missing field 'hypothesis'", e.Message);
    }

    [Fact]
    public void UnknownLabelNamesLabelAndKnownSet()
    {
        using var t = new TempFiles();
        var path = t.Write("RTE/dev.tsv", "index\tsentence1\tsentence2\tlabel\n0\ta\tb\tentailed\n");
        var e = Assert.Throws<InvalidDataException>(() => TaskRegistry.Find("glue/rte").Read(path).ToList());
        Assert.Equal($"{path}:2: unknown label 'entailed' for glue/rte; known labels are 'entailment', 'not_entailment'", e.Message);
    }

    [Fact]
    public void NonNumericStsbScoreIsNamed()
    {
        using var t = new TempFiles();
        var path = t.Write("dev.tsv", "index\tsentence1\tsentence2\tscore\n0\ta\tb\thigh\n");
        var e = Assert.Throws<InvalidDataException>(() => TaskRegistry.Find("stsb").Read(path).ToList());
        Assert.Contains(":2: field 'score' must be a number, found 'high'", e.Message);
    }

    [Fact]
    public void PredictionsWithMissingAndUnknownIdsAreRejectedWithCounts()
    {
        using var t = new TempFiles();
        var dev = t.Write("SST-2/dev.tsv", SstHeader + "a\t1\nb\t0\nc\t1\n");
        var predictions = t.Write("p.jsonl", "{\"idx\": 0, \"prediction\": \"1\"}\n{\"idx\": 9, \"prediction\": \"0\"}\n");
        var e = Assert.Throws<InvalidDataException>(() => TaskEvaluation.Score(TaskRegistry.Find("sst2"), "dev", dev, predictions));
        Assert.Contains("2 of 3 examples of glue/sst2 dev have no prediction (first: 1, 2)", e.Message);
        Assert.Contains("1 prediction id(s) are not in glue/sst2 dev (first: 9)", e.Message);
    }

    [Fact]
    public void DuplicatePredictionIdsAreRejectedWithCount()
    {
        using var t = new TempFiles();
        var predictions = t.Write("p.jsonl", "{\"idx\": 0, \"prediction\": \"1\"}\n{\"idx\": 0, \"prediction\": \"0\"}\n{\"idx\": 1, \"prediction\": \"0\"}\n{\"idx\": 1, \"prediction\": \"0\"}\n");
        var e = Assert.Throws<InvalidDataException>(() => PredictionFile.Read(predictions));
        Assert.Contains("2 duplicate id(s)", e.Message);
        Assert.Contains("0 (lines 1 and 2)", e.Message);
    }

    [Fact]
    public void UnknownPredictedLabelNamesTheKnownSet()
    {
        using var t = new TempFiles();
        var dev = t.Write("SST-2/dev.tsv", SstHeader + "a\t1\n");
        var predictions = t.Write("p.jsonl", "{\"idx\": 0, \"prediction\": \"positive\"}\n");
        var e = Assert.Throws<InvalidDataException>(() => TaskEvaluation.Score(TaskRegistry.Find("sst2"), "dev", dev, predictions));
        Assert.Contains("unknown label 'positive' for glue/sst2; known labels are '0', '1'", e.Message);
    }

    [Fact]
    public void ScoringAnUnlabeledSplitIsRefused()
    {
        using var t = new TempFiles();
        var test = t.Write("SST-2/test.tsv", "index\tsentence\n0\ta\n");
        var predictions = t.Write("p.jsonl", "{\"idx\": 0, \"prediction\": \"1\"}\n");
        var e = Assert.Throws<InvalidDataException>(() => TaskEvaluation.Score(TaskRegistry.Find("sst2"), "test", test, predictions));
        Assert.Contains("has no gold label", e.Message);
    }

    [Fact]
    public void UnknownTaskAndSplitListTheKnownOnes()
    {
        Assert.Contains("known tasks: glue/cola", Assert.Throws<ArgumentException>(() => TaskRegistry.Find("sst5")).Message);
        Assert.Contains("ambiguous: glue/rte or superglue/rte", Assert.Throws<ArgumentException>(() => TaskRegistry.Find("rte")).Message);
        Assert.Contains("its splits are train, dev, test", Assert.Throws<ArgumentException>(() => TaskRegistry.Find("sst2").Split("validation")).Message);
    }
}
