// sigmoid: y = 1 / (1 + e⁻ˣ); dx = dy · y · (1 − y).
using System.Numerics;
using System.Numerics.Tensors;

namespace NluSharp.Engine;

public static partial class Ops
{
    public static Tensor<T> Sigmoid<T>(this Tensor<T> x) where T : unmanaged, IFloatingPointIeee754<T>
    {
        x = x.Contiguous();
        var y = Elementwise.Map(x, static (s, d) => TensorPrimitives.Sigmoid(s, d));
        if (Autograd.ShouldRecord(x))
            Autograd.Record(y, () =>
            {
                var g = Elementwise.GradSpan(x);
                ReadOnlySpan<T> dy = Elementwise.OutputGrad(y), ys = y.AsSpan();
                for (int i = 0; i < g.Length; i++) g[i] += dy[i] * ys[i] * (T.One - ys[i]);
            });
        return y;
    }
}
