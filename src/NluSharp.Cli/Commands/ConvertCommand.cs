// `nlu convert IN OUT [--dtype f32|f16|bf16] [--max-shard-size SIZE]`: any checkpoint (or hub id) to safetensors,
// optionally cast and sharded; deterministic and written atomically.
using System.CommandLine;
using NluSharp.Checkpoints.Conversion;
using NluSharp.Checkpoints.Sharding;
using NluSharp.Checkpoints.Tensors;

namespace NluSharp.Cli.Commands;

internal static class ConvertCommand
{
    public static Command Create()
    {
        var input = new Argument<string>("in") { Description = "Checkpoint file (.safetensors, .bin, index .json), model folder, or hub id org/name[@revision]." };
        var output = new Argument<string>("out") { Description = "Output .safetensors file, or a folder (receives model.safetensors or shards + index, and config.json)." };
        var dtype = new Option<string?>("--dtype") { Description = "Cast floating tensors to f32, f16 or bf16 (round to nearest even); integer tensors are kept." };
        var shard = new Option<string?>("--max-shard-size") { Description = "Split into shards of at most this size (e.g. 5GB, 500MB, 2GiB), as save_pretrained does." };
        var command = new Command("convert", "Convert a checkpoint to safetensors: .bin to safetensors, dtype casts, shard or unshard.");
        command.Arguments.Add(input);
        command.Arguments.Add(output);
        command.Options.Add(dtype);
        command.Options.Add(shard);
        command.SetAction(parseResult => CliErrors.Run(() =>
        {
            var options = new ConvertOptions(
                parseResult.GetValue(dtype) is { } d ? TensorDTypes.ParseFloatName(d) : null,
                parseResult.GetValue(shard) is { } s ? ShardPlanner.ParseSize(s) : null);
            var source = ModelSources.Resolve(parseResult.GetValue(input)!);
            var result = CheckpointConverter.Convert(source, parseResult.GetValue(output)!, options);
            var writer = parseResult.InvocationConfiguration.Output;
            writer.WriteLine($"wrote {result.TensorCount} tensors ({result.TotalBytes:N0} bytes of data):");
            foreach (var file in result.Files) writer.WriteLine("  " + file);
            return 0;
        }));
        return command;
    }
}
