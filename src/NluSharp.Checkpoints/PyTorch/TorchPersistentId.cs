// Parses the persistent id torch.save writes for a storage: ('storage', torch.XStorage, key, location, numel)
// in the zip format, plus a sixth element (view metadata: None or (view_key, offset, view_size)) in the legacy format.
namespace NluSharp.Checkpoints.PyTorch;

internal static class TorchPersistentId
{
    public static StorageRef Parse(string file, object? pid, bool legacy)
    {
        if (pid is not PickleTuple { Items: var items } || items.Length < 5 || items[0] is not "storage")
            throw new CheckpointFormatException(file, $"persistent id {RestrictedUnpickler.Describe(pid)} is not ('storage', type, key, location, size)");
        if (items[1] is not TorchGlobal { Kind: TorchGlobalKind.StorageType } type)
            throw new CheckpointFormatException(file, $"persistent id names {RestrictedUnpickler.Describe(items[1])}, expected a torch storage class such as torch.FloatStorage");
        if (items[2] is not string key || key.Length == 0 || key.Contains('/') || key.Contains('\\') || key.Contains(".."))
            throw new CheckpointFormatException(file, $"persistent id key {RestrictedUnpickler.Describe(items[2])} is not a plain storage name");
        if (items[3] is not string)
            throw new CheckpointFormatException(file, $"persistent id location of storage '{key}' is not a string");
        if (items[4] is not long numel || numel < 0)
            throw new CheckpointFormatException(file, $"persistent id size of storage '{key}' is not a non-negative int");
        if (!legacy)
        {
            if (items.Length != 5) throw new CheckpointFormatException(file, $"persistent id of storage '{key}' has {items.Length} fields, expected 5");
            return new StorageRef(key, type.StorageDType, numel);
        }
        if (items.Length != 6) throw new CheckpointFormatException(file, $"legacy persistent id of storage '{key}' has {items.Length} fields, expected 6");
        if (items[5] is null) return new StorageRef(key, type.StorageDType, numel);
        // A view of a root storage: (view_key, offset, view_size); the tensor then indexes from `offset` in the root.
        if (items[5] is PickleTuple { Items: [string, long offset, long size] } && offset >= 0 && size >= 0 && offset <= numel && size <= numel - offset)
            return new StorageRef(key, type.StorageDType, size, offset, numel);
        throw new CheckpointFormatException(file, $"legacy view metadata of storage '{key}' is not (view_key, offset, size) inside the root storage's {numel} elements");
    }
}
