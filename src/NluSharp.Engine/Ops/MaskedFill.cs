// masked fill: y = value where mask (broadcast to x's shape) is true, else x; dx = dy where the mask is false.
using System.Numerics;

namespace NluSharp.Engine;

public static partial class Ops
{
    public static Tensor<T> MaskedFill<T>(this Tensor<T> x, Tensor<bool> mask, T value) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var keep = DenseMask(mask, x.Shape);
        var y = Tensor<T>.Uninitialized(x.Shape);
        Strided.Copy(x, y.storage.Array);
        Span<T> ys = y.AsSpan();
        ReadOnlySpan<bool> fill = keep.AsSpan();
        for (int i = 0; i < fill.Length; i++) if (fill[i]) ys[i] = value;
        if (Autograd.ShouldRecord(x))
            Autograd.Record(y, () =>
            {
                Span<T> g = Elementwise.GradSpan(x); ReadOnlySpan<T> dy = Elementwise.OutputGrad(y);
                ReadOnlySpan<bool> filled = keep.AsSpan();
                for (int i = 0; i < g.Length; i++) if (!filled[i]) g[i] += dy[i];
            });
        return y;
    }

    /// <summary>The mask broadcast to shape, as a dense tensor (pooled inside a MemoryScope).</summary>
    static Tensor<bool> DenseMask(Tensor<bool> mask, ReadOnlySpan<int> shape)
    {
        var expanded = new Tensor<bool>(mask.storage, shape.ToArray(), Shapes.BroadcastStrides(mask.Shape, mask.Strides, shape), mask.offset);
        var dense = Tensor<bool>.Uninitialized(shape);
        Strided.Copy(expanded, dense.storage.Array);
        return dense;
    }
}
