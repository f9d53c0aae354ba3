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
        for (int i = 0; i < keep.Length; i++) if (keep[i]) ys[i] = value;
        if (Autograd.ShouldRecord(x))
            Autograd.Record(y, () =>
            {
                Span<T> g = Elementwise.GradSpan(x); ReadOnlySpan<T> dy = Elementwise.OutputGrad(y);
                for (int i = 0; i < g.Length; i++) if (!keep[i]) g[i] += dy[i];
            });
        return y;
    }

    /// <summary>The mask broadcast to shape, as a dense row-major array.</summary>
    static bool[] DenseMask(Tensor<bool> mask, ReadOnlySpan<int> shape)
    {
        var expanded = new Tensor<bool>(mask.storage, shape.ToArray(), Shapes.BroadcastStrides(mask.Shape, mask.Strides, shape), mask.offset);
        return expanded.ToArray();
    }
}
