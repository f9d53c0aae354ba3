// pow: y = x^p for a constant exponent p; dx = dy · p · x^(p−1).
using System.Numerics;
using System.Numerics.Tensors;

namespace NluSharp.Engine;

public static partial class Ops
{
    public static Tensor<T> Pow<T>(this Tensor<T> x, T p) where T : unmanaged, IFloatingPointIeee754<T>
    {
        x = x.Contiguous();
        var y = Elementwise.Map(x, (s, d) => TensorPrimitives.Pow(s, p, d));
        if (Autograd.ShouldRecord(x))
            Autograd.Record(y, () =>
            {
                var g = Elementwise.GradSpan(x);
                ReadOnlySpan<T> dy = Elementwise.OutputGrad(y), xs = x.AsSpan();
                T pm1 = p - T.One;
                for (int i = 0; i < g.Length; i++) g[i] += dy[i] * p * T.Pow(xs[i], pm1);
            });
        return y;
    }
}
