// The values the restricted unpickler can build: Python containers, the allowed torch globals, storages and tensor views.
using NluSharp.Checkpoints.Tensors;

namespace NluSharp.Checkpoints.PyTorch;

/// <summary>A Python tuple.</summary>
internal sealed record PickleTuple(object?[] Items);

/// <summary>A Python list or set (sets only appear as containers here).</summary>
internal sealed class PickleList(List<object?> items)
{
    public List<object?> Items { get; } = items;
}

/// <summary>A Python dict / OrderedDict, keeping insertion order (state dicts are ordered).</summary>
internal sealed class PickleDict
{
    readonly Dictionary<object, int> _index = new();
    public List<KeyValuePair<object?, object?>> Items { get; } = [];

    public void Set(object? key, object? value)
    {
        // Keys here are str / int / bool / float (hashable by value in C# too); anything else is kept but not deduplicated.
        if (key is string or long or bool or double)
        {
            if (_index.TryGetValue(key, out var at)) { Items[at] = new(key, value); return; }
            _index[key] = Items.Count;
        }
        Items.Add(new(key, value));
    }
}

/// <summary>Which allowed global a GLOBAL / STACK_GLOBAL opcode named.</summary>
internal enum TorchGlobalKind
{
    OrderedDict,
    RebuildTensorV2,
    RebuildTensor,
    RebuildParameter,
    RebuildParameterWithState,
    RebuildFromTypeV2,
    TensorClass,
    ParameterClass,
    StorageType,
}

/// <summary>A resolved, allowed global such as <c>torch._utils._rebuild_tensor_v2</c> or <c>torch.FloatStorage</c>.</summary>
internal sealed record TorchGlobal(string Module, string Name, TorchGlobalKind Kind, TensorDType StorageDType = default)
{
    public string FullName => $"{Module}.{Name}";
}

/// <summary>A storage named by a persistent id: its key in the archive, element type and element count.</summary>
/// <param name="Key">Record name (zip: data/&lt;Key&gt;; legacy: key in the storage list).</param>
/// <param name="DType">Element type of the storage class.</param>
/// <param name="ElementCount">Elements the pickle says the storage holds.</param>
/// <param name="ViewOffset">Legacy format only: element offset of a storage view into its root storage.</param>
/// <param name="RootElementCount">Elements of the root storage <paramref name="Key"/> (equals ElementCount unless this is a view).</param>
internal sealed record StorageRef(string Key, TensorDType DType, long ElementCount, long ViewOffset, long RootElementCount)
{
    public StorageRef(string key, TensorDType dtype, long elementCount) : this(key, dtype, elementCount, 0, elementCount) { }
}

/// <summary>A tensor rebuilt by _rebuild_tensor_v2: a strided view (offset, size, stride in elements) of a storage.</summary>
internal sealed record TensorRef(StorageRef Storage, long StorageOffset, long[] Size, long[] Stride);

/// <summary>The MARK opcode's stack sentinel.</summary>
internal sealed class PickleMark
{
    public static readonly PickleMark Instance = new();
}
