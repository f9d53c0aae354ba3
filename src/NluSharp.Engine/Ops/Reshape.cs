// reshape: the same elements in row-major order under a new shape (one size may be -1 and is inferred).
// A view when the input is dense, otherwise a copy (as torch.reshape).
namespace NluSharp.Engine;

public static partial class Ops
{
    public static Tensor<T> Reshape<T>(this Tensor<T> x, params int[] shape) where T : unmanaged
    {
        var target = InferShape(shape, x.Length, x.Shape);
        var dense = x.Contiguous();
        var y = new Tensor<T>(dense.storage, target, Shapes.ContiguousStrides(target), dense.offset);
        if (Autograd.ShouldRecord(dense))
            Autograd.Record(y, () => ViewGradient.Accumulate(dense, y, Shapes.ContiguousStrides(target), 0));
        return y;
    }

    static int[] InferShape(int[] shape, long count, ReadOnlySpan<int> from)
    {
        var result = (int[])shape.Clone();
        int infer = Array.IndexOf(result, -1);
        if (infer >= 0 && Array.IndexOf(result, -1, infer + 1) >= 0) throw new ArgumentException($"reshape to {Shapes.Format(shape)}: at most one size may be -1");
        long known = 1;
        for (int i = 0; i < result.Length; i++) if (i != infer) known *= result[i];
        if (infer >= 0)
        {
            if (known == 0 || count % known != 0) throw new ArgumentException($"cannot reshape {Shapes.Format(from)} ({count} elements) to {Shapes.Format(shape)}");
            result[infer] = (int)(count / known);
        }
        else if (known != count) throw new ArgumentException($"cannot reshape {Shapes.Format(from)} ({count} elements) to {Shapes.Format(shape)} ({known} elements)");
        return result;
    }

    /// <summary>Inserts a dimension of size 1 at axis (a view).</summary>
    public static Tensor<T> Unsqueeze<T>(this Tensor<T> x, int axis) where T : unmanaged
    {
        int a = axis < 0 ? axis + x.Rank + 1 : axis;
        if (a < 0 || a > x.Rank) throw new ArgumentOutOfRangeException(nameof(axis), axis, $"unsqueeze axis out of range for rank {x.Rank}");
        var shape = x.Shape.ToArray().ToList(); shape.Insert(a, 1);
        return x.Reshape(shape.ToArray());
    }
}
