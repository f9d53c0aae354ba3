// `nlu submit --predictions-dir DIR --output DIR [--data ROOT ...]`: turns test-set predictions (the same JSONL as
// `nlu score` reads, one file per task: DIR/glue/<task>.jsonl, DIR/superglue/<task>.jsonl) into the files the
// GLUE and SuperGLUE servers accept, written to OUTPUT/glue/ and OUTPUT/superglue/ (zip each folder to upload).
using System.CommandLine;
using NluSharp.Evaluation.Scoring;
using NluSharp.Evaluation.Tasks;

namespace NluSharp.Cli.Commands;

internal static class SubmitCommand
{
    public static Command Create()
    {
        var predictionsDir = new Option<string>("--predictions-dir")
        {
            Description = "Folder with glue/<task>.jsonl and/or superglue/<task>.jsonl test predictions (task names as in `nlu tasks`).",
            Required = true,
        };
        var output = new Option<string>("--output") { Description = "Folder to write glue/*.tsv and superglue/*.jsonl into.", Required = true };
        var data = new Option<string[]>("--data")
        {
            Description = "Benchmark root(s) with the test files; when given, every test example must have exactly one prediction.",
            AllowMultipleArgumentsPerToken = true,
        };
        var command = new Command("submit", "Write GLUE/SuperGLUE leaderboard submission files from test predictions.");
        foreach (var o in new Option[] { predictionsDir, output, data }) command.Options.Add(o);
        command.SetAction(parseResult =>
        {
            var inDir = parseResult.GetValue(predictionsDir)!;
            if (!Directory.Exists(inDir)) throw new DirectoryNotFoundException($"--predictions-dir: folder not found: {inDir}");
            var outDir = parseResult.GetValue(output)!;
            var roots = parseResult.GetValue(data) ?? [];
            var written = 0;
            foreach (var benchmark in new[] { Benchmark.Glue, Benchmark.SuperGlue })
            {
                var prefix = BenchmarkTask.BenchmarkPrefix(benchmark);
                var missing = new List<string>();
                foreach (var task in TaskRegistry.All.Where(t => t.Benchmark == benchmark))
                {
                    var file = Path.Combine(inDir, prefix, task.Name + ".jsonl");
                    if (!File.Exists(file)) { missing.Add(task.Name); continue; }
                    var predictions = PredictionFile.Read(file);
                    var testIds = TestIds(task, roots);
                    var path = SubmissionWriter.Write(task, predictions, Path.Combine(outDir, prefix), testIds);
                    Console.WriteLine($"{task.FullName,-18} {predictions.Count,7} predictions -> {path}{(testIds is null ? " (not checked against test data)" : "")}");
                    written++;
                }
                if (missing.Count > 0 && missing.Count < TaskRegistry.All.Count(t => t.Benchmark == benchmark))
                    Console.Error.WriteLine($"warning: no {prefix} predictions for {string.Join(", ", missing)}; the {prefix} server needs every task");
            }
            if (written == 0)
                throw new FileNotFoundException($"no predictions found: expected files like {Path.Combine(inDir, "glue", "sst2.jsonl")} or {Path.Combine(inDir, "superglue", "boolq.jsonl")}");
            return 0;
        });
        return command;
    }

    // The test ids from the first root that holds the task's test file, or null when no root does.
    static HashSet<string>? TestIds(BenchmarkTask task, string[] roots)
    {
        foreach (var root in roots)
        {
            var split = TaskRegistry.AvailableSplits(task, root).FirstOrDefault(s => s.Split.Name == "test");
            if (split.Path is not null) return task.Read(split.Path).Select(e => e.Id).ToHashSet(StringComparer.Ordinal);
        }
        return null;
    }
}
