// The allow-list of the restricted unpickler: the only Python globals a checkpoint may name.
// Everything else (os.system, builtins.eval, numpy reconstructors, ...) is refused with its name.
using NluSharp.Checkpoints.Tensors;

namespace NluSharp.Checkpoints.PyTorch;

internal static class TorchGlobals
{
    // Storage classes torch.save writes into persistent ids (torch/storage.py `_pickle_storage_type`).
    static readonly Dictionary<string, TensorDType> StorageTypes = new(StringComparer.Ordinal)
    {
        ["FloatStorage"] = TensorDType.F32,
        ["DoubleStorage"] = TensorDType.F64,
        ["HalfStorage"] = TensorDType.F16,
        ["BFloat16Storage"] = TensorDType.BF16,
        ["LongStorage"] = TensorDType.I64,
        ["IntStorage"] = TensorDType.I32,
        ["ShortStorage"] = TensorDType.I16,
        ["CharStorage"] = TensorDType.I8,
        ["ByteStorage"] = TensorDType.U8,
        ["BoolStorage"] = TensorDType.Bool,
    };

    /// <summary>Resolves an allowed global, or null when it is not on the list.</summary>
    public static TorchGlobal? Resolve(string module, string name)
    {
        TorchGlobalKind? kind = (module, name) switch
        {
            ("collections", "OrderedDict") => TorchGlobalKind.OrderedDict,
            ("torch._utils", "_rebuild_tensor_v2") => TorchGlobalKind.RebuildTensorV2,
            ("torch._utils", "_rebuild_tensor") => TorchGlobalKind.RebuildTensor,
            ("torch._utils", "_rebuild_parameter") => TorchGlobalKind.RebuildParameter,
            ("torch._utils", "_rebuild_parameter_with_state") => TorchGlobalKind.RebuildParameterWithState,
            ("torch._tensor", "_rebuild_from_type_v2") => TorchGlobalKind.RebuildFromTypeV2,
            ("torch", "Tensor") => TorchGlobalKind.TensorClass,
            ("torch.nn.parameter", "Parameter") => TorchGlobalKind.ParameterClass,
            _ => null,
        };
        if (kind != null) return new TorchGlobal(module, name, kind.Value);
        if (module == "torch" && StorageTypes.TryGetValue(name, out var dtype))
            return new TorchGlobal(module, name, TorchGlobalKind.StorageType, dtype);
        return null;
    }

    /// <summary>The allowed names, for error messages.</summary>
    public const string AllowedSummary =
        "collections.OrderedDict, torch._utils._rebuild_tensor_v2/_rebuild_tensor/_rebuild_parameter, torch.<Type>Storage";
}
