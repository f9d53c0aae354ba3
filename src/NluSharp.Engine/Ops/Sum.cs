// sum over one or more axes (all when none are given); the gradient broadcasts dy back over the summed axes.
using System.Numerics;
using NluSharp.Engine.Kernels;

namespace NluSharp.Engine;

public static partial class Ops
{
    /// <summary>Sums over axes (all axes when axes is null or empty); keepDim keeps them as size 1.</summary>
    public static Tensor<T> Sum<T>(this Tensor<T> x, int[]? axes = null, bool keepDim = false) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var reduce = (axes == null || axes.Length == 0 ? Enumerable.Range(0, x.Rank) : axes.Select(a => Shapes.NormalizeAxis(a, x.Rank)))
            .Distinct().ToArray();
        var keptShape = x.Shape.ToArray();
        foreach (var a in reduce) keptShape[a] = 1;
        var outShape = keepDim ? keptShape : keptShape.Where((_, d) => !reduce.Contains(d)).ToArray();

        // Reduce one axis at a time on dense data; each pass sums in increasing index order.
        var current = x.Detach().Contiguous();
        var shape = x.Shape.ToArray();
        foreach (var a in reduce.OrderByDescending(a => a))
        {
            int outer = 1, inner = 1;
            for (int d = 0; d < a; d++) outer *= shape[d];
            for (int d = a + 1; d < shape.Length; d++) inner *= shape[d];
            shape[a] = 1;
            var next = Tensor<T>.Uninitialized(shape);
            Reduce.Sum<T>(current.AsSpan(), next.AsSpan(), outer, current.Size(a), inner, accumulate: false);
            current = next;
        }
        var y = new Tensor<T>(current.storage, outShape, Shapes.ContiguousStrides(outShape), current.offset);

        if (Autograd.ShouldRecord(x))
            Autograd.Record(y, () =>
            {
                var g = x.GradBuffer();
                var dy = y.Grad!;
                var srcStrides = Shapes.BroadcastStrides(keptShape, Shapes.ContiguousStrides(keptShape), x.Shape);
                Strided.AddInto(x.Shape, dy.storage.Array, srcStrides, dy.offset, g.storage.Array, g.strides, g.offset);
            });
        return y;
    }
}
