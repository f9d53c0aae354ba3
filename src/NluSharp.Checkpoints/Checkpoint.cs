// An opened checkpoint of any supported format: its tensors in checkpoint order, metadata, and the file handles it owns.
using NluSharp.Checkpoints.PyTorch;
using NluSharp.Checkpoints.Safetensors;
using NluSharp.Checkpoints.Sharding;
using NluSharp.Checkpoints.Tensors;

namespace NluSharp.Checkpoints;

/// <summary>On-disk layout a checkpoint was read from.</summary>
public enum CheckpointFormat
{
    /// <summary>A single .safetensors file.</summary>
    Safetensors,
    /// <summary>torch.save zip format (PyTorch 1.6+): */data.pkl + */data/N.</summary>
    PyTorchZip,
    /// <summary>torch.save legacy format (before PyTorch 1.6): consecutive pickles then raw storages.</summary>
    PyTorchLegacy,
    /// <summary>model.safetensors.index.json and its shards.</summary>
    ShardedSafetensors,
    /// <summary>pytorch_model.bin.index.json and its shards.</summary>
    ShardedPyTorch,
}

/// <summary>
/// The tensors of one checkpoint, in checkpoint order (safetensors: data-offset order; .bin: state-dict order;
/// sharded: shard by shard). Tensor bytes are read lazily and stay valid until the checkpoint is disposed.
/// </summary>
public sealed class Checkpoint : IDisposable
{
    readonly Dictionary<string, CheckpointTensor> _byName;
    readonly IReadOnlyList<IDisposable> _owned;

    /// <summary>The file (or index file) it was opened from.</summary>
    public string Path { get; }

    /// <summary>The on-disk format.</summary>
    public CheckpointFormat Format { get; }

    /// <summary>All tensors, in checkpoint order.</summary>
    public IReadOnlyList<CheckpointTensor> Tensors { get; }

    /// <summary>safetensors "__metadata__" (e.g. {"format": "pt"}); empty for other formats.</summary>
    public IReadOnlyDictionary<string, string> Metadata { get; }

    internal Checkpoint(string path, CheckpointFormat format, IReadOnlyList<CheckpointTensor> tensors,
        IReadOnlyDictionary<string, string> metadata, IReadOnlyList<IDisposable> owned)
    {
        Path = path;
        Format = format;
        Tensors = tensors;
        Metadata = metadata;
        _owned = owned;
        _byName = new Dictionary<string, CheckpointTensor>(tensors.Count, StringComparer.Ordinal);
        foreach (var t in tensors)
            if (!_byName.TryAdd(t.Name, t))
                throw new CheckpointFormatException(path, $"tensor name '{t.Name}' appears twice");
    }

    /// <summary>The tensor called <paramref name="name"/>; throws <see cref="KeyNotFoundException"/> naming it when absent.</summary>
    public CheckpointTensor this[string name] =>
        _byName.TryGetValue(name, out var t) ? t : throw new KeyNotFoundException($"{Path}: no tensor named '{name}'");

    /// <summary>Looks a tensor up by name.</summary>
    public bool TryGetTensor(string name, out CheckpointTensor tensor) => _byName.TryGetValue(name, out tensor!);

    /// <summary>Total number of elements over all tensors.</summary>
    public long ParameterCount => Tensors.Sum(t => t.ElementCount);

    /// <summary>
    /// Opens a checkpoint file or a model folder. Folders are searched for model.safetensors,
    /// model.safetensors.index.json, pytorch_model.bin, pytorch_model.bin.index.json, in that order.
    /// The format of a file is recognised from its content (and ".json" for index files).
    /// </summary>
    /// <exception cref="CheckpointFormatException">The file is malformed, hostile or unsupported.</exception>
    public static Checkpoint Open(string path)
    {
        if (Directory.Exists(path)) path = FindInFolder(path);
        if (!File.Exists(path)) throw new FileNotFoundException($"checkpoint not found: {path}", path);
        if (path.EndsWith(".json", StringComparison.OrdinalIgnoreCase)) return ShardedCheckpoint.Open(path);
        Span<byte> head = stackalloc byte[9];
        int n;
        using (var f = File.OpenRead(path)) n = f.ReadAtLeast(head, head.Length, throwOnEndOfStream: false);
        head = head[..n];
        if (head.StartsWith("PK\x03\x04"u8) || head.StartsWith("PK\x05\x06"u8)) return TorchZipReader.Open(path);
        // safetensors: u64 header length, then '{'. A legacy torch file starts with a pickle PROTO opcode (0x80) and its
        // magic-number LONG, whose 9th byte is never '{'.
        var looksSafetensors = n == 9 && head[8] == (byte)'{';
        if (!looksSafetensors && n >= 2 && head[0] == 0x80 && head[1] <= 5) return TorchLegacyReader.Open(path);
        if (!looksSafetensors && IsTar(path))
            throw new CheckpointFormatException(path, "tar-based torch.save format (PyTorch < 0.4) is not supported");
        return SafetensorsReader.Open(path);
    }

    /// <summary>The checkpoint file a Hugging Face model folder holds.</summary>
    public static string FindInFolder(string folder)
    {
        foreach (var name in new[] { "model.safetensors", "model.safetensors.index.json", "pytorch_model.bin", "pytorch_model.bin.index.json" })
        {
            var candidate = System.IO.Path.Combine(folder, name);
            if (File.Exists(candidate)) return candidate;
        }
        throw new FileNotFoundException(
            $"{folder}: no model.safetensors, model.safetensors.index.json, pytorch_model.bin or pytorch_model.bin.index.json in this folder");
    }

    static bool IsTar(string path)
    {
        using var f = File.OpenRead(path);
        if (f.Length < 512) return false;
        var block = new byte[512];
        f.ReadExactly(block);
        return block.AsSpan(257, 5).SequenceEqual("ustar"u8);
    }

    /// <summary>Releases the file mappings and handles.</summary>
    public void Dispose()
    {
        foreach (var d in _owned) d.Dispose();
    }
}
