// Opens a sharded checkpoint through its index: every shard is opened, and the index and shards must agree exactly
// (each tensor listed once, found in the shard the index names, and no shard tensor missing from the index).
using NluSharp.Checkpoints.Tensors;

namespace NluSharp.Checkpoints.Sharding;

/// <summary>Reads model.safetensors.index.json and pytorch_model.bin.index.json checkpoints.</summary>
public static class ShardedCheckpoint
{
    /// <summary>Index files are small; a bigger one is refused rather than read.</summary>
    const long MaxIndexBytes = 64L << 20;

    /// <summary>Opens the index at <paramref name="indexPath"/> and all its shards; tensors are in shard order, then each shard's order.</summary>
    /// <exception cref="CheckpointFormatException">The index is malformed or disagrees with the shards.</exception>
    public static Checkpoint Open(string indexPath)
    {
        var length = new FileInfo(indexPath).Length;
        if (length > MaxIndexBytes)
            throw new CheckpointFormatException(indexPath, $"shard index is {length} bytes, over the {MaxIndexBytes}-byte limit");
        var index = ShardIndex.Parse(indexPath, File.ReadAllBytes(indexPath));
        var folder = Path.GetDirectoryName(Path.GetFullPath(indexPath))!;
        var opened = new List<Checkpoint>();
        try
        {
            var tensors = new List<CheckpointTensor>();
            var expected = index.WeightMap.ToDictionary(kv => kv.Key, kv => kv.Value, StringComparer.Ordinal);
            var found = new HashSet<string>(StringComparer.Ordinal);
            CheckpointFormat? shardFormat = null;
            foreach (var shardName in index.ShardFiles)
            {
                var shardPath = Path.Combine(folder, shardName);
                if (!File.Exists(shardPath))
                    throw new CheckpointFormatException(indexPath, $"shard '{shardName}' listed in weight_map does not exist");
                if (shardPath.EndsWith(".json", StringComparison.OrdinalIgnoreCase))
                    throw new CheckpointFormatException(indexPath, $"shard '{shardName}' is itself an index");
                var shard = Checkpoint.Open(shardPath);
                opened.Add(shard);
                shardFormat ??= shard.Format;
                foreach (var t in shard.Tensors)
                {
                    if (!expected.TryGetValue(t.Name, out var owner))
                        throw new CheckpointFormatException(indexPath, $"shard '{shardName}' holds tensor '{t.Name}', which weight_map does not list");
                    if (owner != shardName)
                        throw new CheckpointFormatException(indexPath, $"tensor '{t.Name}' is in shard '{shardName}' but weight_map says '{owner}'");
                    found.Add(t.Name);
                    tensors.Add(t);
                }
            }
            foreach (var (name, shard) in index.WeightMap)
                if (!found.Contains(name))
                    throw new CheckpointFormatException(indexPath, $"weight_map puts tensor '{name}' in shard '{shard}', which does not contain it");
            var format = shardFormat == CheckpointFormat.Safetensors ? CheckpointFormat.ShardedSafetensors : CheckpointFormat.ShardedPyTorch;
            var metadata = opened.Count > 0 ? opened[0].Metadata : new Dictionary<string, string>();
            return new Checkpoint(indexPath, format, tensors, metadata, opened);
        }
        catch
        {
            foreach (var c in opened) c.Dispose();
            throw;
        }
    }
}
