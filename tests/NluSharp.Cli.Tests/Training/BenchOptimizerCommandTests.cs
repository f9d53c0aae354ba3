// `nlu bench optimizer` runs end to end on a small size and rejects bad arguments as user errors (exit 2).
using NluSharp.Cli.Tests.Evaluation;

namespace NluSharp.Cli.Tests.Training;

public class BenchOptimizerCommandTests
{
    [Fact]
    public void SmallRunPrintsBothVariants()
    {
        var (code, stdout, stderr) = NluProcess.Run("bench", "optimizer", "--elements", "1003", "--steps", "2", "--no-torch");
        Assert.True(code == 0, stderr);
        Assert.Contains("AdamW step, 1,003 float32 parameters", stdout);
        Assert.Contains("nlusharp (vector)", stdout);
        Assert.Contains("nlusharp (scalar twin)", stdout);
    }

    [Fact]
    public void NonPositiveSizeIsAUserError()
    {
        var (code, _, stderr) = NluProcess.Run("bench", "optimizer", "--elements", "0", "--no-torch");
        Assert.Equal(2, code);
        Assert.Contains("--elements must be >= 1", stderr);
    }
}
