// where: y = condition ? a : b with broadcasting of all three; da = dy where true, db = dy where false
// (each summed to its input's shape).
using System.Numerics;

namespace NluSharp.Engine;

public static partial class Ops
{
    public static Tensor<T> Where<T>(Tensor<bool> condition, Tensor<T> a, Tensor<T> b) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var shape = Shapes.Broadcast(Shapes.Broadcast(condition.Shape, a.Shape), b.Shape);
        var c = DenseMask(condition, shape).AsSpan().ToArray();
        var av = a.Detach().Expand(shape).ToArray();
        var bv = b.Detach().Expand(shape).ToArray();
        var y = Tensor<T>.Uninitialized(shape);
        Span<T> ys = y.AsSpan();
        for (int i = 0; i < ys.Length; i++) ys[i] = c[i] ? av[i] : bv[i];
        if (Autograd.ShouldRecord(a, b))
            Autograd.Record(y, () =>
            {
                ReadOnlySpan<T> dy = Elementwise.OutputGrad(y);
                foreach (var (input, when) in new[] { (a, true), (b, false) })
                {
                    if (!input.RequiresGrad) continue;
                    var part = Tensor<T>.Uninitialized(shape);
                    Span<T> ps = part.AsSpan();
                    for (int i = 0; i < ps.Length; i++) ps[i] = c[i] == when ? dy[i] : T.Zero;
                    Elementwise.AccumulateReduced(part, input);
                }
            });
        return y;
    }
}
