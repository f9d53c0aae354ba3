// The Hugging Face shard index (model.safetensors.index.json / pytorch_model.bin.index.json):
// {"metadata": {"total_size": N}, "weight_map": {tensor name: shard file}}, as written by transformers `save_pretrained`.
using System.Text;
using System.Text.Json;

namespace NluSharp.Checkpoints.Sharding;

/// <summary>A parsed shard index: which shard file holds each tensor.</summary>
public sealed class ShardIndex
{
    /// <summary>Tensor name → shard file name (relative to the index's folder), in file order.</summary>
    public required IReadOnlyList<KeyValuePair<string, string>> WeightMap { get; init; }

    /// <summary>metadata.total_size when present.</summary>
    public long? TotalSize { get; init; }

    /// <summary>Shard file names, sorted (model-00001-of-0000N first).</summary>
    public IReadOnlyList<string> ShardFiles => WeightMap.Select(kv => kv.Value).Distinct().Order(StringComparer.Ordinal).ToList();

    /// <summary>Parses and validates an index file: a JSON object whose weight_map maps each name once to a plain file name in the same folder.</summary>
    public static ShardIndex Parse(string path, ReadOnlyMemory<byte> json)
    {
        if (!System.Text.Unicode.Utf8.IsValid(json.Span))
            throw new CheckpointFormatException(path, "shard index is not valid UTF-8");
        JsonDocument doc;
        try { doc = JsonDocument.Parse(json, new JsonDocumentOptions { MaxDepth = 16 }); }
        catch (JsonException e) { throw new CheckpointFormatException(path, $"shard index is not valid JSON: {e.Message}", e); }
        using (doc)
        {
            var root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
                throw new CheckpointFormatException(path, "shard index must be a JSON object with \"weight_map\"");
            if (!root.TryGetProperty("weight_map", out var map) || map.ValueKind != JsonValueKind.Object)
                throw new CheckpointFormatException(path, "shard index has no \"weight_map\" object");
            long? totalSize = null;
            if (root.TryGetProperty("metadata", out var meta) && meta.ValueKind == JsonValueKind.Object &&
                meta.TryGetProperty("total_size", out var ts))
            {
                if (ts.ValueKind != JsonValueKind.Number || !ts.TryGetInt64(out var t) || t < 0)
                    throw new CheckpointFormatException(path, $"shard index metadata.total_size is {ts.GetRawText()}, expected a non-negative integer");
                totalSize = t;
            }
            var entries = new List<KeyValuePair<string, string>>();
            var seen = new HashSet<string>(StringComparer.Ordinal);
            foreach (var p in map.EnumerateObject())
            {
                if (p.Value.ValueKind != JsonValueKind.String)
                    throw new CheckpointFormatException(path, $"weight_map entry '{p.Name}' is {p.Value.ValueKind}, expected a shard file name");
                var shard = p.Value.GetString()!;
                if (shard.Length == 0 || shard.Contains('/') || shard.Contains('\\') || shard is "." or ".." || shard.Contains('\0'))
                    throw new CheckpointFormatException(path, $"weight_map entry '{p.Name}' names shard '{shard}', expected a file name in the index's folder");
                if (!seen.Add(p.Name))
                    throw new CheckpointFormatException(path, $"weight_map names tensor '{p.Name}' twice");
                entries.Add(new(p.Name, shard));
            }
            if (entries.Count == 0) throw new CheckpointFormatException(path, "weight_map is empty");
            return new ShardIndex { WeightMap = entries, TotalSize = totalSize };
        }
    }

    /// <summary>
    /// The index JSON exactly as transformers writes it: <c>json.dumps(index, indent=2, sort_keys=True) + "\n"</c>
    /// with {"metadata": {"total_size": N}, "weight_map": {...}}.
    /// </summary>
    public static byte[] Serialize(long totalSize, IEnumerable<KeyValuePair<string, string>> weightMap)
    {
        var sb = new StringBuilder();
        sb.Append("{\n  \"metadata\": {\n    \"total_size\": ").Append(totalSize).Append("\n  },\n  \"weight_map\": {");
        var first = true;
        foreach (var (name, shard) in weightMap.OrderBy(kv => kv.Key, StringComparer.Ordinal))
        {
            sb.Append(first ? "\n" : ",\n").Append("    ");
            first = false;
            AppendPythonJsonString(sb, name);
            sb.Append(": ");
            AppendPythonJsonString(sb, shard);
        }
        sb.Append(first ? "}" : "\n  }").Append("\n}\n");
        return Encoding.UTF8.GetBytes(sb.ToString());
    }

    /// <summary>A JSON string as Python's json.dumps writes it with ensure_ascii=True (non-ASCII as \uXXXX, lowercase hex).</summary>
    internal static void AppendPythonJsonString(StringBuilder sb, string s)
    {
        sb.Append('"');
        foreach (var c in s)
        {
            switch (c)
            {
                case '"': sb.Append("\\\""); break;
                case '\\': sb.Append("\\\\"); break;
                case '\n': sb.Append("\\n"); break;
                case '\r': sb.Append("\\r"); break;
                case '\t': sb.Append("\\t"); break;
                case '\b': sb.Append("\\b"); break;
                case '\f': sb.Append("\\f"); break;
                default:
                    if (c < 0x20 || c > 0x7e) sb.Append("\\u").Append(((int)c).ToString("x4"));
                    else sb.Append(c);
                    break;
            }
        }
        sb.Append('"');
    }
}
