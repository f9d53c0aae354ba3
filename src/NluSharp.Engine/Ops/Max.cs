// max along one axis (values; ties resolve to the first index, as torch.max); the gradient goes to that index.
using System.Numerics;
using NluSharp.Engine.Kernels;

namespace NluSharp.Engine;

public static partial class Ops
{
    public static Tensor<T> Max<T>(this Tensor<T> x, int axis, bool keepDim = false) where T : unmanaged, IFloatingPointIeee754<T>
    {
        int a = Shapes.NormalizeAxis(axis, x.Rank);
        var dense = x.Detach().Contiguous();
        int outer = 1, inner = 1, n = x.Size(a);
        for (int d = 0; d < a; d++) outer *= x.Size(d);
        for (int d = a + 1; d < x.Rank; d++) inner *= x.Size(d);
        var keptShape = x.Shape.ToArray(); keptShape[a] = 1;
        var outShape = keepDim ? keptShape : keptShape.Where((_, d) => d != a).ToArray();
        var y = Tensor<T>.Uninitialized(outShape);
        var argmax = Tensor<int>.Uninitialized(outShape);
        Reduce.Max<T>(dense.AsSpan(), y.AsSpan(), argmax.AsSpan(), outer, n, inner);

        if (Autograd.ShouldRecord(x))
            Autograd.Record(y, () =>
            {
                Span<T> g = Elementwise.GradSpan(x);
                ReadOnlySpan<T> dy = Elementwise.OutputGrad(y);
                ReadOnlySpan<int> idx = argmax.AsSpan();
                for (int o = 0; o < outer; o++)
                    for (int i = 0; i < inner; i++)
                        g[(o * n + idx[o * inner + i]) * inner + i] += dy[o * inner + i];
            });
        return y;
    }
}
