// Element types a tensor can hold. float32 is the compute type; float64 exists for gradient checks;
// float16/bfloat16/int8 are storage types (checkpoints, quantization) converted to float32 for compute.
namespace NluSharp.Engine;

public enum DType { Float32, Float64, Float16, BFloat16, Int8, UInt8, Int32, Int64, Bool }

public static class DTypes
{
    /// <summary>The DType of a CLR element type; throws for types a tensor cannot hold.</summary>
    public static DType Of<T>() where T : unmanaged =>
        typeof(T) == typeof(float) ? DType.Float32 :
        typeof(T) == typeof(double) ? DType.Float64 :
        typeof(T) == typeof(Half) ? DType.Float16 :
        typeof(T) == typeof(BFloat16) ? DType.BFloat16 :
        typeof(T) == typeof(sbyte) ? DType.Int8 :
        typeof(T) == typeof(byte) ? DType.UInt8 :
        typeof(T) == typeof(int) ? DType.Int32 :
        typeof(T) == typeof(long) ? DType.Int64 :
        typeof(T) == typeof(bool) ? DType.Bool :
        throw new NotSupportedException($"tensor element type {typeof(T).Name} is not supported; expected one of {string.Join(", ", Enum.GetNames<DType>())}");

    public static int SizeInBytes(this DType t) => t switch
    {
        DType.Float64 or DType.Int64 => 8,
        DType.Float32 or DType.Int32 => 4,
        DType.Float16 or DType.BFloat16 => 2,
        _ => 1,
    };
}
