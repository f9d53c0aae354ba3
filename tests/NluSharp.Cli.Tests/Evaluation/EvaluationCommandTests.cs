// `nlu tasks`, `nlu score` and `nlu submit`, run as the user runs them.
using System.Text.Json;
using NluSharp.Tests;

namespace NluSharp.Cli.Tests.Evaluation;

public class EvaluationCommandTests
{
    [Fact]
    public void TasksListsEveryGlueAndSuperGlueTask()
    {
        var (code, stdout, _) = NluProcess.Run("tasks");
        Assert.Equal(0, code);
        foreach (var name in new[] { "glue/cola", "glue/mnli-mm", "glue/ax", "superglue/multirc", "superglue/record", "superglue/axg" })
            Assert.Contains(name, stdout);
    }

    [Fact]
    public void ScorePrintsTaskSplitMetricsAndScoreAsFractions()
    {
        using var d = new TempDir();
        d.Write("glue_data/MRPC/dev.tsv", "Quality\t#1 ID\t#2 ID\t#1 String\t#2 String\n1\t1\t2\ta\tb\n1\t1\t2\ta\tb\n0\t1\t2\ta\tb\n0\t1\t2\ta\tb\n");
        var p = d.Write("p.jsonl", "{\"idx\": 0, \"prediction\": \"1\"}\n{\"idx\": 1, \"prediction\": \"1\"}\n{\"idx\": 2, \"prediction\": \"1\"}\n{\"idx\": 3, \"prediction\": \"0\"}\n");
        var (code, stdout, stderr) = NluProcess.Run("score", "--task", "mrpc", "--data", Path.Combine(d.Path, "glue_data"), "--split", "dev", "--predictions", p);
        Assert.True(code == 0, stderr);
        using var json = JsonDocument.Parse(stdout);
        var root = json.RootElement;
        Assert.Equal(["task", "split", "metrics", "score"], root.EnumerateObject().Select(x => x.Name));
        Assert.Equal("glue/mrpc", root.GetProperty("task").GetString());
        Assert.Equal("dev", root.GetProperty("split").GetString());
        Assert.Equal(0.75, root.GetProperty("metrics").GetProperty("accuracy").GetDouble());
        Assert.Equal(0.8, root.GetProperty("metrics").GetProperty("f1").GetDouble(), 12);
        Assert.Equal(0.775, root.GetProperty("score").GetDouble(), 12);
    }

    [Fact]
    public void ScoreSummarizesSeveralSeeds()
    {
        using var d = new TempDir();
        d.Write("SST-2/dev.tsv", "sentence\tlabel\na\t1\nb\t0\nc\t1\nd\t0\n");
        string Preds(string name, params string[] p) =>
            d.Write(name, string.Concat(p.Select((x, i) => $"{{\"idx\": {i}, \"prediction\": \"{x}\"}}\n")));
        var a = Preds("a.jsonl", "1", "0", "1", "0");   // 1.00
        var b = Preds("b.jsonl", "1", "0", "1", "1");   // 0.75
        var c = Preds("c.jsonl", "1", "1", "1", "1");   // 0.50
        var (code, stdout, stderr) = NluProcess.Run("score", "--task", "sst2", "--data", Path.Combine(d.Path, "SST-2"), "--predictions", a, b, c);
        Assert.True(code == 0, stderr);
        using var json = JsonDocument.Parse(stdout);
        var runs = json.RootElement.GetProperty("runs").EnumerateArray().Select(r => r.GetProperty("score").GetDouble()).ToList();
        Assert.Equal([1.0, 0.75, 0.5], runs);
        var summary = json.RootElement.GetProperty("summary");
        Assert.Equal(3, summary.GetProperty("runs").GetInt32());
        Assert.Equal(0.75, summary.GetProperty("mean").GetDouble(), 12);
        Assert.Equal(0.25, summary.GetProperty("std").GetDouble(), 12);
        Assert.Equal(0.75, summary.GetProperty("median").GetDouble(), 12);
        Assert.Equal(0.5, summary.GetProperty("min").GetDouble());
        Assert.Equal(1.0, summary.GetProperty("max").GetDouble());
    }

    [Fact]
    public void ScoreRejectsMissingIdsWithCountsAndExitCode2()
    {
        using var d = new TempDir();
        d.Write("SST-2/dev.tsv", "sentence\tlabel\na\t1\nb\t0\n");
        var p = d.Write("p.jsonl", "{\"idx\": 0, \"prediction\": \"1\"}\n");
        var (code, _, stderr) = NluProcess.Run("score", "--task", "sst2", "--data", Path.Combine(d.Path, "SST-2"), "--predictions", p);
        Assert.Equal(2, code);
        Assert.Contains("error: ", stderr);
        Assert.Contains("1 of 2 examples of glue/sst2 dev have no prediction (first: 1)", stderr);
    }

    [Fact]
    public void SubmitWritesLeaderboardFilesExactly()
    {
        using var d = new TempDir();
        d.Write("preds/glue/sst2.jsonl", "{\"idx\": 1, \"prediction\": \"0\"}\n{\"idx\": 0, \"prediction\": \"1\"}\n");
        d.Write("preds/glue/stsb.jsonl", "{\"idx\": 0, \"prediction\": 5.7}\n{\"idx\": 1, \"prediction\": -0.2}\n{\"idx\": 2, \"prediction\": 2.34567}\n");
        d.Write("preds/glue/mnli-mm.jsonl", "{\"idx\": 0, \"prediction\": \"neutral\"}\n");
        d.Write("preds/glue/ax.jsonl", "{\"idx\": 0, \"prediction\": \"contradiction\"}\n");
        d.Write("preds/superglue/boolq.jsonl", "{\"idx\": 0, \"prediction\": true}\n");
        d.Write("preds/superglue/wsc.jsonl", "{\"idx\": 0, \"prediction\": \"false\"}\n{\"idx\": 1, \"prediction\": true}\n");
        d.Write("preds/superglue/copa.jsonl", "{\"idx\": 0, \"prediction\": 1}\n");
        d.Write("preds/superglue/record.jsonl", "{\"idx\": {\"passage\": 3, \"query\": 9}, \"prediction\": \"Paris\"}\n");
        d.Write("preds/superglue/multirc.jsonl",
            "{\"idx\": {\"paragraph\": 0, \"question\": 1, \"answer\": 3}, \"prediction\": 0}\n" +
            "{\"idx\": {\"paragraph\": 0, \"question\": 1, \"answer\": 2}, \"prediction\": 1}\n" +
            "{\"idx\": {\"paragraph\": 1, \"question\": 4, \"answer\": 5}, \"prediction\": 1}\n");
        d.Write("preds/superglue/axg.jsonl", "{\"idx\": 0, \"prediction\": \"not_entailment\"}\n");
        var output = Path.Combine(d.Path, "out");
        var (code, stdout, stderr) = NluProcess.Run("submit", "--predictions-dir", Path.Combine(d.Path, "preds"), "--output", output);
        Assert.True(code == 0, stderr);
        string Read(string f) => File.ReadAllText(Path.Combine(output, f));
        Assert.Equal("index\tprediction\n0\t1\n1\t0\n", Read("glue/SST-2.tsv"));
        Assert.Equal("index\tprediction\n0\t5.000\n1\t0.000\n2\t2.346\n", Read("glue/STS-B.tsv"));
        Assert.Equal("index\tprediction\n0\tneutral\n", Read("glue/MNLI-mm.tsv"));
        Assert.Equal("index\tprediction\n0\tcontradiction\n", Read("glue/AX.tsv"));
        Assert.Equal("{\"idx\":0,\"label\":\"true\"}\n", Read("superglue/BoolQ.jsonl"));
        Assert.Equal("{\"idx\":0,\"label\":\"False\"}\n{\"idx\":1,\"label\":\"True\"}\n", Read("superglue/WSC.jsonl"));
        Assert.Equal("{\"idx\":0,\"label\":1}\n", Read("superglue/COPA.jsonl"));
        Assert.Equal("{\"idx\":9,\"label\":\"Paris\"}\n", Read("superglue/ReCoRD.jsonl"));
        Assert.Equal("{\"idx\":0,\"label\":\"not_entailment\"}\n", Read("superglue/AX-g.jsonl"));
        Assert.Equal(
            "{\"idx\":0,\"passage\":{\"questions\":[{\"idx\":1,\"answers\":[{\"idx\":2,\"label\":1},{\"idx\":3,\"label\":0}]}]}}\n" +
            "{\"idx\":1,\"passage\":{\"questions\":[{\"idx\":4,\"answers\":[{\"idx\":5,\"label\":1}]}]}}\n",
            Read("superglue/MultiRC.jsonl"));
        Assert.Contains("warning: no glue predictions for cola", stderr);
        Assert.DoesNotContain(".tmp", string.Join(",", Directory.EnumerateFiles(output, "*", SearchOption.AllDirectories)));
    }

    [Fact]
    public void SubmitRejectsUnknownLabels()
    {
        using var d = new TempDir();
        d.Write("preds/glue/rte.jsonl", "{\"idx\": 0, \"prediction\": \"yes\"}\n");
        var (code, _, stderr) = NluProcess.Run("submit", "--predictions-dir", Path.Combine(d.Path, "preds"), "--output", Path.Combine(d.Path, "out"));
        Assert.Equal(2, code);
        Assert.Contains("unknown label 'yes' for glue/rte; known labels are 'entailment', 'not_entailment'", stderr);
    }

    [SkippableFact]
    public void SubmitChecksEveryTestExampleOfTheSharedGlueData()
    {
        var glue = SharedData.Require("data/glue");
        using var d = new TempDir();
        // Predict the first label for every RTE test row but drop one row: rejected with the count.
        var rows = File.ReadLines(Path.Combine(glue, "RTE", "test.tsv")).Skip(1).Select(l => l.Split('\t')[0]).ToList();
        d.Write("preds/glue/rte.jsonl", string.Concat(rows.Skip(1).Select(i => $"{{\"idx\": {i}, \"prediction\": \"entailment\"}}\n")));
        var (code, _, stderr) = NluProcess.Run("submit", "--predictions-dir", Path.Combine(d.Path, "preds"), "--output", Path.Combine(d.Path, "out"), "--data", glue);
        Assert.Equal(2, code);
        Assert.Contains("1 of 3000 examples of glue/rte test have no prediction (first: 0)", stderr);

        d.Write("preds/glue/rte.jsonl", string.Concat(rows.Select(i => $"{{\"idx\": {i}, \"prediction\": \"entailment\"}}\n")));
        (code, _, stderr) = NluProcess.Run("submit", "--predictions-dir", Path.Combine(d.Path, "preds"), "--output", Path.Combine(d.Path, "out"), "--data", glue);
        Assert.True(code == 0, stderr);
        var lines = File.ReadAllLines(Path.Combine(d.Path, "out", "glue", "RTE.tsv"));
        Assert.Equal(3001, lines.Length);
        Assert.Equal("index\tprediction", lines[0]);
        Assert.Equal("2999\tentailment", lines[^1]);
    }

    [SkippableFact]
    public void ScoreOnSharedCbWithGoldPredictionsIsPerfect()
    {
        var superglue = SharedData.Require("data/superglue");
        using var d = new TempDir();
        var gold = File.ReadLines(Path.Combine(superglue, "CB", "val.jsonl")).Select(l => JsonDocument.Parse(l).RootElement)
            .Select(r => $"{{\"idx\": {r.GetProperty("idx").GetRawText()}, \"prediction\": {r.GetProperty("label").GetRawText()}}}\n");
        var p = d.Write("cb.jsonl", string.Concat(gold));
        var (code, stdout, stderr) = NluProcess.Run("score", "--task", "cb", "--data", superglue, "--split", "dev", "--predictions", p);
        Assert.True(code == 0, stderr);
        using var json = JsonDocument.Parse(stdout);
        Assert.Equal(1.0, json.RootElement.GetProperty("score").GetDouble());
        Assert.Equal(1.0, json.RootElement.GetProperty("metrics").GetProperty("macro_f1").GetDouble());
    }
}
