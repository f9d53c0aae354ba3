// One named tensor of a checkpoint: dtype, shape and its raw bytes (lazy), with exact conversion to float32.
namespace NluSharp.Checkpoints.Tensors;

/// <summary>
/// A named tensor as stored in a checkpoint: element type, shape (C order) and raw little-endian bytes.
/// Equality is by reference for <see cref="Shape"/> and <see cref="Data"/>; compare contents with <see cref="ReadBytes"/>.
/// </summary>
/// <param name="Name">The checkpoint key, e.g. "bert.embeddings.word_embeddings.weight".</param>
/// <param name="DType">Element type as stored.</param>
/// <param name="Shape">Dimensions, outermost first; empty for a scalar.</param>
/// <param name="Data">The bytes; <c>Data.Length == ElementCount * DType.SizeOf()</c>.</param>
public sealed record CheckpointTensor(string Name, TensorDType DType, IReadOnlyList<long> Shape, TensorBytes Data)
{
    /// <summary>Product of the dimensions (1 for a scalar).</summary>
    public long ElementCount
    {
        get
        {
            long n = 1;
            foreach (var d in Shape) n = checked(n * d);
            return n;
        }
    }

    /// <summary>The stored bytes (little-endian), without conversion.</summary>
    public ReadOnlyMemory<byte> GetBytes() => Data.GetMemory();

    /// <summary>A copy of the stored bytes.</summary>
    public byte[] ReadBytes() => Data.GetMemory().ToArray();

    /// <summary>
    /// The values as float32. F16 and BF16 widen exactly; F32 is copied bit for bit; F64 and 64-bit integers
    /// round to nearest even; BOOL becomes 0 or 1.
    /// </summary>
    public float[] ToFloat32()
    {
        var count = ElementCount;
        if (count > Array.MaxLength)
            throw new NotSupportedException($"tensor '{Name}' has {count} elements, more than one .NET array can hold");
        var result = new float[count];
        DTypeConversion.ToFloat32(DType, Data.GetMemory().Span, result);
        return result;
    }

    /// <summary>
    /// This tensor converted to <paramref name="target"/> (floating dtypes only; via float32, rounding to nearest even);
    /// the same tensor when already of that dtype. The conversion runs each time the bytes are read and is not kept.
    /// </summary>
    public CheckpointTensor CastTo(TensorDType target)
    {
        if (target == DType) return this;
        if (!target.IsFloatingPoint() || !DType.IsFloatingPoint())
            throw new NotSupportedException($"tensor '{Name}': cast {DType} -> {target} is not supported (only between floating dtypes)");
        if (DType == TensorDType.F64 && target != TensorDType.F32)
            throw new NotSupportedException($"tensor '{Name}': cast F64 -> {target} would round twice; cast to F32 first if that is intended");
        var length = checked(ElementCount * target.SizeOf());
        return this with { DType = target, Data = TensorBytes.Computed(length, () => DTypeConversion.FromFloat32(target, ToFloat32())) };
    }

    /// <summary>"[2, 3]"-style rendering of the shape.</summary>
    public string ShapeText => "[" + string.Join(", ", Shape) + "]";
}
