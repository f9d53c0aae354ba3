// Reads torch.save's zip format (PyTorch >= 1.6): `<stem>/data.pkl` (the pickled state dict, persistent ids
// ('storage', torch.XStorage, key, location, numel)) and one record `<stem>/data/<key>` of raw bytes per storage.
// Mirrors torch/serialization.py `_load` (persistent_load) with the restricted unpickler.
using System.IO.Compression;
using NluSharp.Checkpoints.IO;
using NluSharp.Checkpoints.Tensors;

namespace NluSharp.Checkpoints.PyTorch;

/// <summary>Reads PyTorch zip-format .bin checkpoints through the restricted unpickler.</summary>
public static class TorchZipReader
{
    /// <summary>The pickle of a state dict is small; a larger data.pkl is refused rather than read into memory.</summary>
    const long MaxPickleBytes = 256L << 20;

    /// <summary>Opens the archive, unpickles the state dict and checks every storage record; tensor bytes are read on first use.</summary>
    /// <exception cref="CheckpointFormatException">The archive, pickle or a storage is malformed, or the pickle names a forbidden global.</exception>
    public static Checkpoint Open(string path)
    {
        var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read);
        ZipArchive? zip = null;
        try
        {
            try
            {
                zip = new ZipArchive(stream, ZipArchiveMode.Read, leaveOpen: false);
                return Read(path, zip, stream.Length);
            }
            catch (Exception e) when (e is InvalidDataException or IOException or NotSupportedException or ArgumentException or OverflowException or InvalidOperationException)
            {
                throw new CheckpointFormatException(path, $"not a readable torch zip archive: {e.Message}", e);
            }
        }
        catch
        {
            if (zip != null) zip.Dispose(); else stream.Dispose();
            throw;
        }
    }

    static Checkpoint Read(string path, ZipArchive zip, long fileLength)
    {
        var pickles = zip.Entries.Where(e => e.FullName.EndsWith("/data.pkl", StringComparison.Ordinal) || e.FullName == "data.pkl").ToList();
        if (pickles.Count != 1)
            throw new CheckpointFormatException(path, pickles.Count == 0
                ? "zip archive has no '<name>/data.pkl' entry (is this a torch.save file?)"
                : $"zip archive has {pickles.Count} data.pkl entries, expected one");
        var pklEntry = pickles[0];
        var prefix = pklEntry.FullName[..^"data.pkl".Length];
        if (pklEntry.Length > MaxPickleBytes)
            throw new CheckpointFormatException(path, $"'{pklEntry.FullName}' is {pklEntry.Length} bytes, over the {MaxPickleBytes}-byte limit for a state-dict pickle");
        var pickle = ReadEntry(path, pklEntry, pklEntry.Length, fileLength);

        var byName = new Dictionary<string, ZipArchiveEntry>(StringComparer.Ordinal);
        foreach (var e in zip.Entries) byName.TryAdd(e.FullName, e);
        // torch >= 2.1 records the byte order of the storages; older files are little-endian.
        if (byName.TryGetValue(prefix + "byteorder", out var byteOrder))
        {
            var order = System.Text.Encoding.ASCII.GetString(ReadEntry(path, byteOrder, Math.Min(byteOrder.Length, 16), fileLength)).Trim();
            if (order != "little")
                throw new CheckpointFormatException(path, $"storages are stored {order}-endian; only little-endian checkpoints are supported");
        }
        var storages = new Dictionary<string, StorageRef>(StringComparer.Ordinal);
        object? PersistentLoad(object? pid)
        {
            var storage = TorchPersistentId.Parse(path, pid, legacy: false);
            if (storages.TryGetValue(storage.Key, out var known))
            {
                if (known.DType != storage.DType || known.ElementCount != storage.ElementCount)
                    throw new CheckpointFormatException(path, $"storage '{storage.Key}' is declared twice with different dtype or size");
                return known;
            }
            var name = prefix + "data/" + storage.Key;
            if (!byName.TryGetValue(name, out var entry))
                throw new CheckpointFormatException(path, $"storage record '{name}' is missing from the archive");
            var expected = checked(storage.ElementCount * storage.DType.SizeOf());
            if (entry.Length != expected)
                throw new CheckpointFormatException(path, $"storage record '{name}' holds {entry.Length} bytes, the pickle declares {storage.ElementCount} × {storage.DType} = {expected}");
            storages[storage.Key] = storage;
            return storage;
        }

        var unpickler = new RestrictedUnpickler(path, pickle, 0, PersistentLoad);
        var root = unpickler.Load();

        var cache = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        var gate = new object();
        ReadOnlyMemory<byte> ReadStorage(StorageRef s)
        {
            lock (gate) // ZipArchive is not thread-safe; tied tensors share one cached storage
            {
                if (!cache.TryGetValue(s.Key, out var bytes))
                {
                    var entry = byName[prefix + "data/" + s.Key];
                    try { bytes = ReadEntry(path, entry, entry.Length, fileLength); }
                    catch (Exception e) when (e is InvalidDataException or IOException)
                    {
                        throw new CheckpointFormatException(path, $"storage record '{entry.FullName}' cannot be read: {e.Message}", e);
                    }
                    cache[s.Key] = bytes;
                }
                return bytes;
            }
        }

        var tensors = TorchStateDict.ToTensors(path, root, ReadStorage);
        return new Checkpoint(path, CheckpointFormat.PyTorchZip, tensors, new Dictionary<string, string>(), [zip]);
    }

    /// <summary>Reads exactly <paramref name="length"/> bytes of an entry, refusing lengths the compressed data cannot hold (zip bombs, lying headers).</summary>
    static byte[] ReadEntry(string path, ZipArchiveEntry entry, long length, long fileLength)
    {
        // Deflate expands at most ~1032:1; stored records cannot be longer than the file.
        var limit = entry.CompressedLength == entry.Length ? fileLength : checked(entry.CompressedLength * 1032 + 1024);
        if (length > Array.MaxLength)
            throw new CheckpointFormatException(path, $"zip entry '{entry.FullName}' is {length} bytes; storages over 2 GiB are not supported");
        if (entry.Length < length || length > limit)
            throw new CheckpointFormatException(path, $"zip entry '{entry.FullName}' claims {entry.Length} bytes, which its {entry.CompressedLength} stored bytes cannot hold");
        var bytes = new byte[length];
        using var s = entry.Open();
        var read = s.ReadAtLeast(bytes, bytes.Length, throwOnEndOfStream: false);
        if (read != bytes.Length)
            throw new CheckpointFormatException(path, $"zip entry '{entry.FullName}' ends after {read} bytes, expected {length}");
        if (length == entry.Length && Crc32.Compute(bytes) != entry.Crc32)
            throw new CheckpointFormatException(path, $"zip entry '{entry.FullName}' fails its CRC-32 check (the stored data is corrupted)");
        return bytes;
    }
}
