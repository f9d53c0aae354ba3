// Entry point of the `nlu` tool: one subcommand per file under Commands/, registered here.
using System.CommandLine;
using NluSharp.Cli;
using NluSharp.Cli.Commands;

var root = new RootCommand("NluSharp: natural-language understanding with Transformer encoders, in pure .NET.");
root.Subcommands.Add(DemoCommand.Create());
root.Subcommands.Add(BenchCommand.Create());
root.Subcommands.Add(TasksCommand.Create());
root.Subcommands.Add(ScoreCommand.Create());
root.Subcommands.Add(SubmitCommand.Create());
root.Subcommands.Add(InspectCommand.Create());
root.Subcommands.Add(ConvertCommand.Create());
root.Subcommands.Add(TokenizeCommand.Create());
root.Subcommands.Add(TokenizerCommand.Create());
root.Subcommands.Add(PredictCommand.Create());
root.Subcommands.Add(TrainCommand.Create());
root.Subcommands.Add(PretrainCommand.Create());
root.Subcommands.Add(EvalCommand.Create());
// The default handler would print a stack trace and exit 1; CliErrors turns user errors into one line and exit 2.
return CliErrors.Run(() => root.Parse(args).Invoke(new InvocationConfiguration { EnableDefaultExceptionHandler = false }));
