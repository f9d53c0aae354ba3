// An n-dimensional view (shape, strides, offset) over a flat Storage, plus the autograd fields.
// Views (reshape, transpose, slice, expand) share storage; ops that need dense rows call Contiguous().
// Shape legend used across the engine: B batch, T sequence length, C channels (hidden size), H heads.
using System.Text;

namespace NluSharp.Engine;

/// <summary>Untyped handle used by the autograd tape.</summary>
public interface ITensor
{
    DType DType { get; }
    int Rank { get; }
    long Length { get; }
    bool RequiresGrad { get; }
    internal void ReleaseGradIfIntermediate();
}

public sealed class Tensor<T> : ITensor where T : unmanaged
{
    internal readonly Storage<T> storage;
    internal readonly int[] shape;
    internal readonly int[] strides;
    internal readonly int offset;
    bool requiresGrad;

    internal Tensor(Storage<T> storage, int[] shape, int[] strides, int offset)
    {
        this.storage = storage; this.shape = shape; this.strides = strides; this.offset = offset;
    }

    // ---- creation ----------------------------------------------------------------------------------------------

    /// <summary>A zero-filled tensor (pooled when a MemoryScope is active).</summary>
    public static Tensor<T> Zeros(params int[] shape) => Create(shape, clear: true, persistent: false);

    /// <summary>A tensor whose contents are unspecified; every element must be written before it is read.</summary>
    internal static Tensor<T> Uninitialized(ReadOnlySpan<int> shape) => Create(shape.ToArray(), clear: false, persistent: false);

    internal static Tensor<T> Create(int[] shape, bool clear, bool persistent)
    {
        long n = Shapes.Count(shape);
        if (n > Array.MaxLength) throw new ArgumentException($"tensor of shape {Shapes.Format(shape)} has {n} elements, more than a .NET array can hold");
        return new Tensor<T>(Storage<T>.Allocate((int)n, clear, persistent), shape, Shapes.ContiguousStrides(shape), 0);
    }

    /// <summary>A tensor holding a copy of data, viewed with the given shape (row-major).</summary>
    public static Tensor<T> FromArray(ReadOnlySpan<T> data, params int[] shape)
    {
        if (Shapes.Count(shape) != data.Length)
            throw new ArgumentException($"shape {Shapes.Format(shape)} needs {Shapes.Count(shape)} elements but the data has {data.Length}");
        var t = Create((int[])shape.Clone(), clear: false, persistent: false);
        data.CopyTo(t.storage.Span);
        return t;
    }

    /// <summary>A tensor filled with one value.</summary>
    public static Tensor<T> Full(T value, params int[] shape)
    {
        var t = Create((int[])shape.Clone(), clear: false, persistent: false);
        t.storage.Span.Fill(value);
        return t;
    }

    /// <summary>A rank-0 tensor.</summary>
    public static Tensor<T> Scalar(T value) => Full(value);

    /// <summary>A tensor that is never recycled by a MemoryScope (parameters, optimizer state, results kept after a step).</summary>
    public static Tensor<T> Persistent(params int[] shape) => Create((int[])shape.Clone(), clear: true, persistent: true);

    // ---- shape ----------------------------------------------------------------------------------------------

    public DType DType => DTypes.Of<T>();
    public int Rank => shape.Length;
    public ReadOnlySpan<int> Shape => shape;
    public ReadOnlySpan<int> Strides => strides;
    public int Offset => offset;
    public long Length => Shapes.Count(shape);
    public int Size(int dim) => shape[Shapes.NormalizeAxis(dim, Rank)];
    public bool IsContiguous => Shapes.IsContiguous(shape, strides);
    public Storage<T> Storage => storage;

    /// <summary>The elements of a contiguous tensor, in row-major order.</summary>
    public Span<T> AsSpan()
    {
        if (!IsContiguous) throw new InvalidOperationException($"tensor of shape {Shapes.Format(shape)} with strides {Shapes.Format(strides)} is not contiguous; call Contiguous() first");
        return storage.Span.Slice(offset, (int)Length);
    }

    /// <summary>The elements of a contiguous tensor as Memory, for work split over threads (a Span cannot be captured).</summary>
    public Memory<T> AsMemory()
    {
        if (!IsContiguous) throw new InvalidOperationException($"tensor of shape {Shapes.Format(shape)} with strides {Shapes.Format(strides)} is not contiguous; call Contiguous() first");
        return storage.Array.AsMemory(offset, (int)Length);
    }

    /// <summary>A row-major copy of the elements (works for any view).</summary>
    public T[] ToArray()
    {
        var result = new T[Length];
        Strided.Copy(this, result);
        return result;
    }

    public T this[params int[] index]
    {
        get => storage.Span[LinearIndex(index)];
        set => storage.Span[LinearIndex(index)] = value;
    }

    /// <summary>The single value of a one-element tensor.</summary>
    public T ToScalar()
    {
        if (Length != 1) throw new InvalidOperationException($"ToScalar() needs a one-element tensor, got shape {Shapes.Format(shape)}");
        return storage.Span[offset];
    }

    int LinearIndex(int[] index)
    {
        if (index.Length != Rank) throw new ArgumentException($"index has {index.Length} coordinates, tensor has rank {Rank}");
        int at = offset;
        for (int d = 0; d < Rank; d++)
        {
            if ((uint)index[d] >= (uint)shape[d]) throw new IndexOutOfRangeException($"index {index[d]} out of range for dimension {d} of size {shape[d]}");
            at += index[d] * strides[d];
        }
        return at;
    }

    // ---- autograd -------------------------------------------------------------------------------------------

    /// <summary>Whether gradients flow to this tensor. Setting it marks a leaf (a parameter); only float tensors may require grad.</summary>
    public bool RequiresGrad
    {
        get => requiresGrad;
        set
        {
            if (value && typeof(T) != typeof(float) && typeof(T) != typeof(double))
                throw new InvalidOperationException($"only float32/float64 tensors can require grad, this one is {DType}");
            if (!IsLeaf && !value) throw new InvalidOperationException("cannot clear RequiresGrad on a tensor computed by a recorded op; use Detach()");
            requiresGrad = value;
        }
    }

    /// <summary>True for tensors not produced by a recorded op (inputs and parameters).</summary>
    public bool IsLeaf { get; private set; } = true;

    /// <summary>
    /// The gradient, same shape, contiguous. Parameters (leaves) accumulate into it across Backward calls until
    /// cleared with ZeroGrad(); intermediate tensors only hold it during Backward.
    /// </summary>
    public Tensor<T>? Grad { get; internal set; }

    public void ZeroGrad() { if (Grad != null) Grad.storage.Span.Clear(); }

    internal void MarkComputed() { IsLeaf = false; requiresGrad = true; }

    /// <summary>The gradient buffer, created zero-filled on first use (persistent for leaves so it outlives the step).</summary>
    internal Tensor<T> GradBuffer() => Grad ??= Create((int[])shape.Clone(), clear: true, persistent: IsLeaf);

    void ITensor.ReleaseGradIfIntermediate() { if (!IsLeaf) Grad = null; }

    /// <summary>A view of the same data that is cut from the graph (does not require grad).</summary>
    public Tensor<T> Detach() => new(storage, shape, strides, offset);

    public override string ToString()
    {
        var sb = new StringBuilder($"Tensor<{typeof(T).Name}>{Shapes.Format(shape)}");
        if (Length <= 16) sb.Append(" [").Append(string.Join(", ", ToArray())).Append(']');
        return sb.ToString();
    }
}
