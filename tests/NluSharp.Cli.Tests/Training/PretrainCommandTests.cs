// `nlu pretrain` end to end: a tiny encoder pretrained on a generated corpus with every objective (ELECTRA included), the same
// weights for any thread count, the output folder fine-tuned by `nlu train --model`, self-pretraining on a task's text,
// and one clear line (exit 2) for each option mistake, before any work starts.
using System.Text;
using NluSharp.Cli.Tests.Evaluation;
using NluSharp.Tests;

namespace NluSharp.Cli.Tests.Training;

public class PretrainCommandTests
{
    static readonly string[] Words = ["the", "film", "was", "not", "good", "bad", "lovely", "dull", "and", "plot", "actors", "river", "quietly", "unexpected"];

    static (string Corpus, string Tokenizer) Setup(TempDir dir)
    {
        var rng = new Random(11);
        var sb = new StringBuilder();
        for (int d = 0; d < 80; d++)
        {
            for (int p = 0; p < 2; p++) sb.AppendLine(string.Join(" ", Enumerable.Range(0, 6 + rng.Next(10)).Select(_ => Words[rng.Next(Words.Length)])) + ".");
            sb.AppendLine();
        }
        var corpus = dir.Write("corpus.txt", sb.ToString());
        var tokenizer = Path.Combine(dir.Path, "tokenizer");
        var (code, _, stderr) = NluProcess.Run("tokenizer", "train", "--model", "wordpiece", "--vocab-size", "90", "--files", corpus, "--output", tokenizer);
        Assert.True(code == 0, stderr);
        return (corpus, tokenizer);
    }

    static string[] Args(string corpus, string tokenizer, string output, params string[] extra)
    {
        // Defaults an extra argument may override (System.CommandLine refuses an option given twice).
        string[] defaults = ["--max-seq-length", "32", "--batch-size", "8", "--max-steps", "6", "--lr", "1e-3", "--eval-steps", "3", "--save-steps", "3", "--validation-split-percentage", "5"];
        var kept = defaults.Chunk(2).Where(pair => !extra.Contains(pair[0])).SelectMany(pair => pair);
        return ["pretrain", "--config", "tiny", "--tokenizer", tokenizer, "--corpus", corpus, "--output", output, "--no-report", .. kept, .. extra];
    }

    [Fact]
    public void EveryObjectiveTrainsThreadCountDoesNotChangeWeightsAndTheFolderFineTunes()
    {
        using var dir = new TempDir();
        var (corpus, tokenizer) = Setup(dir);
        foreach (var objective in new[] { "wwm", "span", "electra" })
        {
            var (c, stdout, e) = NluProcess.Run(Args(corpus, tokenizer, Path.Combine(dir.Path, objective), "--objective", objective));
            Assert.True(c == 0, e);
            Assert.Contains("6 steps", stdout);
            Assert.Contains(objective == "electra" ? "eval_discriminator_accuracy" : "eval_accuracy", stdout);
        }
        Assert.Contains("ElectraForPreTraining", File.ReadAllText(Path.Combine(dir.Path, "electra", "config.json")));
        string one = Path.Combine(dir.Path, "one"), two = Path.Combine(dir.Path, "two");
        var (code, _, stderr) = NluProcess.Run(Args(corpus, tokenizer, one, "--threads", "1"));
        Assert.True(code == 0, stderr);
        (code, _, stderr) = NluProcess.Run(Args(corpus, tokenizer, two, "--threads", "2"));
        Assert.True(code == 0, stderr);
        Assert.Equal(File.ReadAllBytes(Path.Combine(one, "model.safetensors")), File.ReadAllBytes(Path.Combine(two, "model.safetensors")));
        Assert.True(File.Exists(Path.Combine(one, "checkpoint-6", "optimizer.safetensors")));

        var train = dir.Write("train.jsonl", string.Join("\n", Enumerable.Range(0, 40).Select(i => $"{{\"text\": \"the film was {(i % 2 == 0 ? "good" : "bad")}\", \"label\": \"{(i % 2 == 0 ? "pos" : "neg")}\"}}")));
        (code, var fineTuned, stderr) = NluProcess.Run("train", "--model", one, "--train", train, "--output", Path.Combine(dir.Path, "ft"), "--max-steps", "3", "--save-strategy", "no", "--no-report");
        Assert.True(code == 0, stderr);
        Assert.Contains("3 steps", fineTuned);
        Assert.Contains("cls.predictions", stderr);   // the MLM head is reported unused, as transformers does

        // Continued pretraining from the folder (domain-adaptive pretraining).
        (code, _, stderr) = NluProcess.Run(["pretrain", "--from", one, "--corpus", corpus, "--output", Path.Combine(dir.Path, "dapt"), "--max-seq-length", "32",
            "--batch-size", "8", "--max-steps", "2", "--save-strategy", "no", "--eval-strategy", "no", "--no-report"]);
        Assert.True(code == 0, stderr);
    }

    [Theory]
    [InlineData("--generator-size", "2", "--generator-size must be in (0, 1]")]
    [InlineData("--objective", "clm", "expected mlm, wwm, span or electra")]
    [InlineData("--mlm-probability", "1.5", "--mlm-probability must be in (0, 1)")]
    [InlineData("--validation-split-percentage", "80", "--validation-split-percentage must be in [0, 50]")]
    [InlineData("--lr-scheduler-type", "wavy", "--lr-scheduler-type")]
    [InlineData("--metric-for-best-model", "bogus", "pretraining reports loss, perplexity, accuracy")]
    public void OptionMistakesAreOneLineBeforeAnyWork(string option, string value, string message)
    {
        using var dir = new TempDir();
        var (corpus, tokenizer) = Setup(dir);
        var output = Path.Combine(dir.Path, "out");
        var (code, _, stderr) = NluProcess.Run(Args(corpus, tokenizer, output, option, value));
        Assert.Equal(2, code);
        Assert.Contains(message, stderr);
        Assert.Single(stderr.Trim().Split('\n'));
        Assert.False(Directory.Exists(Path.Combine(output, "corpus-tokens")), "the corpus was tokenized before the options were checked");
    }

    [Fact]
    public void MissingCorpusAndConflictingSourcesAreNamed()
    {
        using var dir = new TempDir();
        var (corpus, tokenizer) = Setup(dir);
        var (code, _, stderr) = NluProcess.Run(Args(Path.Combine(dir.Path, "missing.txt"), tokenizer, Path.Combine(dir.Path, "o")));
        Assert.Equal(2, code);
        Assert.Contains("missing.txt", stderr);
        (code, _, stderr) = NluProcess.Run(["pretrain", "--tokenizer", tokenizer, "--corpus", corpus, "--output", Path.Combine(dir.Path, "o")]);
        Assert.Equal(2, code);
        Assert.Contains("--config", stderr);
    }

    [SkippableFact]
    public void TaskTextPretrainsOnTheTasksOwnTrainingSentences()
    {
        var glue = SharedData.Require("data/glue");
        var tokenizer = SharedData.Require("tokenizers/bert-base-uncased");
        using var dir = new TempDir();
        var output = Path.Combine(dir.Path, "self");
        var (code, stdout, stderr) = NluProcess.Run("pretrain", "--config", "tiny", "--tokenizer", tokenizer, "--task-text", "sst2", "--data", glue,
            "--output", output, "--max-steps", "2", "--batch-size", "4", "--max-seq-length", "64", "--eval-steps", "2", "--save-strategy", "no", "--no-report");
        Assert.True(code == 0, stderr);
        Assert.Contains("67,349 training examples", stderr);
        Assert.Equal(67349, File.ReadLines(Path.Combine(output, "task-text.txt")).Count(l => l.Length == 0) + 1);
        Assert.Contains("2 steps", stdout);
    }
}
