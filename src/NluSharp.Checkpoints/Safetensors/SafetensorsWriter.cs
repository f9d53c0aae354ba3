// Writes safetensors files byte-for-byte as the reference Rust crate's `serialize_to_file` does
// (safetensors/src/tensor.rs `prepare`): tensors sorted by dtype descending (crate enum order) then name ascending,
// compact serde_json header with "__metadata__" first, header padded with spaces to a multiple of 8.
using System.Buffers.Binary;
using System.Text;
using NluSharp.Checkpoints.IO;
using NluSharp.Checkpoints.Tensors;

namespace NluSharp.Checkpoints.Safetensors;

/// <summary>Writes safetensors files deterministically (same tensors and metadata → same bytes).</summary>
public static class SafetensorsWriter
{
    /// <summary>Writes <paramref name="tensors"/> to <paramref name="path"/> atomically.</summary>
    /// <param name="path">Output file; replaced atomically.</param>
    /// <param name="tensors">Tensors in any order (the file order is the reference's sort order).</param>
    /// <param name="metadata">Optional "__metadata__" pairs, written sorted by key (the crate's HashMap has no order; sorting makes the output deterministic).</param>
    public static void Write(string path, IEnumerable<CheckpointTensor> tensors, IReadOnlyDictionary<string, string>? metadata = null)
    {
        var list = tensors.ToList();
        AtomicFile.Write(path, stream => WriteTo(stream, list, metadata));
    }

    /// <summary>Serializes to <paramref name="stream"/>.</summary>
    public static void WriteTo(Stream stream, IEnumerable<CheckpointTensor> tensors, IReadOnlyDictionary<string, string>? metadata = null)
    {
        var ordered = StorageOrder(tensors);
        var header = BuildHeader(ordered, metadata);
        Span<byte> prefix = stackalloc byte[8];
        BinaryPrimitives.WriteUInt64LittleEndian(prefix, (ulong)header.Length);
        stream.Write(prefix);
        stream.Write(header);
        foreach (var t in ordered)
            stream.Write(t.GetBytes().Span);
    }

    /// <summary>Serializes to a byte array.</summary>
    public static byte[] Serialize(IEnumerable<CheckpointTensor> tensors, IReadOnlyDictionary<string, string>? metadata = null)
    {
        using var ms = new MemoryStream();
        WriteTo(ms, tensors, metadata);
        return ms.ToArray();
    }

    /// <summary>The order tensors are stored in: dtype descending in the crate's enum order, then name ascending (UTF-8 bytes, as Rust compares strings).</summary>
    public static List<CheckpointTensor> StorageOrder(IEnumerable<CheckpointTensor> tensors)
    {
        var list = tensors.ToList();
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var t in list)
        {
            if (!names.Add(t.Name)) throw new ArgumentException($"tensor name '{t.Name}' appears twice");
            var expected = t.ElementCount * t.DType.SizeOf();
            if (t.Data.Length != expected)
                throw new ArgumentException($"tensor '{t.Name}' ({t.DType} {t.ShapeText}) has {t.Data.Length} bytes, expected {expected}");
        }
        list.Sort((a, b) => a.DType != b.DType ? b.DType.CompareTo(a.DType) : CompareUtf8(a.Name, b.Name));
        return list;
    }

    static byte[] BuildHeader(List<CheckpointTensor> ordered, IReadOnlyDictionary<string, string>? metadata)
    {
        var sb = new StringBuilder("{");
        var first = true;
        if (metadata is { Count: > 0 })
        {
            sb.Append("\"__metadata__\":{");
            var firstPair = true;
            foreach (var key in metadata.Keys.OrderBy(k => k, Comparer<string>.Create(CompareUtf8)))
            {
                if (!firstPair) sb.Append(',');
                firstPair = false;
                AppendJsonString(sb, key);
                sb.Append(':');
                AppendJsonString(sb, metadata[key]);
            }
            sb.Append('}');
            first = false;
        }
        long offset = 0;
        foreach (var t in ordered)
        {
            if (!first) sb.Append(',');
            first = false;
            if (t.Name == "__metadata__") throw new ArgumentException("a tensor cannot be named \"__metadata__\"");
            AppendJsonString(sb, t.Name);
            sb.Append(":{\"dtype\":\"").Append(t.DType.ToSafetensorsName()).Append("\",\"shape\":[");
            sb.AppendJoin(',', t.Shape);
            var end = offset + t.Data.Length;
            sb.Append("],\"data_offsets\":[").Append(offset).Append(',').Append(end).Append("]}");
            offset = end;
        }
        sb.Append('}');
        var bytes = Encoding.UTF8.GetBytes(sb.ToString());
        var padded = (bytes.Length + 7) / 8 * 8;
        var result = new byte[padded];
        bytes.CopyTo(result, 0);
        result.AsSpan(bytes.Length).Fill((byte)' ');
        return result;
    }

    /// <summary>JSON string exactly as serde_json writes it: \" \\ \b \f \n \r \t, other controls as \u00xx (lowercase), everything else raw UTF-8.</summary>
    internal static void AppendJsonString(StringBuilder sb, string s)
    {
        sb.Append('"');
        foreach (var c in s)
        {
            switch (c)
            {
                case '"': sb.Append("\\\""); break;
                case '\\': sb.Append("\\\\"); break;
                case '\b': sb.Append("\\b"); break;
                case '\f': sb.Append("\\f"); break;
                case '\n': sb.Append("\\n"); break;
                case '\r': sb.Append("\\r"); break;
                case '\t': sb.Append("\\t"); break;
                default:
                    if (c < 0x20) sb.Append("\\u00").Append(((int)c).ToString("x2"));
                    else sb.Append(c);
                    break;
            }
        }
        sb.Append('"');
    }

    internal static int CompareUtf8(string? a, string? b) =>
        Encoding.UTF8.GetBytes(a ?? "").AsSpan().SequenceCompareTo(Encoding.UTF8.GetBytes(b ?? ""));
}
