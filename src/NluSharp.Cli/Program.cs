// Entry point of the `nlu` tool: one subcommand per file under Commands/, registered here.
using System.CommandLine;
using NluSharp.Cli;
using NluSharp.Cli.Commands;

var root = new RootCommand("NluSharp: natural-language understanding with Transformer encoders, in pure .NET.");
root.Subcommands.Add(BenchCommand.Create());
root.Subcommands.Add(TokenizeCommand.Create());
root.Subcommands.Add(TokenizerCommand.Create());
return CliErrors.Run(() => root.Parse(args).Invoke());
