// `nlu demo`: the built-in default job (README's first command). Generates the synthetic NLU suite from a seed,
// trains a small encoder from scratch on each task with the same trainer and evaluation harness as `nlu train`,
// prints a results table against the majority-class baseline and leaves models and report.html per task.
using System.CommandLine;
using System.Globalization;
using NluSharp.Engine;
using NluSharp.Training.FineTuning;
using Spectre.Console;

namespace NluSharp.Cli.Commands;

internal static class DemoCommand
{
    public static Command Create()
    {
        var output = new Option<string>("--output") { Description = "Output folder.", DefaultValueFactory = _ => "nlu-demo" };
        var seed = new Option<int>("--seed") { Description = "Seed of the data, initialization, dropout and data order.", DefaultValueFactory = _ => 0 };
        var size = new Option<string>("--size") { Description = "Encoder size: tiny, mini, small, base.", DefaultValueFactory = _ => "tiny" };
        var trainSize = new Option<int>("--train-size") { Description = "Training examples per task.", DefaultValueFactory = _ => 2000 };
        var evalSize = new Option<int>("--eval-size") { Description = "Dev and test examples per task.", DefaultValueFactory = _ => 400 };
        var epochs = new Option<int>("--epochs") { DefaultValueFactory = _ => new DemoOptions { OutputDir = "" }.Epochs };
        var tasks = new Option<string[]>("--tasks") { Description = "Only these tasks (sentiment, inference, paraphrase).", AllowMultipleArgumentsPerToken = true };
        var threads = new Option<int?>("--threads");
        var command = new Command("demo", "Train and evaluate small encoders on a generated NLU suite (no downloads, a few minutes on 2 cores).");
        foreach (var o in new Option[] { output, seed, size, trainSize, evalSize, epochs, tasks, threads }) command.Options.Add(o);
        command.SetAction(p =>
        {
            if (p.GetValue(threads) is int n) Threads.Count = n >= 1 ? n : throw new ArgumentException("--threads must be at least 1");
            if (p.GetValue(trainSize) < 10 || p.GetValue(evalSize) < 10) throw new ArgumentException("--train-size and --eval-size must be at least 10");
            if (p.GetValue(epochs) < 1) throw new ArgumentException("--epochs must be at least 1");
            var options = new DemoOptions
            {
                OutputDir = p.GetValue(output)!, Seed = p.GetValue(seed), Size = p.GetValue(size)!, TrainSize = p.GetValue(trainSize),
                EvalSize = p.GetValue(evalSize), Epochs = p.GetValue(epochs), Tasks = p.GetValue(tasks) is { Length: > 0 } t ? t : null,
            };
            EncoderPresets.Size(options.Size);
            Console.WriteLine($"NluSharp demo: generated suite (seed {options.Seed}, {options.TrainSize} train / {options.EvalSize} dev / {options.EvalSize} test per task), " +
                              $"{options.Size} BERT from scratch, {Threads.Count} thread(s)");
            var results = SyntheticDemo.Run(options, (name, train) => TrainingConsole.Run($"demo {name}", train));
            PrintTable(results);
            Console.WriteLine($"models, metrics.jsonl and report.html per task under {Path.GetFullPath(options.OutputDir)}; summary in summary.json");
            return 0;
        });
        return command;
    }

    static void PrintTable(IReadOnlyList<DemoTaskResult> results)
    {
        static string P(double v) => double.IsFinite(v) ? (100 * v).ToString("0.0", CultureInfo.InvariantCulture) : "-";
        var table = new Table().Title("accuracy % (test split held out); majority = always the most frequent training label");
        foreach (var c in new[] { "task", "classes", "majority", "dev", "test", "test macro-F1", "train seq/s", "time" }) table.AddColumn(c);
        foreach (var r in results)
            table.AddRow(r.Task, r.Labels.Count.ToString(CultureInfo.InvariantCulture), P(r.MajorityBaseline), P(r.Dev.GetValueOrDefault("accuracy", double.NaN)),
                P(r.Test["accuracy"]), P(r.Test["macro_f1"]), r.SequencesPerSecond.ToString("0", CultureInfo.InvariantCulture),
                r.Seconds.ToString("0.0", CultureInfo.InvariantCulture) + " s");
        AnsiConsole.Write(table);
    }
}
