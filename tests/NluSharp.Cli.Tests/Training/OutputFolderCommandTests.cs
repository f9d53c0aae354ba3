// `nlu train` and its output folder (issue 23, findings 1, 2 and 4): a folder in use by another run, a folder of another
// run without --overwrite-output-dir, an unknown --metric-for-best-model and a --max-seq-length beyond the model's
// positions all fail before any work, with one line and exit code 2.
using NluSharp.Cli.Tests.Evaluation;
using NluSharp.Tests;
using NluSharp.Training.Checkpointing;

namespace NluSharp.Cli.Tests.Training;

public class OutputFolderCommandTests
{
    static string[] Args(string train, string validation, string tokenizer, string output, params string[] extra) =>
    [
        "train", "--config", "tiny", "--tokenizer", tokenizer, "--train", train, "--validation", validation, "--output", output,
        "--batch-size", "16", "--lr", "1e-3", "--save-steps", "2", "--no-report", .. extra, .. (extra.Contains("--max-steps") ? [] : new[] { "--max-steps", "2" }),
    ];

    static void AssertOneLineError(int code, string stderr, params string[] expected)
    {
        Assert.True(code == 2, $"exit {code}: {stderr}");
        foreach (var e in expected) Assert.Contains(e, stderr);
        Assert.Single(stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries), l => l.StartsWith("error: ", StringComparison.Ordinal));
        Assert.DoesNotContain("   at ", stderr);
    }

    [Fact]
    public void AFolderInUseByAnotherRunIsRefused()
    {
        using var dir = new TempDir();
        var (train, validation, tokenizer) = TrainEvalCommandTests.UserData(dir, trainRows: 40);
        var output = Path.Combine(dir.Path, "busy");
        using (OutputLock.Acquire(output))   // this test process plays the other run
        {
            var (code, _, stderr) = NluProcess.Run(Args(train, validation, tokenizer, output));
            AssertOneLineError(code, stderr, output, $"pid {Environment.ProcessId}");
            Assert.Equal([Path.Combine(output, OutputLock.FileName)], Directory.GetFileSystemEntries(output));
        }
        var (ok, _, err) = NluProcess.Run(Args(train, validation, tokenizer, output));
        Assert.True(ok == 0, err);
        Assert.False(File.Exists(Path.Combine(output, OutputLock.FileName)), "the lock is released when the run ends");
    }

    [Fact]
    public void AnotherRunsFolderNeedsOverwriteOutputDir()
    {
        using var dir = new TempDir();
        var (train, validation, tokenizer) = TrainEvalCommandTests.UserData(dir, trainRows: 40);
        var output = Path.Combine(dir.Path, "out");
        var (code, _, stderr) = NluProcess.Run(Args(train, validation, tokenizer, output, "--max-steps", "4"));
        Assert.True(code == 0, stderr);

        (code, _, stderr) = NluProcess.Run(Args(train, validation, tokenizer, output, "--weight-decay", "0.01"));
        AssertOneLineError(code, stderr, output, "--overwrite-output-dir");
        (code, _, stderr) = NluProcess.Run(Args(train, validation, tokenizer, output, "--weight-decay", "0.01", "--resume", "latest"));
        AssertOneLineError(code, stderr, "--resume", output);

        (code, _, stderr) = NluProcess.Run(Args(train, validation, tokenizer, output, "--weight-decay", "0.01", "--overwrite-output-dir"));
        Assert.True(code == 0, stderr);
        Assert.False(Directory.Exists(Path.Combine(output, "checkpoint-4")), "the old run's checkpoints are removed first");
        Assert.True(Directory.Exists(Path.Combine(output, "checkpoint-2")));
        // The overwritten folder is a complete model folder again.
        (code, _, stderr) = NluProcess.Run(["train", "--model", output, "--train", train, "--validation", validation, "--output", Path.Combine(dir.Path, "second"),
            "--batch-size", "16", "--max-steps", "1", "--no-report"]);
        Assert.True(code == 0, stderr);
    }

    [Fact]
    public void OptionsThatCannotWorkFailBeforeAnyWork()
    {
        using var dir = new TempDir();
        var (train, validation, tokenizer) = TrainEvalCommandTests.UserData(dir, trainRows: 40);
        var output = Path.Combine(dir.Path, "never");
        var (code, _, stderr) = NluProcess.Run(Args(train, validation, tokenizer, output, "--metric-for-best-model", "bogus"));
        AssertOneLineError(code, stderr, "--metric-for-best-model \"bogus\"", "loss, accuracy, macro_f1, mcc, f1");
        (code, _, stderr) = NluProcess.Run(Args(train, validation, tokenizer, output, "--max-seq-length", "1000"));
        AssertOneLineError(code, stderr, "--max-seq-length 1000", "512");
        Assert.False(Directory.Exists(output), "nothing may be written before the options are checked");

        (code, _, stderr) = NluProcess.Run(Args(train, validation, tokenizer, output, "--metric-for-best-model", "eval_macro_f1"));
        Assert.True(code == 0, stderr);
    }
}
