// Turns the unpickled object of a torch.save'd state dict into named tensors: checks every key, dtype, size and stride
// against its storage (torch._utils._rebuild_tensor_v2 semantics: a strided view of `storage` starting at `storage_offset`).
using NluSharp.Checkpoints.Tensors;

namespace NluSharp.Checkpoints.PyTorch;

internal static class TorchStateDict
{
    /// <summary>The tensors of a state dict, in its insertion order.</summary>
    /// <param name="file">Named in errors.</param>
    /// <param name="root">The unpickled object; must be a dict of str → tensor.</param>
    /// <param name="readStorage">Reads a whole storage's bytes (its root storage for legacy views); called lazily.</param>
    public static List<CheckpointTensor> ToTensors(string file, object? root, Func<StorageRef, ReadOnlyMemory<byte>> readStorage)
    {
        if (root is not PickleDict dict)
            throw new CheckpointFormatException(file, $"the checkpoint holds {RestrictedUnpickler.Describe(root)}, expected a state dict (a dict of name → tensor)");
        var tensors = new List<CheckpointTensor>(dict.Items.Count);
        foreach (var (key, value) in dict.Items)
        {
            if (key is not string name)
                throw new CheckpointFormatException(file, $"state dict key {RestrictedUnpickler.Describe(key)} is not a string");
            if (value is not TensorRef t)
                throw new CheckpointFormatException(file, $"state dict entry '{name}' holds {RestrictedUnpickler.Describe(value)}, expected a tensor");
            tensors.Add(ToTensor(file, name, t, readStorage));
        }
        return tensors;
    }

    static CheckpointTensor ToTensor(string file, string name, TensorRef t, Func<StorageRef, ReadOnlyMemory<byte>> readStorage)
    {
        var storage = t.Storage;
        var dtype = storage.DType;
        int es = dtype.SizeOf();
        long count;
        long lastIndex; // largest element index the view touches, relative to the view's storage
        try
        {
            count = 1;
            lastIndex = t.StorageOffset;
            for (int i = 0; i < t.Size.Length; i++)
            {
                count = checked(count * t.Size[i]);
                if (t.Size[i] > 0) lastIndex = checked(lastIndex + (t.Size[i] - 1) * t.Stride[i]);
            }
            _ = checked(count * es);
        }
        catch (OverflowException)
        {
            throw new CheckpointFormatException(file, $"tensor '{name}': size [{string.Join(", ", t.Size)}] / stride overflow 64 bits");
        }
        if (count > 0 && lastIndex >= storage.ElementCount)
            throw new CheckpointFormatException(file,
                $"tensor '{name}' (size [{string.Join(", ", t.Size)}], stride [{string.Join(", ", t.Stride)}], offset {t.StorageOffset}) reaches element {lastIndex} of storage '{storage.Key}', which holds {storage.ElementCount}");
        var byteLength = count * es;
        if (byteLength > int.MaxValue)
            throw new CheckpointFormatException(file, $"tensor '{name}' is {byteLength} bytes; tensors over 2 GiB are not supported");

        var shape = t.Size;
        long start = (storage.ViewOffset + t.StorageOffset) * es;
        TensorBytes bytes = count == 0
            ? TensorBytes.FromMemory(ReadOnlyMemory<byte>.Empty)
            : IsContiguous(t.Size, t.Stride)
                ? TensorBytes.Lazy(byteLength, () => readStorage(storage).Slice((int)start, (int)byteLength))
                : TensorBytes.Lazy(byteLength, () => Gather(readStorage(storage).Span, start, t.Size, t.Stride, es));
        return new CheckpointTensor(name, dtype, shape, bytes);
    }

    /// <summary>C-contiguous: each stride equals the product of the later sizes (dimensions of size 1 may have any stride, as in torch).</summary>
    static bool IsContiguous(long[] size, long[] stride)
    {
        long expected = 1;
        for (int i = size.Length - 1; i >= 0; i--)
        {
            if (size[i] != 1 && stride[i] != expected) return false;
            expected *= size[i];
        }
        return true;
    }

    /// <summary>Copies a strided view into C order (e.g. a transposed tensor saved without .contiguous()).</summary>
    static ReadOnlyMemory<byte> Gather(ReadOnlySpan<byte> storage, long startByte, long[] size, long[] stride, int es)
    {
        long count = 1;
        foreach (var s in size) count *= s;
        var result = new byte[count * es];
        var index = new long[size.Length];
        for (long n = 0; n < count; n++)
        {
            long element = 0;
            for (int d = 0; d < size.Length; d++) element += index[d] * stride[d];
            storage.Slice((int)(startByte + element * es), es).CopyTo(result.AsSpan((int)(n * es), es));
            for (int d = size.Length - 1; d >= 0; d--)
            {
                if (++index[d] < size[d]) break;
                index[d] = 0;
            }
        }
        return result;
    }
}
