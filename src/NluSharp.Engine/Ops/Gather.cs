// gather along an axis, as torch.gather: y[i..,j,..k] = x[i..,index[i..,j,..k],..k]; y has index's shape.
// The backward scatter-adds dy into x's gradient in index order (deterministic).
using System.Numerics;

namespace NluSharp.Engine;

public static partial class Ops
{
    public static Tensor<T> Gather<T>(this Tensor<T> x, int axis, Tensor<int> index) where T : unmanaged, IFloatingPointIeee754<T>
    {
        int a = Shapes.NormalizeAxis(axis, x.Rank);
        if (index.Rank != x.Rank || Enumerable.Range(0, x.Rank).Any(d => d != a && index.Size(d) > x.Size(d)))
            throw new ArgumentException($"gather: index shape {Shapes.Format(index.Shape)} must have x's rank and sizes no larger than x {Shapes.Format(x.Shape)} outside axis {a}");
        var dense = x.Detach().Contiguous();
        var idx = index.Contiguous().AsSpan().ToArray();
        var positions = new int[idx.Length];
        var xStrides = dense.strides;
        var ishape = index.Shape.ToArray();
        var counter = new int[ishape.Length];
        for (int i = 0; i < idx.Length; i++)
        {
            if ((uint)idx[i] >= (uint)x.Size(a))
                throw new ArgumentOutOfRangeException(nameof(index), $"gather index {idx[i]} at position {i} is outside axis {a} of size {x.Size(a)}");
            int at = 0;
            for (int d = 0; d < ishape.Length; d++) at += (d == a ? idx[i] : counter[d]) * xStrides[d];
            positions[i] = at;
            for (int d = ishape.Length - 1; d >= 0 && ++counter[d] == ishape[d]; d--) counter[d] = 0;
        }
        var y = Tensor<T>.Uninitialized(ishape);
        Span<T> ys = y.AsSpan(); ReadOnlySpan<T> xs = dense.AsSpan();
        for (int i = 0; i < positions.Length; i++) ys[i] = xs[positions[i]];
        if (Autograd.ShouldRecord(x))
            Autograd.Record(y, () =>
            {
                Span<T> g = Elementwise.GradSpan(x); ReadOnlySpan<T> dy = Elementwise.OutputGrad(y);
                for (int i = 0; i < positions.Length; i++) g[positions[i]] += dy[i];
            });
        return y;
    }
}
