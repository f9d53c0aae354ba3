// `nlu bench gemm --sizes` measures the shapes it is given (one JSON line each, no BERT summary) and rejects
// malformed shapes as user errors (exit 2).
using System.Text.Json;
using NluSharp.Cli.Tests.Evaluation;

namespace NluSharp.Cli.Tests;

public class BenchGemmCommandTests
{
    [Fact]
    public void CustomSizesPrintOneLinePerShapeAndTransposeForm()
    {
        var (code, stdout, stderr) = NluProcess.Run("bench", "gemm", "--sizes", "64x48x32:NT,17x5x9", "--threads", "1", "--seconds", "0.01", "--json");
        Assert.True(code == 0, stderr);
        var lines = stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement).ToList();
        Assert.Equal(2, lines.Count);
        Assert.Equal((64, 48, 32, "NT"), (lines[0].GetProperty("m").GetInt32(), lines[0].GetProperty("n").GetInt32(), lines[0].GetProperty("k").GetInt32(), lines[0].GetProperty("op").GetString()));
        Assert.Equal("NN", lines[1].GetProperty("op").GetString());
        Assert.All(lines, l => Assert.True(l.GetProperty("gflops").GetDouble() > 0 && l.GetProperty("peak_gflops").GetDouble() > 0));
    }

    [Theory]
    [InlineData("64x48", "is not MxNxK")]
    [InlineData("64x48x0", "is not MxNxK")]
    [InlineData("8x8x8:TT", "expected NN, NT or TN")]
    public void MalformedSizesAreUserErrors(string sizes, string message)
    {
        var (code, _, stderr) = NluProcess.Run("bench", "gemm", "--sizes", sizes, "--threads", "1", "--seconds", "0.01");
        Assert.Equal(2, code);
        Assert.Contains(message, stderr);
    }
}
