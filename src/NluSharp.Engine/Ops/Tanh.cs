// tanh: y = tanh x; dx = dy · (1 − y²).
using System.Numerics;
using System.Numerics.Tensors;

namespace NluSharp.Engine;

public static partial class Ops
{
    public static Tensor<T> Tanh<T>(this Tensor<T> x) where T : unmanaged, IFloatingPointIeee754<T>
    {
        x = x.Contiguous();
        var y = Elementwise.Map(x, static (s, d) => TensorPrimitives.Tanh(s, d));
        if (Autograd.ShouldRecord(x))
            Autograd.Record(y, () =>
            {
                var g = Elementwise.GradSpan(x);
                ReadOnlySpan<T> dy = Elementwise.OutputGrad(y), ys = y.AsSpan();
                for (int i = 0; i < g.Length; i++) g[i] += dy[i] * (T.One - ys[i] * ys[i]);
            });
        return y;
    }
}
