// `nlu bench ...`: throughput benchmarks. Each benchmark lives in its own Bench*Command.cs file.
using System.CommandLine;

namespace NluSharp.Cli.Commands;

internal static class BenchCommand
{
    public static Command Create()
    {
        var bench = new Command("bench", "Measure throughput of kernels, ops, tokenizers and models.");
        bench.Subcommands.Add(BenchGemmCommand.Create());
        bench.Subcommands.Add(BenchOpsCommand.Create());
        bench.Subcommands.Add(BenchTokenizeCommand.Create());
        bench.Subcommands.Add(BenchOptimizerCommand.Create());
        bench.Subcommands.Add(BenchModelCommand.Create());
        return bench;
    }
}
