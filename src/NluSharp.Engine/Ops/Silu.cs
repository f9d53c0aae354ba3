// silu (swish): y = x·σ(x); dx = dy · σ(x) · (1 + x·(1 − σ(x))).
using System.Numerics;
using System.Numerics.Tensors;

namespace NluSharp.Engine;

public static partial class Ops
{
    public static Tensor<T> Silu<T>(this Tensor<T> x) where T : unmanaged, IFloatingPointIeee754<T>
    {
        x = x.Contiguous();
        var y = Elementwise.Map(x, static (s, d) => { TensorPrimitives.Sigmoid(s, d); TensorPrimitives.Multiply(d, s, d); });
        if (Autograd.ShouldRecord(x))
            Autograd.Record(y, () =>
            {
                var g = Elementwise.GradSpan(x);
                ReadOnlySpan<T> dy = Elementwise.OutputGrad(y), xs = x.AsSpan();
                for (int i = 0; i < g.Length; i++)
                {
                    T s = T.One / (T.One + T.Exp(-xs[i]));
                    g[i] += dy[i] * s * (T.One + xs[i] * (T.One - s));
                }
            });
        return y;
    }
}
