// `nlu convert`: reads any checkpoint (safetensors, .bin, sharded), optionally casts floating tensors, and writes
// safetensors — one file or Hugging Face shards plus index — deterministically and atomically.
using NluSharp.Checkpoints.Configs;
using NluSharp.Checkpoints.IO;
using NluSharp.Checkpoints.Safetensors;
using NluSharp.Checkpoints.Sharding;
using NluSharp.Checkpoints.Tensors;

namespace NluSharp.Checkpoints.Conversion;

/// <summary>Options of <see cref="CheckpointConverter.Convert"/>.</summary>
/// <param name="DType">Cast every floating tensor to this dtype (integer and bool tensors are kept, as torch's Module.half() does); null keeps each tensor's dtype.</param>
/// <param name="MaxShardBytes">Split into shards of at most this many bytes; null writes a single file.</param>
public sealed record ConvertOptions(TensorDType? DType = null, long? MaxShardBytes = null);

/// <summary>What <see cref="CheckpointConverter.Convert"/> wrote.</summary>
/// <param name="Files">Files written (shards first, then the index), full paths.</param>
/// <param name="TensorCount">Tensors written.</param>
/// <param name="TotalBytes">Bytes of tensor data written.</param>
public sealed record ConvertResult(IReadOnlyList<string> Files, int TensorCount, long TotalBytes);

/// <summary>Converts checkpoints to safetensors.</summary>
public static class CheckpointConverter
{
    /// <summary>
    /// Converts <paramref name="input"/> (a file or model folder) to safetensors at <paramref name="output"/>.
    /// An output ending in ".safetensors" names the file (shards use its stem); any other output is a folder that receives
    /// model.safetensors (or model-0000i-of-0000n.safetensors + model.safetensors.index.json), plus config.json when the
    /// input folder has one (with torch_dtype updated when casting). Tied tensors that .bin files store twice are written twice (the safetensors reader accepts both).
    /// </summary>
    public static ConvertResult Convert(string input, string output, ConvertOptions options)
    {
        using var source = Checkpoint.Open(input);
        var tensors = source.Tensors.Select(t => options.DType is { } d && t.DType.IsFloatingPoint() && t.DType != d ? t.CastTo(d) : t).ToList();
        var metadata = source.Metadata.Count > 0 ? source.Metadata : new Dictionary<string, string> { ["format"] = "pt" };

        string folder, stem;
        if (output.EndsWith(".safetensors", StringComparison.OrdinalIgnoreCase))
        {
            folder = Path.GetDirectoryName(Path.GetFullPath(output))!;
            stem = Path.GetFileNameWithoutExtension(output);
        }
        else
        {
            folder = Path.GetFullPath(output);
            stem = "model";
        }
        Directory.CreateDirectory(folder);

        var written = new List<string>();
        var shards = options.MaxShardBytes is { } max ? ShardPlanner.Plan(tensors, max) : [tensors];
        if (shards.Count == 0) shards.Add([]);
        var weightMap = new List<KeyValuePair<string, string>>();
        for (int i = 0; i < shards.Count; i++)
        {
            var name = ShardPlanner.ShardFileName(stem, ".safetensors", i, shards.Count);
            var path = Path.Combine(folder, name);
            if (InputFiles(source).Contains(Path.GetFullPath(path)))
                throw new ArgumentException($"output {path} would overwrite the input being read");
            SafetensorsWriter.Write(path, shards[i], metadata);
            written.Add(path);
            weightMap.AddRange(shards[i].Select(t => new KeyValuePair<string, string>(t.Name, name)));
        }
        long total = tensors.Sum(t => t.Data.Length);
        if (shards.Count > 1)
        {
            var index = Path.Combine(folder, stem + ".safetensors.index.json");
            AtomicFile.WriteAllBytes(index, ShardIndex.Serialize(total, weightMap));
            written.Add(index);
        }
        var inputFolder = Directory.Exists(input) ? input : Path.GetDirectoryName(Path.GetFullPath(input))!;
        var config = Path.Combine(inputFolder, "config.json");
        var outConfig = Path.Combine(folder, "config.json");
        if (!output.EndsWith(".safetensors", StringComparison.OrdinalIgnoreCase) && File.Exists(config) && Path.GetFullPath(config) != outConfig)
        {
            if (options.DType is { } cast)
            {
                // save_pretrained records the dtype the weights are stored in; unknown fields are kept as they were.
                var parsed = ModelConfig.Load(config);
                parsed.TorchDType = cast switch { TensorDType.F16 => "float16", TensorDType.BF16 => "bfloat16", _ => "float32" };
                parsed.Save(outConfig);
            }
            else
                AtomicFile.WriteAllBytes(outConfig, File.ReadAllBytes(config));
            written.Add(outConfig);
        }
        return new ConvertResult(written, tensors.Count, total);
    }

    /// <summary>The files the source reads from (the file itself, or the index and its shards).</summary>
    static HashSet<string> InputFiles(Checkpoint source)
    {
        var files = new HashSet<string>(StringComparer.Ordinal) { Path.GetFullPath(source.Path) };
        if (source.Format is CheckpointFormat.ShardedSafetensors or CheckpointFormat.ShardedPyTorch)
        {
            var folder = Path.GetDirectoryName(Path.GetFullPath(source.Path))!;
            foreach (var shard in ShardIndex.Parse(source.Path, File.ReadAllBytes(source.Path)).ShardFiles)
                files.Add(Path.Combine(folder, shard));
        }
        return files;
    }
}
