// `nlu inspect PATH|org/name [--json]`: format, architecture, config summary, parameter count and every tensor of a checkpoint.
using System.CommandLine;
using NluSharp.Checkpoints.Inspection;

namespace NluSharp.Cli.Commands;

internal static class InspectCommand
{
    public static Command Create()
    {
        var path = new Argument<string>("path") { Description = "Checkpoint file, model folder, shard index, or hub id org/name[@revision]." };
        var json = new Option<bool>("--json") { Description = "Print one JSON object: {\"format\", \"architecture\", \"parameters\", \"tensors\": [{\"name\", \"dtype\", \"shape\"}]}." };
        var command = new Command("inspect", "Show what a checkpoint holds: format, architecture, parameter count, tensor names, dtypes and shapes.");
        command.Arguments.Add(path);
        command.Options.Add(json);
        command.SetAction(parseResult => CliErrors.Run(() =>
        {
            var report = CheckpointInspector.Inspect(ModelSources.Resolve(parseResult.GetValue(path)!));
            var output = parseResult.InvocationConfiguration.Output;
            if (parseResult.GetValue(json)) output.WriteLine(report.ToJson());
            else WriteText(output, report);
            return 0;
        }));
        return command;
    }

    static void WriteText(TextWriter output, InspectReport report)
    {
        output.WriteLine($"file:         {report.Path}");
        output.WriteLine($"format:       {report.Format}");
        output.WriteLine($"architecture: {report.Architecture ?? "(no config.json)"}{(report.ModelType != null ? $" (model_type {report.ModelType})" : "")}");
        if (report.ConfigSummary.Count > 0)
            output.WriteLine($"config:       {string.Join(", ", report.ConfigSummary.Select(kv => $"{kv.Key}={kv.Value}"))}");
        output.WriteLine($"parameters:   {report.Parameters:N0}");
        output.WriteLine($"tensors:      {report.Tensors.Count}");
        var width = report.Tensors.Count == 0 ? 0 : report.Tensors.Max(t => t.Name.Length);
        foreach (var t in report.Tensors)
            output.WriteLine($"  {t.Name.PadRight(width)}  {t.DType,-4}  [{string.Join(", ", t.Shape)}]");
    }
}
