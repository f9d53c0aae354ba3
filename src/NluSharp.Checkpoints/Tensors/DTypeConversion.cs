// Exact widening of stored dtypes to float32, and round-to-nearest-even narrowing of float32 to F16/BF16
// (the narrowing matches torch's `Tensor.half()` / `Tensor.bfloat16()` on CPU, checked against the fixtures).
using System.Buffers.Binary;
using System.Runtime.InteropServices;

namespace NluSharp.Checkpoints.Tensors;

/// <summary>Element-wise conversions between stored dtypes and float32.</summary>
public static class DTypeConversion
{
    /// <summary>Converts little-endian <paramref name="source"/> of <paramref name="dtype"/> into <paramref name="destination"/>.</summary>
    public static void ToFloat32(TensorDType dtype, ReadOnlySpan<byte> source, Span<float> destination)
    {
        var size = dtype.SizeOf();
        if (source.Length != (long)destination.Length * size)
            throw new ArgumentException($"{source.Length} bytes of {dtype} cannot fill {destination.Length} floats");
        // Unaligned reads are fine on every platform .NET supports for MemoryMarshal.Cast over bytes;
        // BinaryPrimitives keeps it explicit that the file is little-endian.
        switch (dtype)
        {
            case TensorDType.F32:
                if (BitConverter.IsLittleEndian) source.CopyTo(MemoryMarshal.AsBytes(destination));
                else for (int i = 0; i < destination.Length; i++) destination[i] = BinaryPrimitives.ReadSingleLittleEndian(source[(4 * i)..]);
                break;
            case TensorDType.F16:
                for (int i = 0; i < destination.Length; i++)
                    destination[i] = (float)BitConverter.UInt16BitsToHalf(BinaryPrimitives.ReadUInt16LittleEndian(source[(2 * i)..]));
                break;
            case TensorDType.BF16:
                for (int i = 0; i < destination.Length; i++)
                    destination[i] = BFloat16ToSingle(BinaryPrimitives.ReadUInt16LittleEndian(source[(2 * i)..]));
                break;
            case TensorDType.F64:
                for (int i = 0; i < destination.Length; i++) destination[i] = (float)BinaryPrimitives.ReadDoubleLittleEndian(source[(8 * i)..]);
                break;
            case TensorDType.I64:
                for (int i = 0; i < destination.Length; i++) destination[i] = BinaryPrimitives.ReadInt64LittleEndian(source[(8 * i)..]);
                break;
            case TensorDType.U64:
                for (int i = 0; i < destination.Length; i++) destination[i] = BinaryPrimitives.ReadUInt64LittleEndian(source[(8 * i)..]);
                break;
            case TensorDType.I32:
                for (int i = 0; i < destination.Length; i++) destination[i] = BinaryPrimitives.ReadInt32LittleEndian(source[(4 * i)..]);
                break;
            case TensorDType.U32:
                for (int i = 0; i < destination.Length; i++) destination[i] = BinaryPrimitives.ReadUInt32LittleEndian(source[(4 * i)..]);
                break;
            case TensorDType.I16:
                for (int i = 0; i < destination.Length; i++) destination[i] = BinaryPrimitives.ReadInt16LittleEndian(source[(2 * i)..]);
                break;
            case TensorDType.U16:
                for (int i = 0; i < destination.Length; i++) destination[i] = BinaryPrimitives.ReadUInt16LittleEndian(source[(2 * i)..]);
                break;
            case TensorDType.I8:
                for (int i = 0; i < destination.Length; i++) destination[i] = (sbyte)source[i];
                break;
            case TensorDType.U8:
                for (int i = 0; i < destination.Length; i++) destination[i] = source[i];
                break;
            case TensorDType.Bool:
                for (int i = 0; i < destination.Length; i++) destination[i] = source[i] != 0 ? 1f : 0f;
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(dtype), dtype, "unknown dtype");
        }
    }

    /// <summary>Little-endian bytes of <paramref name="values"/> in a floating <paramref name="dtype"/>, rounding to nearest even.</summary>
    public static byte[] FromFloat32(TensorDType dtype, ReadOnlySpan<float> values)
    {
        var bytes = new byte[(long)values.Length * dtype.SizeOf()];
        var span = bytes.AsSpan();
        switch (dtype)
        {
            case TensorDType.F32:
                for (int i = 0; i < values.Length; i++) BinaryPrimitives.WriteSingleLittleEndian(span[(4 * i)..], values[i]);
                break;
            case TensorDType.F16:
                for (int i = 0; i < values.Length; i++) BinaryPrimitives.WriteUInt16LittleEndian(span[(2 * i)..], BitConverter.HalfToUInt16Bits((Half)values[i]));
                break;
            case TensorDType.BF16:
                for (int i = 0; i < values.Length; i++) BinaryPrimitives.WriteUInt16LittleEndian(span[(2 * i)..], SingleToBFloat16(values[i]));
                break;
            case TensorDType.F64:
                for (int i = 0; i < values.Length; i++) BinaryPrimitives.WriteDoubleLittleEndian(span[(8 * i)..], values[i]);
                break;
            default:
                throw new NotSupportedException($"cannot write float32 values as {dtype}");
        }
        return bytes;
    }

    /// <summary>bfloat16 bits to float32: exact (the bits become the top half of a float32).</summary>
    public static float BFloat16ToSingle(ushort bits) => BitConverter.Int32BitsToSingle(bits << 16);

    /// <summary>
    /// float32 to bfloat16 bits, round to nearest even; NaN becomes the quiet NaN 0x7FC0.
    /// Same arithmetic as c10/util/BFloat16.h `round_to_nearest_even`.
    /// </summary>
    public static ushort SingleToBFloat16(float value)
    {
        if (float.IsNaN(value)) return 0x7FC0;
        uint bits = BitConverter.SingleToUInt32Bits(value);
        uint roundingBias = 0x7FFF + ((bits >> 16) & 1);
        return (ushort)((bits + roundingBias) >> 16);
    }
}
