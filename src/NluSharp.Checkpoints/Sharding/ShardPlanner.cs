// Splits tensors into shards the way huggingface_hub `split_state_dict_into_shards_factory` does: walk the tensors in
// order, start a new shard when the next tensor would overflow the limit, and give a tensor larger than the limit a shard
// of its own. Shard names follow its FILENAME_PATTERN: model-00001-of-00003.safetensors.
using System.Globalization;
using NluSharp.Checkpoints.Tensors;

namespace NluSharp.Checkpoints.Sharding;

/// <summary>Plans shards and parses Hugging Face size strings ("5GB", "500MiB").</summary>
public static class ShardPlanner
{
    /// <summary>Groups <paramref name="tensors"/> into shards of at most <paramref name="maxShardBytes"/> (except single oversized tensors).</summary>
    public static List<List<CheckpointTensor>> Plan(IEnumerable<CheckpointTensor> tensors, long maxShardBytes)
    {
        if (maxShardBytes <= 0) throw new ArgumentOutOfRangeException(nameof(maxShardBytes), "shard size must be positive");
        var shards = new List<List<CheckpointTensor>>();
        var current = new List<CheckpointTensor>();
        long currentBytes = 0;
        foreach (var t in tensors)
        {
            var size = t.Data.Length;
            if (size > maxShardBytes)
            {
                shards.Add([t]);
                continue;
            }
            if (currentBytes + size > maxShardBytes)
            {
                shards.Add(current);
                current = [];
                currentBytes = 0;
            }
            current.Add(t);
            currentBytes += size;
        }
        if (current.Count > 0) shards.Add(current);
        return shards;
    }

    /// <summary>"model-00002-of-00005.safetensors" for <paramref name="stem"/> "model".</summary>
    public static string ShardFileName(string stem, string extension, int index, int count) =>
        count == 1 ? stem + extension : $"{stem}-{index + 1:00000}-of-{count:00000}{extension}";

    /// <summary>Parses "5GB" (10^9), "5GiB" (2^30), "500MB", "100KB", or a plain byte count, as huggingface_hub `parse_size_to_int`.</summary>
    public static long ParseSize(string text)
    {
        var s = text.Trim();
        (string Suffix, long Factor)[] units =
        [
            ("TIB", 1L << 40), ("GIB", 1L << 30), ("MIB", 1L << 20), ("KIB", 1L << 10),
            ("TB", 1_000_000_000_000), ("GB", 1_000_000_000), ("MB", 1_000_000), ("KB", 1_000), ("B", 1),
        ];
        foreach (var (suffix, factor) in units)
        {
            if (!s.EndsWith(suffix, StringComparison.OrdinalIgnoreCase)) continue;
            var number = s[..^suffix.Length].Trim();
            if (double.TryParse(number, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) && v > 0 && v * factor < long.MaxValue)
                return (long)(v * factor);
            break;
        }
        if (long.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out var bytes) && bytes > 0) return bytes;
        throw new ArgumentException($"cannot parse shard size '{text}': expected e.g. 5GB, 500MB, 2GiB or a byte count");
    }
}
