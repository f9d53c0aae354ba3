// `nlu score --task NAME --data DIR --split dev --predictions FILE`: scores a JSONL predictions file against a
// labeled split and prints {"task", "split", "metrics", "score"} as JSON, values as fractions in [0, 1]. Several
// predictions files (one per fine-tuning seed) print each run and their mean, sample std, median and range.
using System.CommandLine;
using System.Text.Json;
using NluSharp.Evaluation.Reporting;
using NluSharp.Evaluation.Scoring;
using NluSharp.Evaluation.Tasks;

namespace NluSharp.Cli.Commands;

internal static class ScoreCommand
{
    public static Command Create()
    {
        var task = new Option<string>("--task") { Description = "Task name: sst2, glue/rte, superglue/cb, ... (see `nlu tasks`).", Required = true };
        var data = new Option<string>("--data") { Description = "Benchmark root or the task's own folder.", Required = true };
        var split = new Option<string>("--split") { Description = "Split to score (dev, dev32, train, full for AX).", DefaultValueFactory = _ => "dev" };
        var predictions = new Option<string[]>("--predictions")
        {
            Description = "JSONL, one {\"idx\": ..., \"prediction\": ...} per example (label string as in the data, or the STS-B number). " +
                          "Give several files (one per seed) for a multi-seed summary.",
            Required = true,
            AllowMultipleArgumentsPerToken = true,
        };
        var command = new Command("score", "Score predictions on a GLUE/SuperGLUE split with the task's official metrics.");
        foreach (var o in new Option[] { task, data, split, predictions }) command.Options.Add(o);
        command.SetAction(parseResult =>
        {
            var dataDir = parseResult.GetValue(data)!;
            var t = TaskRegistry.Find(parseResult.GetValue(task)!, dataDir);
            var splitName = t.Split(parseResult.GetValue(split)!).Name;
            var file = TaskRegistry.FindSplitFile(t, dataDir, splitName);
            var results = parseResult.GetValue(predictions)!.Select(p => TaskEvaluation.Score(t, splitName, file, p)).ToList();
            Console.WriteLine(results.Count == 1 ? ToJson(results[0]) : ToJson(results, parseResult.GetValue(predictions)!));
            return 0;
        });
        return command;
    }

    /// <summary>The score report; NaN (e.g. correlation of constant predictions) is written as null.</summary>
    internal static string ToJson(ScoreResult result)
    {
        var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            json.WriteStartObject();
            json.WriteString("task", result.Task);
            json.WriteString("split", result.Split);
            json.WriteStartObject("metrics");
            foreach (var (name, value) in result.Metrics) Number(json, name, value);
            json.WriteEndObject();
            Number(json, "score", result.Score);
            json.WriteEndObject();
        }
        return System.Text.Encoding.UTF8.GetString(buffer.ToArray());
    }

    /// <summary>Several runs: {"task", "split", "runs": [{"predictions", "metrics", "score"}], "summary": {...}}.</summary>
    internal static string ToJson(IReadOnlyList<ScoreResult> runs, IReadOnlyList<string> files)
    {
        var summary = SeedSummary.Of(runs.Select(r => r.Score).ToList());
        var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            json.WriteStartObject();
            json.WriteString("task", runs[0].Task);
            json.WriteString("split", runs[0].Split);
            json.WriteStartArray("runs");
            for (var i = 0; i < runs.Count; i++)
            {
                json.WriteStartObject();
                json.WriteString("predictions", files[i]);
                json.WriteStartObject("metrics");
                foreach (var (name, value) in runs[i].Metrics) Number(json, name, value);
                json.WriteEndObject();
                Number(json, "score", runs[i].Score);
                json.WriteEndObject();
            }
            json.WriteEndArray();
            json.WriteStartObject("summary");
            json.WriteNumber("runs", summary.Runs);
            Number(json, "mean", summary.Mean);
            Number(json, "std", summary.StandardDeviation);
            Number(json, "median", summary.Median);
            Number(json, "min", summary.Min);
            Number(json, "max", summary.Max);
            json.WriteEndObject();
            json.WriteEndObject();
        }
        return System.Text.Encoding.UTF8.GetString(buffer.ToArray());
    }

    static void Number(Utf8JsonWriter json, string name, double value)
    {
        if (double.IsFinite(value)) json.WriteNumber(name, value);
        else json.WriteNull(name);
    }
}
