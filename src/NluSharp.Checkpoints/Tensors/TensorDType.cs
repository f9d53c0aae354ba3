// Element types a checkpoint tensor can have, declared in the safetensors crate's `Dtype` order
// (the writer sorts tensors by this order, descending, exactly as safetensors/src/tensor.rs `prepare` does).
namespace NluSharp.Checkpoints.Tensors;

/// <summary>Element type of a stored tensor. The declaration order is the safetensors crate's <c>Dtype</c> order.</summary>
public enum TensorDType
{
    /// <summary>Boolean, one byte (0 or 1).</summary>
    Bool,
    /// <summary>Unsigned 8-bit integer.</summary>
    U8,
    /// <summary>Signed 8-bit integer.</summary>
    I8,
    /// <summary>Signed 16-bit integer.</summary>
    I16,
    /// <summary>Unsigned 16-bit integer.</summary>
    U16,
    /// <summary>IEEE 754 half precision.</summary>
    F16,
    /// <summary>bfloat16: the top 16 bits of a float32.</summary>
    BF16,
    /// <summary>Signed 32-bit integer.</summary>
    I32,
    /// <summary>Unsigned 32-bit integer.</summary>
    U32,
    /// <summary>IEEE 754 single precision.</summary>
    F32,
    /// <summary>IEEE 754 double precision.</summary>
    F64,
    /// <summary>Signed 64-bit integer.</summary>
    I64,
    /// <summary>Unsigned 64-bit integer.</summary>
    U64,
}

/// <summary>Sizes and the safetensors spelling of <see cref="TensorDType"/>.</summary>
public static class TensorDTypes
{
    /// <summary>Bytes per element.</summary>
    public static int SizeOf(this TensorDType dtype) => dtype switch
    {
        TensorDType.Bool or TensorDType.U8 or TensorDType.I8 => 1,
        TensorDType.I16 or TensorDType.U16 or TensorDType.F16 or TensorDType.BF16 => 2,
        TensorDType.I32 or TensorDType.U32 or TensorDType.F32 => 4,
        TensorDType.F64 or TensorDType.I64 or TensorDType.U64 => 8,
        _ => throw new ArgumentOutOfRangeException(nameof(dtype), dtype, "unknown dtype"),
    };

    /// <summary>The name safetensors headers use ("F32", "BF16", "BOOL", ...).</summary>
    public static string ToSafetensorsName(this TensorDType dtype) =>
        dtype == TensorDType.Bool ? "BOOL" : dtype.ToString();

    /// <summary>Parses a safetensors dtype name; false for names this library does not support (e.g. F8_E4M3).</summary>
    public static bool TryParseSafetensorsName(string name, out TensorDType dtype)
    {
        dtype = default;
        if (name == "BOOL") { dtype = TensorDType.Bool; return true; }
        if (name == "Bool" || name.Length == 0 || !char.IsUpper(name[0])) return false;
        return Enum.TryParse(name, ignoreCase: false, out dtype) && Enum.IsDefined(dtype) && dtype.ToString() == name;
    }

    /// <summary>Parses the CLI / user spelling: f32, f16, bf16, float32, float16, bfloat16 (case-insensitive).</summary>
    public static TensorDType ParseFloatName(string name) => name.ToLowerInvariant() switch
    {
        "f32" or "float32" or "float" => TensorDType.F32,
        "f16" or "float16" or "half" or "fp16" => TensorDType.F16,
        "bf16" or "bfloat16" => TensorDType.BF16,
        _ => throw new ArgumentException($"unknown floating dtype '{name}': expected f32, f16 or bf16"),
    };

    /// <summary>True for F16, BF16, F32 and F64.</summary>
    public static bool IsFloatingPoint(this TensorDType dtype) =>
        dtype is TensorDType.F16 or TensorDType.BF16 or TensorDType.F32 or TensorDType.F64;
}
