// mean over axes: composed as sum · (1/count), so its gradient comes from those two ops.
using System.Numerics;

namespace NluSharp.Engine;

public static partial class Ops
{
    public static Tensor<T> Mean<T>(this Tensor<T> x, int[]? axes = null, bool keepDim = false) where T : unmanaged, IFloatingPointIeee754<T>
    {
        long count = axes == null || axes.Length == 0 ? x.Length
            : axes.Select(a => Shapes.NormalizeAxis(a, x.Rank)).Distinct().Aggregate(1L, (n, a) => n * x.Size(a));
        return x.Sum(axes, keepDim).MulScalar(T.One / T.CreateChecked(count));
    }
}
