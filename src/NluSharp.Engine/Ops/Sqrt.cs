// sqrt: y = √x; dx = dy / (2y).
using System.Numerics;
using System.Numerics.Tensors;

namespace NluSharp.Engine;

public static partial class Ops
{
    public static Tensor<T> Sqrt<T>(this Tensor<T> x) where T : unmanaged, IFloatingPointIeee754<T>
    {
        x = x.Contiguous();
        var y = Elementwise.Map(x, static (s, d) => TensorPrimitives.Sqrt(s, d));
        if (Autograd.ShouldRecord(x))
            Autograd.Record(y, () =>
            {
                var g = Elementwise.GradSpan(x);
                ReadOnlySpan<T> dy = Elementwise.OutputGrad(y), ys = y.AsSpan();
                T half = T.One / (T.One + T.One);
                for (int i = 0; i < g.Length; i++) g[i] += half * dy[i] / ys[i];
            });
        return y;
    }
}
