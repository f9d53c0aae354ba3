// `nlu inspect`: what a checkpoint holds — format, architecture and config headline numbers, parameter count, and every
// tensor's name, dtype and shape in checkpoint order — as text or as one JSON object.
using System.Text;
using NluSharp.Checkpoints.Configs;
using NluSharp.Checkpoints.Sharding;
using NluSharp.Checkpoints.Tensors;

namespace NluSharp.Checkpoints.Inspection;

/// <summary>One tensor in an <see cref="InspectReport"/>.</summary>
/// <param name="Name">Checkpoint key.</param>
/// <param name="DType">safetensors dtype name, e.g. "F32".</param>
/// <param name="Shape">Dimensions.</param>
public sealed record TensorSummary(string Name, string DType, IReadOnlyList<long> Shape);

/// <summary>What <see cref="CheckpointInspector.Inspect"/> found.</summary>
/// <param name="Path">The checkpoint file (or index) that was read.</param>
/// <param name="Format">"safetensors", "pytorch-zip", "pytorch-legacy", "safetensors-sharded" or "pytorch-sharded".</param>
/// <param name="Architecture">config.json "architectures"[0], else its model_type, else null when there is no config.</param>
/// <param name="ModelType">config.json "model_type", or null.</param>
/// <param name="ConfigSummary">Headline config values (hidden size, layers, heads, ...).</param>
/// <param name="Parameters">Total number of elements over all tensors.</param>
/// <param name="Tensors">Every tensor, in checkpoint order.</param>
public sealed record InspectReport(string Path, string Format, string? Architecture, string? ModelType,
    IReadOnlyList<KeyValuePair<string, object?>> ConfigSummary, long Parameters, IReadOnlyList<TensorSummary> Tensors)
{
    /// <summary>
    /// The machine-readable form: {"format": ..., "architecture": ..., "parameters": N, "tensors": [{"name": ..., "dtype": ..., "shape": [...]}, ...]},
    /// on one line with Python json.dumps separators.
    /// </summary>
    public string ToJson()
    {
        var sb = new StringBuilder("{\"format\": ");
        ShardIndex.AppendPythonJsonString(sb, Format);
        sb.Append(", \"architecture\": ");
        if (Architecture is null) sb.Append("null"); else ShardIndex.AppendPythonJsonString(sb, Architecture);
        sb.Append(", \"parameters\": ").Append(Parameters).Append(", \"tensors\": [");
        for (int i = 0; i < Tensors.Count; i++)
        {
            var t = Tensors[i];
            if (i > 0) sb.Append(", ");
            sb.Append("{\"name\": ");
            ShardIndex.AppendPythonJsonString(sb, t.Name);
            sb.Append(", \"dtype\": \"").Append(t.DType).Append("\", \"shape\": [").AppendJoin(", ", t.Shape).Append("]}");
        }
        return sb.Append("]}").ToString();
    }
}

/// <summary>Builds <see cref="InspectReport"/>s.</summary>
public static class CheckpointInspector
{
    /// <summary>Inspects a checkpoint file or model folder; reads only headers (tensor bytes are not touched).</summary>
    public static InspectReport Inspect(string path)
    {
        using var ckpt = Checkpoint.Open(path);
        var folder = Directory.Exists(path) ? path : System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(path))!;
        var configPath = System.IO.Path.Combine(folder, "config.json");
        ModelConfig? config = File.Exists(configPath) ? ModelConfig.Load(configPath) : null;
        var architecture = config == null ? null : config.Architectures.FirstOrDefault() ?? config.ModelType;
        return new InspectReport(
            ckpt.Path,
            FormatName(ckpt.Format),
            architecture,
            config?.ModelType,
            config?.Summary() ?? [],
            ckpt.ParameterCount,
            ckpt.Tensors.Select(t => new TensorSummary(t.Name, t.DType.ToSafetensorsName(), t.Shape)).ToList());
    }

    /// <summary>The format's name in reports.</summary>
    public static string FormatName(CheckpointFormat format) => format switch
    {
        CheckpointFormat.Safetensors => "safetensors",
        CheckpointFormat.PyTorchZip => "pytorch-zip",
        CheckpointFormat.PyTorchLegacy => "pytorch-legacy",
        CheckpointFormat.ShardedSafetensors => "safetensors-sharded",
        CheckpointFormat.ShardedPyTorch => "pytorch-sharded",
        _ => format.ToString(),
    };
}
