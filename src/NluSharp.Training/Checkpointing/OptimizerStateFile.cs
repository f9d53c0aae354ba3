// Optimizer state on disk: moment buffers in `optimizer.safetensors` (float32, keys "exp_avg/<param>", ...) and the
// scalars (kind, hyperparameters, per-parameter step counts) in `optimizer.json`. Both are written atomically.
using System.Runtime.InteropServices;
using System.Text.Json;
using System.Text.Json.Nodes;
using NluSharp.Checkpoints.IO;
using NluSharp.Checkpoints.Safetensors;
using NluSharp.Checkpoints.Tensors;
using NluSharp.Training.Optimization;

namespace NluSharp.Training.Checkpointing;

/// <summary>Reads and writes <see cref="OptimizerState"/> as optimizer.safetensors + optimizer.json.</summary>
public static class OptimizerStateFile
{
    /// <summary>File holding the buffers.</summary>
    public const string TensorsFile = "optimizer.safetensors";
    /// <summary>File holding the scalars.</summary>
    public const string ScalarsFile = "optimizer.json";

    /// <summary>Writes <paramref name="state"/> into <paramref name="folder"/>.</summary>
    public static void Save(string folder, OptimizerState state)
    {
        var tensors = state.Buffers.Select(kv => new CheckpointTensor(kv.Key, TensorDType.F32, [kv.Value.LongLength],
            TensorBytes.FromMemory(MemoryMarshal.AsBytes(kv.Value.AsSpan()).ToArray())));
        SafetensorsWriter.Write(Path.Combine(folder, TensorsFile), tensors, new Dictionary<string, string> { ["format"] = "nlusharp-optimizer" });
        var json = new JsonObject
        {
            ["kind"] = state.Kind,
            ["hyperparameters"] = new JsonObject(state.Hyperparameters.OrderBy(kv => kv.Key, StringComparer.Ordinal)
                .Select(kv => KeyValuePair.Create(kv.Key, (JsonNode?)JsonValue.Create(kv.Value)))),
            ["steps"] = new JsonObject(state.Steps.OrderBy(kv => kv.Key, StringComparer.Ordinal)
                .Select(kv => KeyValuePair.Create(kv.Key, (JsonNode?)JsonValue.Create(kv.Value)))),
        };
        JsonFiles.WriteAtomic(Path.Combine(folder, ScalarsFile), json);
    }

    /// <summary>Reads the state written by <see cref="Save"/>.</summary>
    /// <exception cref="InvalidDataException">A file is malformed or the two files disagree; the message names the file and field.</exception>
    public static OptimizerState Load(string folder)
    {
        var scalarsPath = Path.Combine(folder, ScalarsFile);
        var root = JsonFiles.ReadObject(scalarsPath);
        var kind = JsonFiles.Required(root, "kind", scalarsPath).GetValue<string>();
        var hyper = JsonFiles.Required(root, "hyperparameters", scalarsPath).AsObject()
            .ToDictionary(kv => kv.Key, kv => JsonFiles.Number(kv.Value, $"hyperparameters.{kv.Key}", scalarsPath), StringComparer.Ordinal);
        var steps = JsonFiles.Required(root, "steps", scalarsPath).AsObject()
            .ToDictionary(kv => kv.Key, kv => (long)JsonFiles.Number(kv.Value, $"steps.{kv.Key}", scalarsPath), StringComparer.Ordinal);
        var buffers = new Dictionary<string, float[]>(StringComparer.Ordinal);
        var tensorsPath = Path.Combine(folder, TensorsFile);
        using (var checkpoint = SafetensorsReader.Open(tensorsPath))
            foreach (var t in checkpoint.Tensors)
            {
                if (t.DType != TensorDType.F32) throw new InvalidDataException($"{tensorsPath}: buffer '{t.Name}' is {t.DType}, expected F32");
                buffers[t.Name] = t.ToFloat32();
            }
        return new OptimizerState(kind, hyper, steps, buffers);
    }
}
