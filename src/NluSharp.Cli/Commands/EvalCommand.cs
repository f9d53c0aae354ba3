// `nlu eval --model DIR --task NAME --data DIR --split dev|test`: runs a fine-tuned classifier over one split. A
// labeled split prints and writes the task's official metrics (the same scorer as `nlu score`); every split writes its
// predictions as {"idx", "prediction"} JSONL, and a test split also the leaderboard file (`nlu submit` format).
using System.CommandLine;
using NluSharp.Engine;
using NluSharp.Evaluation.Datasets;
using NluSharp.Evaluation.Scoring;
using NluSharp.Evaluation.Tasks;
using NluSharp.Training.Data;
using NluSharp.Training.FineTuning;

namespace NluSharp.Cli.Commands;

internal static class EvalCommand
{
    public static Command Create()
    {
        var model = new Option<string>("--model") { Description = "A fine-tuned model folder (written by `nlu train`, or a Hugging Face *ForSequenceClassification folder).", Required = true };
        var task = new Option<string>("--task") { Description = "Task name (see `nlu tasks`).", Required = true };
        var data = new Option<string>("--data") { Description = "Benchmark root or the task's folder.", Required = true };
        var split = new Option<string>("--split") { Description = "dev, test, train, ... (see `nlu tasks`).", DefaultValueFactory = _ => "dev" };
        var output = new Option<string?>("--output") { Description = "Folder for metrics and predictions (default: the model folder)." };
        var tokenizerPath = new Option<string?>("--tokenizer") { Description = "Tokenizer folder or file, when the model folder has none." };
        var batchSize = new Option<int>("--batch-size", "--per-device-eval-batch-size") { DefaultValueFactory = _ => 32 };
        var maxSeqLength = new Option<int>("--max-seq-length") { Description = "Truncation length; use the training run's (default 128).", DefaultValueFactory = _ => 128 };
        var threads = new Option<int?>("--threads");
        var command = new Command("eval", "Evaluate a fine-tuned model on a task split with the official metrics; test splits give submission files.");
        foreach (var o in new Option[] { model, task, data, split, output, tokenizerPath, batchSize, maxSeqLength, threads }) command.Options.Add(o);
        command.SetAction(p =>
        {
            if (p.GetValue(threads) is int n) Threads.Count = n >= 1 ? n : throw new ArgumentException("--threads must be at least 1");
            if (p.GetValue(batchSize) < 1) throw new ArgumentException("--batch-size must be at least 1");
            var folder = p.GetValue(model)!;
            var dataDir = p.GetValue(data)!;
            var t = TaskRegistry.Find(p.GetValue(task)!, dataDir);
            var splitName = t.Split(p.GetValue(split)!).Name;
            var result = Evaluate(folder, t, dataDir, splitName, p.GetValue(output) ?? folder, p.GetValue(tokenizerPath), p.GetValue(batchSize), p.GetValue(maxSeqLength));
            if (result.MetricsJson != null) Console.WriteLine(result.MetricsJson);
            Console.Error.WriteLine($"predictions: {result.PredictionsPath}" + (result.SubmissionPath is { } s ? $"; submission file: {s}" : ""));
            return 0;
        });
        return command;
    }

    internal sealed record EvalFiles(string PredictionsPath, string? MetricsPath, string? MetricsJson, string? SubmissionPath);

    internal static EvalFiles Evaluate(string folder, BenchmarkTask task, string dataDir, string splitName, string outputDir, string? tokenizerPath, int batchSize, int maxSeqLength)
    {
        var schema = TextExamples.SchemaOf(task);
        var classifier = ClassifierModels.LoadFineTuned(folder, schema);
        var tokenizerSource = tokenizerPath ?? (TokenizerFiles.InFolder(folder) ? folder
            : throw new ArgumentException($"{folder} has no tokenizer files (tokenizer.json, vocab.txt, ...); pass --tokenizer"));
        var (tokenizer, _) = TokenizerFiles.Load(tokenizerSource);
        var splitPath = TaskRegistry.FindSplitFile(task, dataDir, splitName);
        var examples = TextExamples.Read(task, splitPath);
        if (examples.Count == 0) throw new InvalidDataException($"{splitPath}: no examples");
        bool labeled = examples.All(e => e.IsLabeled);
        var encoded = TextExamples.Encode(examples, schema, tokenizer, maxSeqLength, requireLabels: false);
        var evaluation = new TextEvaluation(examples, encoded, schema, task, FineTuningJob.LossFor(schema),
            new DynamicPadding(TokenizerFiles.PadId(tokenizer)), batchSize);
        var run = evaluation.Run(new SequenceClassifier(classifier));

        Directory.CreateDirectory(outputDir);
        var stem = $"{task.Name}_{splitName}";
        var predictionsPath = Path.Combine(outputDir, $"predictions_{stem}.jsonl");
        TextEvaluation.WritePredictions(predictionsPath, examples, run.Predictions, schema);
        string? metricsPath = null, metricsJson = null, submission = null;
        if (labeled)
        {
            var score = new ScoreResult(task.FullName, splitName, examples.Count,
                run.Result.Metrics.Where(kv => kv.Key is not ("loss" or "score")).ToDictionary(kv => kv.Key, kv => kv.Value), run.Result.Metrics["score"]);
            metricsJson = ScoreCommand.ToJson(score);
            metricsPath = Path.Combine(outputDir, $"eval_{stem}.json");
            NluSharp.Checkpoints.IO.AtomicFile.WriteAllBytes(metricsPath, System.Text.Encoding.UTF8.GetBytes(metricsJson + "\n"));
        }
        else if (splitName == "test")
        {
            submission = SubmissionWriter.Write(task, PredictionFile.Read(predictionsPath), Path.Combine(outputDir, "submission", BenchmarkTask.BenchmarkPrefix(task.Benchmark)),
                examples.Select(e => e.Id).ToList());
        }
        return new EvalFiles(predictionsPath, metricsPath, metricsJson, submission);
    }
}
