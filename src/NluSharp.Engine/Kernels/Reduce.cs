// Reductions along one axis: entry points used by sum/mean/max, bias gradients and broadcasting backward.
using System.Numerics;

namespace NluSharp.Engine.Kernels;

public static class Reduce
{
    public static void Sum<T>(ReadOnlySpan<T> x, Span<T> y, int outer, int axis, int inner, bool accumulate) where T : unmanaged, INumber<T>
        => ReduceNaive.Sum(x, y, outer, axis, inner, accumulate);

    public static void Max<T>(ReadOnlySpan<T> x, Span<T> y, Span<int> argmax, int outer, int axis, int inner) where T : unmanaged, IFloatingPointIeee754<T>
        => ReduceNaive.Max(x, y, argmax, outer, axis, inner);
}
