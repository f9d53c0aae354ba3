// from_pretrained / save_pretrained: a Hugging Face model folder (config.json + model.safetensors or pytorch_model.bin)
// in, the same layout out.
using NluSharp.Checkpoints;
using NluSharp.Checkpoints.Configs;
using NluSharp.Checkpoints.Safetensors;
using NluSharp.Checkpoints.Tensors;

namespace NluSharp.Models;

/// <summary>Loads and saves models in Hugging Face folder layout.</summary>
public static class Pretrained
{
    /// <summary>
    /// Loads the model at <paramref name="path"/> (a folder, or a weights file whose folder has config.json).
    /// The class is <paramref name="className"/>, else config "architectures"[0]. Keys the checkpoint lacks keep a fresh
    /// Hugging Face-style initialization and are listed in the report.
    /// </summary>
    public static (TaskModel Model, LoadReport Report) Load(string path, string? className = null, int seed = 0)
    {
        string folder = Directory.Exists(path) ? path : Path.GetDirectoryName(Path.GetFullPath(path))!;
        var config = ModelConfig.Load(Path.Combine(folder, "config.json"));
        className ??= config.Architectures.FirstOrDefault()
            ?? throw new InvalidDataException($"{config.SourcePath}: no \"architectures\" entry; pass the model class name explicitly");
        var model = ModelRegistry.Create(className, config, seed);
        using var checkpoint = Checkpoint.Open(path);
        var report = StateDictLoader.Load(model, checkpoint);
        return (model, report);
    }

    /// <summary>
    /// Writes config.json (with "architectures" set to the model's class) and model.safetensors with Hugging Face keys,
    /// tied aliases omitted, as save_pretrained does. Both files are written atomically.
    /// </summary>
    public static void Save(TaskModel model, string folder)
    {
        Directory.CreateDirectory(folder);
        var tensors = model.UniqueNamedParameters()
            .Where(p => !model.TiedKeys.ContainsKey(p.Name))
            .Select(p =>
            {
                var data = p.Parameter.ToArray();
                var bytes = new byte[data.Length * sizeof(float)];
                System.Runtime.InteropServices.MemoryMarshal.AsBytes(data.AsSpan()).CopyTo(bytes);
                return new CheckpointTensor(p.Name, TensorDType.F32, p.Parameter.Shape.ToArray().Select(d => (long)d).ToArray(), TensorBytes.FromMemory(bytes));
            });
        SafetensorsWriter.Write(Path.Combine(folder, "model.safetensors"), tensors, new Dictionary<string, string> { ["format"] = "pt" });
        SaveConfig(model, folder);
    }

    /// <summary>Writes config.json alone ("architectures" = the model's class, torch_dtype float32), atomically.</summary>
    public static void SaveConfig(TaskModel model, string folder)
    {
        Directory.CreateDirectory(folder);
        var fields = (System.Text.Json.Nodes.JsonObject)model.Config.Fields.DeepClone();
        fields["architectures"] = new System.Text.Json.Nodes.JsonArray(model.HfClassName);
        fields["torch_dtype"] = "float32";
        var config = ModelConfig.Parse(System.Text.Encoding.UTF8.GetBytes(fields.ToJsonString()), Path.Combine(folder, "config.json"));
        config.Save(Path.Combine(folder, "config.json"));
    }
}
