// Opens a .safetensors file memory-mapped: validates the header, then hands out tensors whose bytes are mapped slices.
using NluSharp.Checkpoints.IO;
using NluSharp.Checkpoints.Tensors;

namespace NluSharp.Checkpoints.Safetensors;

/// <summary>Reads safetensors files (https://github.com/huggingface/safetensors, format v0.4).</summary>
public static class SafetensorsReader
{
    /// <summary>Maps <paramref name="path"/> and validates its header; tensor bytes are read only when accessed.</summary>
    /// <exception cref="CheckpointFormatException">Header or offsets are malformed.</exception>
    public static Checkpoint Open(string path)
    {
        var file = new MappedFile(path);
        try
        {
            var header = SafetensorsHeader.Parse(path, count => file.Slice(0, count), file.Length);
            var dataStart = 8 + header.HeaderLength;
            var tensors = new List<CheckpointTensor>(header.Entries.Count);
            foreach (var e in header.Entries)
            {
                var (offset, length) = (dataStart + e.Begin, e.End - e.Begin);
                if (length > int.MaxValue)
                    throw new CheckpointFormatException(path, $"tensor '{e.Name}' is {length} bytes; tensors over 2 GiB are not supported");
                tensors.Add(new CheckpointTensor(e.Name, e.DType, e.Shape, TensorBytes.Lazy(length, () => file.Slice(offset, length))));
            }
            return new Checkpoint(path, CheckpointFormat.Safetensors, tensors, header.Metadata, [file]);
        }
        catch
        {
            file.Dispose();
            throw;
        }
    }
}
