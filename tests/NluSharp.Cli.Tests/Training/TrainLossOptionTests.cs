// `nlu train --loss NAME --loss-args k=v,... --z-loss COEF`: a non-default loss trains end to end (focal with z-loss;
// supervised contrastive, which also needs the encoder's sentence features), and every mistake in the loss options
// is one line with exit code 2 before any work starts (no output folder).
using System.Text.Json;
using NluSharp.Cli.Tests.Evaluation;

namespace NluSharp.Cli.Tests.Training;

public class TrainLossOptionTests
{
    static string[] Args(string train, string validation, string tokenizer, string output, params string[] extra) =>
    [
        "train", "--config", "tiny", "--tokenizer", tokenizer, "--train", train, "--validation", validation, "--output", output,
        "--batch-size", "16", "--lr", "1e-3", "--max-steps", "4", "--logging-steps", "2", "--save-strategy", "no", "--no-report", .. extra,
    ];

    [Fact]
    public void NonDefaultLossesTrainEndToEnd()
    {
        using var dir = new TempDir();
        var (train, validation, tokenizer) = TrainEvalCommandTests.UserData(dir, trainRows: 64);
        foreach (var (name, extra) in new[]
        {
            ("focal", new[] { "--loss", "focal", "--loss-args", "gamma=2,alpha=0.25,0.75", "--z-loss", "1e-4" }),
            ("supcon", new[] { "--loss", "supcon", "--loss-args", "temperature=0.3,weight=0.5", "--label-smoothing-factor", "0.1" }),
        })
        {
            var output = Path.Combine(dir.Path, name);
            var (code, stdout, stderr) = NluProcess.Run(Args(train, validation, tokenizer, output, extra));
            Assert.True(code == 0, stderr);
            Assert.Contains("seed 42: 4 steps", stdout);
            var results = JsonDocument.Parse(File.ReadAllText(Path.Combine(output, "eval_results.json"))).RootElement;
            Assert.True(double.IsFinite(results.GetProperty("eval_loss").GetDouble()), name);
            Assert.InRange(results.GetProperty("eval_accuracy").GetDouble(), 0, 1);
        }
    }

    [Fact]
    public void LossOptionMistakesAreOneLineErrorsBeforeAnyWork()
    {
        using var dir = new TempDir();
        var (train, validation, tokenizer) = TrainEvalCommandTests.UserData(dir, trainRows: 40);
        var output = Path.Combine(dir.Path, "out");
        void Fails(string expected, params string[] extra)
        {
            var (code, _, stderr) = NluProcess.Run(Args(train, validation, tokenizer, output, extra));
            Assert.True(code == 2, $"exit {code} for {string.Join(' ', extra)}: {stderr}");
            Assert.Contains("error: " + expected, stderr);
            Assert.Single(stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries), l => l.StartsWith("error:"));
            Assert.DoesNotContain("   at ", stderr);
            Assert.False(Directory.Exists(output), "no work should have started");
        }
        Fails("--loss hinge: unknown loss; expected one of cross_entropy, focal, poly1, squentropy, harmonic, supcon, mse, huber, bce", "--loss", "hinge");
        Fails("--loss-args beta: unknown key for --loss focal; expected gamma, alpha", "--loss", "focal", "--loss-args", "beta=1");
        Fails("--loss-args gamma=x: 'x' is not a number", "--loss", "focal", "--loss-args", "gamma=x");
        Fails("--loss-args temperature=0: the temperature must be a finite number > 0", "--loss", "supcon", "--loss-args", "temperature=0");
        Fails("--loss mse: does not fit a single-label classification task; expected one of cross_entropy, focal", "--loss", "mse");
        Fails("--loss-args alpha: 3 values for 2 classes", "--loss", "focal", "--loss-args", "alpha=1,1,1");
        Fails("--z-loss -1: expected a coefficient ≥ 0", "--z-loss", "-1");
        Fails("--label-smoothing-factor does not combine with --loss focal", "--loss", "focal", "--label-smoothing-factor", "0.1");
    }
}
