// Saves and restores a model's named parameters as float32 safetensors (Hugging Face key names), checking on load
// that the file has exactly the model's keys and shapes and naming every one that differs.
using System.Runtime.InteropServices;
using NluSharp.Checkpoints;
using NluSharp.Checkpoints.Safetensors;
using NluSharp.Checkpoints.Tensors;
using NluSharp.Training.Optimization;

namespace NluSharp.Training.Checkpointing;

/// <summary>Model weights ↔ <c>model.safetensors</c>.</summary>
public static class ModelWeights
{
    /// <summary>Writes the parameters (float32, <c>{"format":"pt"}</c> metadata as save_pretrained does) atomically to <paramref name="path"/>.</summary>
    public static void Save(string path, IEnumerable<NamedParameter> parameters) =>
        SafetensorsWriter.Write(path, parameters.Select(ToCheckpointTensor).ToList(), new Dictionary<string, string> { ["format"] = "pt" });

    internal static CheckpointTensor ToCheckpointTensor(NamedParameter p)
    {
        var bytes = MemoryMarshal.AsBytes(p.Value.ToArray().AsSpan()).ToArray();
        var shape = p.Value.Shape.ToArray().Select(d => (long)d).ToArray();
        return new CheckpointTensor(p.Name, TensorDType.F32, shape, TensorBytes.FromMemory(bytes));
    }

    /// <summary>Copies every tensor of <paramref name="path"/> into the parameter of the same name, bit for bit (F32 files) or rounded (other float dtypes).</summary>
    /// <exception cref="InvalidDataException">A key is missing or unexpected, or a shape differs; the message lists them.</exception>
    public static void Load(string path, IReadOnlyList<NamedParameter> parameters)
    {
        using var checkpoint = SafetensorsReader.Open(path);
        var problems = new List<string>();
        var fileNames = checkpoint.Tensors.Select(t => t.Name).ToHashSet(StringComparer.Ordinal);
        foreach (var p in parameters)
        {
            if (!checkpoint.TryGetTensor(p.Name, out var tensor)) { problems.Add($"missing key '{p.Name}'"); continue; }
            var expected = p.Value.Shape.ToArray().Select(d => (long)d).ToArray();
            if (!tensor.Shape.SequenceEqual(expected))
                problems.Add($"'{p.Name}' has shape {tensor.ShapeText} in the file, the model expects [{string.Join(", ", expected)}]");
        }
        var modelNames = parameters.Select(p => p.Name).ToHashSet(StringComparer.Ordinal);
        problems.AddRange(fileNames.Where(n => !modelNames.Contains(n)).Order(StringComparer.Ordinal).Select(n => $"unexpected key '{n}'"));
        if (problems.Count > 0)
            throw new InvalidDataException($"{path}: weights do not match the model ({problems.Count} problems): {string.Join("; ", problems.Take(20))}");
        foreach (var p in parameters)
            checkpoint[p.Name].ToFloat32().CopyTo(p.Value.AsSpan());
    }
}
