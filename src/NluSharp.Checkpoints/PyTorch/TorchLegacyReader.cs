// Reads torch.save's legacy format (PyTorch < 1.6, `_use_new_zipfile_serialization=False`), following
// torch/serialization.py `_legacy_load`: five consecutive pickles (magic number, protocol 1001, sys_info,
// the object with persistent ids ('storage', torch.XStorage, key, location, numel, view_metadata), the list of
// storage keys), then for each listed key an int64 LE element count followed by the storage's raw bytes.
using System.Buffers.Binary;
using System.Numerics;
using NluSharp.Checkpoints.IO;
using NluSharp.Checkpoints.Tensors;

namespace NluSharp.Checkpoints.PyTorch;

/// <summary>Reads legacy (pre-zip) PyTorch .bin checkpoints through the restricted unpickler.</summary>
public static class TorchLegacyReader
{
    static readonly BigInteger MagicNumber = BigInteger.Parse("1950a86a20f9469cfc6c", System.Globalization.NumberStyles.HexNumber);
    const long ProtocolVersion = 1001;

    /// <summary>Maps the file, unpickles the header pickles and locates every storage; tensor bytes are read on first use.</summary>
    /// <exception cref="CheckpointFormatException">A pickle or a storage record is malformed, or a pickle names a forbidden global.</exception>
    public static Checkpoint Open(string path)
    {
        var file = new MappedFile(path);
        try
        {
            return Read(path, file);
        }
        catch
        {
            file.Dispose();
            throw;
        }
    }

    static Checkpoint Read(string path, MappedFile file)
    {
        var memory = file.Slice(0, Math.Min(file.Length, int.MaxValue));
        object? NoPersistentIds(object? pid) => throw new CheckpointFormatException(path, "persistent id outside the state-dict pickle");

        var header = new RestrictedUnpickler(path, memory, 0, NoPersistentIds);
        if (header.Load() is not BigInteger magic || magic != MagicNumber)
            throw new CheckpointFormatException(path, "legacy torch.save magic number 0x1950a86a20f9469cfc6c not found (not a PyTorch checkpoint)");
        header = new RestrictedUnpickler(path, memory, header.Position, NoPersistentIds);
        if (header.Load() is not long protocol || protocol != ProtocolVersion)
            throw new CheckpointFormatException(path, $"legacy torch.save protocol is not {ProtocolVersion}");
        header = new RestrictedUnpickler(path, memory, header.Position, NoPersistentIds);
        var sysInfo = header.Load() as PickleDict ?? throw new CheckpointFormatException(path, "legacy torch.save sys_info is not a dict");
        foreach (var (k, v) in sysInfo.Items)
            if (k is "little_endian" && v is not true)
                throw new CheckpointFormatException(path, "checkpoint was saved on a big-endian machine; only little-endian data is supported");

        // Root storages by key, as declared by the persistent ids (dtype and element count).
        var roots = new Dictionary<string, StorageRef>(StringComparer.Ordinal);
        object? PersistentLoad(object? pid)
        {
            var storage = TorchPersistentId.Parse(path, pid, legacy: true);
            var root = new StorageRef(storage.Key, storage.DType, storage.RootElementCount);
            if (roots.TryGetValue(storage.Key, out var known) && known != root)
                throw new CheckpointFormatException(path, $"storage '{storage.Key}' is declared twice with different dtype or size");
            roots[storage.Key] = root;
            return storage;
        }
        var objectPickle = new RestrictedUnpickler(path, memory, header.Position, PersistentLoad);
        var obj = objectPickle.Load();
        var keysPickle = new RestrictedUnpickler(path, memory, objectPickle.Position, NoPersistentIds);
        if (keysPickle.Load() is not PickleList keyList)
            throw new CheckpointFormatException(path, "legacy torch.save storage key list is not a list");

        // Storage records follow in the listed order: int64 element count, then the bytes.
        var offsets = new Dictionary<string, long>(StringComparer.Ordinal);
        long pos = keysPickle.Position;
        foreach (var item in keyList.Items)
        {
            if (item is not string key) throw new CheckpointFormatException(path, "legacy storage key list holds a non-string");
            if (!roots.TryGetValue(key, out var root))
                throw new CheckpointFormatException(path, $"storage '{key}' is listed but no tensor refers to it, so its element size is unknown");
            if (offsets.ContainsKey(key)) throw new CheckpointFormatException(path, $"storage '{key}' is listed twice");
            if (file.Length - pos < 8)
                throw new CheckpointFormatException(path, $"file ends at byte {file.Length} inside the header of storage '{key}' (byte {pos})");
            var count = BinaryPrimitives.ReadInt64LittleEndian(file.Span(pos, 8));
            if (count != root.ElementCount)
                throw new CheckpointFormatException(path, $"storage '{key}' record at byte {pos} holds {count} elements, the pickle declares {root.ElementCount}");
            var bytes = checked(count * root.DType.SizeOf());
            if (bytes > file.Length - pos - 8)
                throw new CheckpointFormatException(path, $"storage '{key}' needs {bytes} bytes at byte {pos + 8}, past the end of the file ({file.Length} bytes)");
            offsets[key] = pos + 8;
            pos += 8 + bytes;
        }
        foreach (var key in roots.Keys)
            if (!offsets.ContainsKey(key))
                throw new CheckpointFormatException(path, $"storage '{key}' is used by a tensor but missing from the storage list");
        if (pos != file.Length)
            throw new CheckpointFormatException(path, $"{file.Length - pos} unexpected bytes after the last storage (byte {pos})");

        ReadOnlyMemory<byte> ReadStorage(StorageRef s) =>
            file.Slice(offsets[s.Key], s.RootElementCount * s.DType.SizeOf());
        var tensors = TorchStateDict.ToTensors(path, obj, ReadStorage);
        return new Checkpoint(path, CheckpointFormat.PyTorchLegacy, tensors, new Dictionary<string, string>(), [file]);
    }
}
