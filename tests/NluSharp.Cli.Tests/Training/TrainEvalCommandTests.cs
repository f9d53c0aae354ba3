// `nlu train`, `nlu eval`, `nlu predict` and `nlu score` end to end: they agree with each other, a resumed run ends on
// the same bytes as an uninterrupted one, the thread count does not change the weights, and every command-line
// mistake a user can make is one clear line with exit code 2.
using System.Globalization;
using System.Text;
using System.Text.Json;
using NluSharp.Cli.Tests.Evaluation;
using NluSharp.Tests;

namespace NluSharp.Cli.Tests.Training;

public class TrainEvalCommandTests
{
    static readonly string[] Good = ["good", "great", "fine", "lovely", "superb"];
    static readonly string[] Bad = ["bad", "awful", "dull", "poor", "weak"];

    /// <summary>A small two-class JSONL file ("not" flips the polarity) and a WordPiece tokenizer trained on it.</summary>
    internal static (string Train, string Validation, string Tokenizer) UserData(TempDir dir, int trainRows = 120)
    {
        var rng = new Random(7);
        string Rows(int n)
        {
            var sb = new StringBuilder();
            for (int i = 0; i < n; i++)
            {
                bool positive = rng.Next(2) == 0, negated = rng.Next(3) == 0;
                var word = (positive ? Good : Bad)[rng.Next(5)];
                var text = $"the film was {(negated ? "not " : "")}{word}";
                sb.Append(JsonSerializer.Serialize(new { text, label = positive ^ negated ? "pos" : "neg" })).Append('\n');
            }
            return sb.ToString();
        }
        var train = dir.Write("train.jsonl", Rows(trainRows));
        var validation = dir.Write("validation.jsonl", Rows(40));
        var corpus = dir.Write("corpus.txt", string.Join("\n", File.ReadLines(train).Select(l => JsonDocument.Parse(l).RootElement.GetProperty("text").GetString())));
        var tokenizer = Path.Combine(dir.Path, "tokenizer");
        var (code, _, stderr) = NluProcess.Run("tokenizer", "train", "--model", "wordpiece", "--vocab-size", "120", "--files", corpus, "--output", tokenizer);
        Assert.True(code == 0, stderr);
        return (train, validation, tokenizer);
    }

    static string[] TrainArgs(string train, string validation, string tokenizer, string output, params string[] extra) =>
    [
        "train", "--config", "tiny", "--tokenizer", tokenizer, "--train", train, "--validation", validation, "--output", output,
        "--batch-size", "16", "--lr", "1e-3", "--save-steps", "4", "--logging-steps", "2", .. extra, .. (extra.Contains("--max-steps") ? [] : new[] { "--max-steps", "8" }),
    ];

    [Fact]
    public void ResumedRunAndAnyThreadCountEndOnTheSameWeights()
    {
        using var dir = new TempDir();
        var (train, validation, tokenizer) = UserData(dir);
        string one = Path.Combine(dir.Path, "one"), two = Path.Combine(dir.Path, "two");
        var (code, stdout, stderr) = NluProcess.Run(TrainArgs(train, validation, tokenizer, one, "--threads", "1"));
        Assert.True(code == 0, stderr);
        Assert.Contains("seed 42: 8 steps", stdout);
        (code, _, stderr) = NluProcess.Run(TrainArgs(train, validation, tokenizer, two, "--threads", "2"));
        Assert.True(code == 0, stderr);
        var weights = File.ReadAllBytes(Path.Combine(one, "model.safetensors"));
        Assert.Equal(weights, File.ReadAllBytes(Path.Combine(two, "model.safetensors")));

        // Interrupt "two" after step 4: drop everything written later, then resume from the latest checkpoint.
        Directory.Delete(Path.Combine(two, "checkpoint-8"), recursive: true);
        File.Delete(Path.Combine(two, "model.safetensors"));
        (code, stdout, stderr) = NluProcess.Run(TrainArgs(train, validation, tokenizer, two, "--threads", "2", "--resume", "latest"));
        Assert.True(code == 0, stderr);
        Assert.Equal(weights, File.ReadAllBytes(Path.Combine(two, "model.safetensors")));
        Assert.Equal(File.ReadAllText(Path.Combine(one, "metrics.jsonl")).Split('\n').Count(l => l.Contains("\"loss\"")),
                     File.ReadAllText(Path.Combine(two, "metrics.jsonl")).Split('\n').Count(l => l.Contains("\"loss\"")));
        Assert.True(File.Exists(Path.Combine(two, "report.html")));
        // The output folder loads as a Hugging Face model with its tokenizer and labels.
        var config = JsonDocument.Parse(File.ReadAllText(Path.Combine(two, "config.json"))).RootElement;
        Assert.Equal("BertForSequenceClassification", config.GetProperty("architectures")[0].GetString());
        Assert.Equal("neg", config.GetProperty("id2label").GetProperty("0").GetString());
        Assert.True(File.Exists(Path.Combine(two, "vocab.txt")) || File.Exists(Path.Combine(two, "tokenizer.json")));
    }

    [Fact]
    public void MultipleSeedsWriteOneFolderEachAndASummary()
    {
        using var dir = new TempDir();
        var (train, validation, tokenizer) = UserData(dir, trainRows: 40);
        var output = Path.Combine(dir.Path, "seeds");
        var (code, stdout, stderr) = NluProcess.Run(TrainArgs(train, validation, tokenizer, output, "--seeds", "1,2", "--metric-for-best-model", "accuracy", "--max-steps", "2"));
        Assert.True(code == 0, stderr);
        Assert.True(File.Exists(Path.Combine(output, "seed-1", "model.safetensors")));
        Assert.True(File.Exists(Path.Combine(output, "seed-2", "model.safetensors")));
        var summary = JsonDocument.Parse(File.ReadAllText(Path.Combine(output, "seeds_summary.json"))).RootElement;
        Assert.Equal(2, summary.GetProperty("metrics").GetProperty("eval_accuracy").GetProperty("runs").GetInt32());
        Assert.Contains("eval_accuracy over 2 seeds", stdout);
        Assert.NotEqual(File.ReadAllBytes(Path.Combine(output, "seed-1", "model.safetensors")), File.ReadAllBytes(Path.Combine(output, "seed-2", "model.safetensors")));
    }

    [Fact]
    public void ValidationFractionHoldsOutPartOfTheTrainingFile()
    {
        using var dir = new TempDir();
        var (train, validation, tokenizer) = UserData(dir, trainRows: 100);
        string[] Args(string output, string fraction, params string[] extra) =>
            ["train", "--config", "tiny", "--tokenizer", tokenizer, "--train", train, "--validation-fraction", fraction, "--output", output,
             "--batch-size", "16", "--max-steps", "2", "--no-report", .. extra];
        string a = Path.Combine(dir.Path, "a");
        var (code, _, stderr) = NluProcess.Run(Args(a, "0.2"));
        Assert.True(code == 0, stderr);
        Assert.Contains("80 training and 20 validation examples", stderr);
        Assert.Equal(20, File.ReadAllLines(Path.Combine(a, "eval_predictions.jsonl")).Length);
        Assert.True(File.Exists(Path.Combine(a, "eval_results.json")));
        (code, _, stderr) = NluProcess.Run(Args(a, "0.2", "--validation", validation));
        Assert.Equal(2, code);
        Assert.Contains("either --validation FILE or --validation-fraction F, not both", stderr);
        (code, _, stderr) = NluProcess.Run(Args(a, "1.5"));
        Assert.Equal(2, code);
        Assert.Contains("validation fraction must be in (0, 1)", stderr);
    }

    [Fact]
    public void CommandLineMistakesAreOneLineErrors()
    {
        using var dir = new TempDir();
        var (train, validation, tokenizer) = UserData(dir, trainRows: 40);
        var output = Path.Combine(dir.Path, "out");
        void Fails(string expected, params string[] args)
        {
            var (code, _, stderr) = NluProcess.Run(args);
            Assert.True(code == 2, $"exit {code} for {string.Join(' ', args)}: {stderr}");
            Assert.Contains(expected, stderr);
            Assert.DoesNotContain("   at ", stderr);   // no stack trace
        }
        Fails("train.jsonl:1: missing field 'sentence'", [.. TrainArgs(train, validation, tokenizer, output), "--text-column", "sentence"]);
        Fails("either --model", "train", "--tokenizer", tokenizer, "--train", train, "--output", output);
        Fails("either --model", "train", "--config", "tiny", "--model", dir.Path, "--tokenizer", tokenizer, "--train", train, "--output", output);
        Fails("needs --tokenizer", "train", "--config", "tiny", "--train", train, "--output", output);
        Fails("--config \"huge\" is neither a size (tiny, mini, small, base)", "train", "--config", "huge", "--tokenizer", tokenizer, "--train", train, "--output", output);
        Fails("either --task", "train", "--config", "tiny", "--tokenizer", tokenizer, "--output", output);
        Fails("--task needs --data", "train", "--config", "tiny", "--tokenizer", tokenizer, "--task", "sst2", "--output", output);
        Fails("--lr-scheduler-type", [.. TrainArgs(train, validation, tokenizer, output), "--lr-scheduler-type", "exponential"]);
        var badLabel = dir.Write("bad.jsonl", "{\"text\": \"the film was good\", \"label\": \"pos\"}\n{\"text\": \"the film was bad\", \"label\": \"meh\"}\n");
        Fails("bad.jsonl:2: unknown label 'meh'", TrainArgs(train, badLabel, tokenizer, output));

        // Task/data mismatch: an SST-2 run pointed at a folder with only CoLA.
        var glue = Path.Combine(dir.Path, "glue");
        dir.Write("glue/CoLA/train.tsv", "gj04\t1\t\tThe sailors rode the breeze clear of the rocks.\n");
        Fails("no 'train' file for glue/sst2", "train", "--config", "tiny", "--tokenizer", tokenizer, "--task", "sst2", "--data", glue, "--output", output);

        // Evaluation of a checkpoint that is not a classifier for the task.
        var (code, _, stderr) = NluProcess.Run(TrainArgs(train, validation, tokenizer, output, "--max-steps", "1", "--no-report"));
        Assert.True(code == 0, stderr);
        dir.Write("glue/SST-2/dev.tsv", "sentence\tlabel\nthe film was good \t1\n");
        Fails("the model's labels are [neg, pos], the data's are [0, 1]", "eval", "--model", output, "--task", "sst2", "--data", glue);
        var configPath = Path.Combine(output, "config.json");
        File.WriteAllText(configPath, File.ReadAllText(configPath).Replace("BertForSequenceClassification", "BertForMaskedLM"));
        Fails("is a BertForMaskedLM, not a sequence classifier", "eval", "--model", output, "--task", "sst2", "--data", glue);
        Fails("model folder not found", "eval", "--model", Path.Combine(dir.Path, "missing"), "--task", "sst2", "--data", glue);
    }

    [SkippableFact]
    public void TrainEvalPredictAndScoreAgreeOnSst2()
    {
        var glue = SharedData.Require("data/glue");
        var tokenizer = SharedData.Require("tokenizers/bert-base-uncased");
        using var dir = new TempDir();
        var output = Path.Combine(dir.Path, "sst2");
        var (code, stdout, stderr) = NluProcess.Run("train", "--config", "tiny", "--tokenizer", tokenizer, "--task", "sst2", "--data", glue, "--output", output,
            "--max-train-samples", "300", "--max-eval-samples", "100", "--max-steps", "10", "--batch-size", "16", "--lr", "1e-3", "--save-steps", "5");
        Assert.True(code == 0, stderr);
        Assert.Contains("data: glue/sst2, 300 training and 100 validation examples", stderr);

        // nlu eval on the full dev split, then nlu score on the predictions it wrote: the same metrics.
        (code, stdout, stderr) = NluProcess.Run("eval", "--model", output, "--task", "sst2", "--data", glue, "--split", "dev");
        Assert.True(code == 0, stderr);
        var eval = JsonDocument.Parse(stdout).RootElement;
        var predictions = Path.Combine(output, "predictions_sst2_dev.jsonl");
        (code, stdout, stderr) = NluProcess.Run("score", "--task", "sst2", "--data", glue, "--split", "dev", "--predictions", predictions);
        Assert.True(code == 0, stderr);
        var score = JsonDocument.Parse(stdout).RootElement;
        Assert.Equal(eval.GetProperty("score").GetDouble(), score.GetProperty("score").GetDouble());
        Assert.Equal(872, File.ReadLines(predictions).Count());

        // The trainer's final evaluation (first 100 dev rows) predicted what nlu eval predicts for those rows, and its
        // eval_accuracy is the accuracy of those predictions.
        var evalLines = File.ReadLines(predictions).Take(100).ToList();
        var trainerLines = File.ReadLines(Path.Combine(output, "eval_predictions.jsonl")).ToList();
        Assert.Equal(evalLines, trainerLines);
        var gold = File.ReadLines(Path.Combine(glue, "SST-2", "dev.tsv")).Skip(1).Take(100).Select(l => l.Split('\t')[1]).ToList();
        var predicted = trainerLines.Select(l => JsonDocument.Parse(l).RootElement.GetProperty("prediction").GetString()).ToList();
        double accuracy = gold.Zip(predicted).Count(p => p.First == p.Second) / 100.0;
        var results = JsonDocument.Parse(File.ReadAllText(Path.Combine(output, "eval_results.json"))).RootElement;
        Assert.Equal(accuracy, results.GetProperty("eval_accuracy").GetDouble(), 12);

        // nlu predict on the raw dev sentences gives the same labels (its batches are length-sorted, so logits may
        // differ in the last bits: compare labels where the two logits are not within rounding of each other).
        var sentences = File.ReadLines(Path.Combine(glue, "SST-2", "dev.tsv")).Skip(1).Take(100).Select(l => l.Split('\t')[0]).ToList();
        var input = dir.Write("dev.jsonl", string.Concat(sentences.Select(s => JsonSerializer.Serialize(new { text = s }) + "\n")));
        var predictOut = Path.Combine(dir.Path, "predict.jsonl");
        (code, _, stderr) = NluProcess.Run("predict", "--model", output, "--input", input, "--output", predictOut);
        Assert.True(code == 0, stderr);
        var rows = File.ReadLines(predictOut).Select(l => JsonDocument.Parse(l).RootElement).ToList();
        Assert.Equal(100, rows.Count);
        for (int i = 0; i < rows.Count; i++)
        {
            var logits = rows[i].GetProperty("logits").EnumerateArray().Select(v => v.GetDouble()).ToArray();
            if (Math.Abs(logits[0] - logits[1]) < 1e-4) continue;
            Assert.Equal(predicted[i], rows[i].GetProperty("label").GetString());
        }
    }

    [Fact]
    public void DemoRunsEndToEndOnATinySuite()
    {
        using var dir = new TempDir();
        var output = Path.Combine(dir.Path, "demo");
        var (code, stdout, stderr) = NluProcess.Run("demo", "--output", output, "--train-size", "64", "--eval-size", "16", "--epochs", "1", "--tasks", "sentiment");
        Assert.True(code == 0, stderr);
        Assert.Contains("sentiment", stdout);
        var summary = JsonDocument.Parse(File.ReadAllText(Path.Combine(output, "summary.json"))).RootElement;
        var task = summary.GetProperty("tasks")[0];
        Assert.Equal("sentiment", task.GetProperty("task").GetString());
        double accuracy = task.GetProperty("test_accuracy").GetDouble();
        Assert.InRange(accuracy, 0, 1);
        Assert.True(File.Exists(Path.Combine(output, "sentiment", "report.html")));
        Assert.True(File.Exists(Path.Combine(output, "sentiment", "test_predictions.jsonl")));
        Assert.Equal(16, File.ReadLines(Path.Combine(output, "sentiment", "test_predictions.jsonl")).Count());
    }
}
