// Parses and validates a safetensors header with the rules of the reference reader
// (safetensors/src/tensor.rs `read_metadata` + `Metadata::validate`), plus duplicate-name and dtype checks.
using System.Text.Json;
using NluSharp.Checkpoints.Tensors;

namespace NluSharp.Checkpoints.Safetensors;

/// <summary>One tensor entry of a safetensors header; offsets are relative to the start of the data section.</summary>
/// <param name="Name">Tensor name.</param>
/// <param name="DType">Element type.</param>
/// <param name="Shape">Dimensions.</param>
/// <param name="Begin">First byte (inclusive) in the data section.</param>
/// <param name="End">Last byte (exclusive) in the data section.</param>
public sealed record SafetensorsEntry(string Name, TensorDType DType, long[] Shape, long Begin, long End);

/// <summary>A validated safetensors header.</summary>
public sealed class SafetensorsHeader
{
    /// <summary>The reference implementation refuses headers over 100,000,000 bytes (MAX_HEADER_SIZE).</summary>
    public const long MaxHeaderLength = 100_000_000;

    /// <summary>Tensors sorted by data offset (which is the order the reference writer stores them).</summary>
    public required IReadOnlyList<SafetensorsEntry> Entries { get; init; }

    /// <summary>"__metadata__" string pairs, in file order.</summary>
    public required IReadOnlyDictionary<string, string> Metadata { get; init; }

    /// <summary>Length N of the JSON header (including padding); the data section starts at 8 + N.</summary>
    public required long HeaderLength { get; init; }

    /// <summary>
    /// Validates the first bytes of a file of <paramref name="fileLength"/> bytes: the 8-byte length prefix, the header
    /// length limit, UTF-8 JSON starting with '{', every entry's dtype, shape and offsets, offsets contiguous from 0
    /// with no gap or overlap, byte counts equal to shape × dtype size, and the last offset equal to the data length.
    /// </summary>
    /// <param name="file">Named in error messages.</param>
    /// <param name="readPrefix">Returns the first <c>count</c> bytes of the file (count ≤ fileLength).</param>
    /// <param name="fileLength">Total file length.</param>
    public static SafetensorsHeader Parse(string file, Func<long, ReadOnlyMemory<byte>> readPrefix, long fileLength)
    {
        if (fileLength < 8)
            throw Error(file, $"file is {fileLength} bytes, shorter than the 8-byte header length prefix");
        var n = BitConverter.ToUInt64(readPrefix(8).Span);
        if (n > MaxHeaderLength)
            throw Error(file, $"header length {n} exceeds the {MaxHeaderLength}-byte limit");
        if ((long)n + 8 > fileLength)
            throw Error(file, $"header length {n} runs past the end of the file ({fileLength} bytes)");
        var json = readPrefix(8 + (long)n)[8..];
        if (json.Length == 0 || json.Span[0] != (byte)'{')
            throw Error(file, "header does not start with '{'");
        var dataLength = fileLength - 8 - (long)n;
        // JsonDocument checks UTF-8 inside strings only when they are read; check it all up front.
        if (!System.Text.Unicode.Utf8.IsValid(json.Span))
            throw Error(file, "header is not valid UTF-8");

        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(json, new JsonDocumentOptions { MaxDepth = 8 });
        }
        catch (JsonException e)
        {
            throw Error(file, $"header is not valid UTF-8 JSON ({e.Message})", e);
        }
        using (doc)
        {
            if (doc.RootElement.ValueKind != JsonValueKind.Object)
                throw Error(file, "header is not a JSON object");
            var metadata = new Dictionary<string, string>(StringComparer.Ordinal);
            var entries = new List<SafetensorsEntry>();
            var seen = new HashSet<string>(StringComparer.Ordinal);
            foreach (var property in doc.RootElement.EnumerateObject())
            {
                if (!seen.Add(property.Name))
                    throw Error(file, $"header names '{property.Name}' twice");
                if (property.Name == "__metadata__")
                    ReadMetadata(file, property.Value, metadata);
                else
                    entries.Add(ReadEntry(file, property.Name, property.Value));
            }
            // Sort by (begin, end) as Metadata::deserialize does, then walk: each tensor must start where the previous ended.
            entries.Sort((a, b) => a.Begin != b.Begin ? a.Begin.CompareTo(b.Begin) : a.End.CompareTo(b.End));
            long expectedBegin = 0;
            foreach (var e in entries)
            {
                if (e.Begin != expectedBegin)
                    throw Error(file, e.Begin > expectedBegin
                        ? $"tensor '{e.Name}' starts at data offset {e.Begin}, leaving a gap after offset {expectedBegin}"
                        : $"tensor '{e.Name}' starts at data offset {e.Begin}, overlapping the previous tensor which ends at {expectedBegin}");
                if (e.End < e.Begin)
                    throw Error(file, $"tensor '{e.Name}' has data_offsets [{e.Begin}, {e.End}] with end before begin");
                var bytes = ByteCount(file, e.Name, e.DType, e.Shape);
                if (e.End - e.Begin != bytes)
                    throw Error(file, $"tensor '{e.Name}' ({e.DType.ToSafetensorsName()} [{string.Join(", ", e.Shape)}]) needs {bytes} bytes but data_offsets [{e.Begin}, {e.End}] span {e.End - e.Begin}");
                if (e.End > dataLength)
                    throw Error(file, $"tensor '{e.Name}' ends at data offset {e.End}, past the end of the data section ({dataLength} bytes)");
                expectedBegin = e.End;
            }
            if (expectedBegin != dataLength)
                throw Error(file, $"tensors cover {expectedBegin} bytes but the data section has {dataLength} (file truncated or trailing bytes)");
            return new SafetensorsHeader { Entries = entries, Metadata = metadata, HeaderLength = (long)n };
        }
    }

    static void ReadMetadata(string file, JsonElement value, Dictionary<string, string> metadata)
    {
        if (value.ValueKind != JsonValueKind.Object)
            throw Error(file, "\"__metadata__\" must be an object of strings");
        foreach (var p in value.EnumerateObject())
        {
            if (p.Value.ValueKind != JsonValueKind.String)
                throw Error(file, $"\"__metadata__\" value of '{p.Name}' must be a string, found {p.Value.ValueKind}");
            if (!metadata.TryAdd(p.Name, p.Value.GetString()!))
                throw Error(file, $"\"__metadata__\" names '{p.Name}' twice");
        }
    }

    static SafetensorsEntry ReadEntry(string file, string name, JsonElement value)
    {
        if (value.ValueKind != JsonValueKind.Object)
            throw Error(file, $"tensor '{name}': expected an object with dtype, shape and data_offsets, found {value.ValueKind}");
        JsonElement? dtypeEl = null, shapeEl = null, offsetsEl = null;
        foreach (var p in value.EnumerateObject())
        {
            // Unknown fields are ignored, as serde does for the reference reader's TensorInfo.
            switch (p.Name)
            {
                case "dtype": dtypeEl = dtypeEl == null ? p.Value : throw Error(file, $"tensor '{name}' names 'dtype' twice"); break;
                case "shape": shapeEl = shapeEl == null ? p.Value : throw Error(file, $"tensor '{name}' names 'shape' twice"); break;
                case "data_offsets": offsetsEl = offsetsEl == null ? p.Value : throw Error(file, $"tensor '{name}' names 'data_offsets' twice"); break;
            }
        }
        if (dtypeEl is not { ValueKind: JsonValueKind.String } d)
            throw Error(file, $"tensor '{name}': missing or non-string 'dtype'");
        var dtypeName = d.GetString()!;
        if (!TensorDTypes.TryParseSafetensorsName(dtypeName, out var dtype))
            throw Error(file, $"tensor '{name}': unsupported dtype '{dtypeName}' (expected one of BOOL, U8, I8, I16, U16, F16, BF16, I32, U32, F32, F64, I64, U64)");
        if (shapeEl is not { ValueKind: JsonValueKind.Array } s)
            throw Error(file, $"tensor '{name}': missing or non-array 'shape'");
        var shape = new long[s.GetArrayLength()];
        int i = 0;
        foreach (var dim in s.EnumerateArray())
            shape[i++] = NonNegative(file, name, "shape", dim);
        if (offsetsEl is not { ValueKind: JsonValueKind.Array } o || o.GetArrayLength() != 2)
            throw Error(file, $"tensor '{name}': 'data_offsets' must be an array [begin, end]");
        var begin = NonNegative(file, name, "data_offsets", o[0]);
        var end = NonNegative(file, name, "data_offsets", o[1]);
        return new SafetensorsEntry(name, dtype, shape, begin, end);
    }

    static long NonNegative(string file, string name, string field, JsonElement e)
    {
        if (e.ValueKind == JsonValueKind.Number && e.TryGetUInt64(out var v) && v <= long.MaxValue) return (long)v;
        throw Error(file, $"tensor '{name}': '{field}' holds {e.GetRawText()}, expected a non-negative integer below 2^63");
    }

    /// <summary>shape product × dtype size, refusing overflow (ValidationOverflow in the reference).</summary>
    static long ByteCount(string file, string name, TensorDType dtype, long[] shape)
    {
        try
        {
            long count = 1;
            foreach (var dim in shape) count = checked(count * dim);
            return checked(count * dtype.SizeOf());
        }
        catch (OverflowException)
        {
            throw Error(file, $"tensor '{name}': shape [{string.Join(", ", shape)}] overflows a 64-bit byte count");
        }
    }

    static CheckpointFormatException Error(string file, string problem, Exception? inner = null) =>
        new(file, "safetensors " + problem, inner);
}
