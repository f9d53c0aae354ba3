// silu (swish): y = x·σ(x); dx = dy · σ(x) · (1 + x·(1 − σ(x))).
using System.Numerics;
using System.Numerics.Tensors;

namespace NluSharp.Engine;

public static partial class Ops
{
    public static Tensor<T> Silu<T>(this Tensor<T> x) where T : unmanaged, IFloatingPointIeee754<T> =>
        Elementwise.Unary(x, static (s, d) => { TensorPrimitives.Sigmoid(s, d); TensorPrimitives.Multiply(d, s, d); },
            static (x, y, dy, dx) =>
            {
                for (int i = 0; i < dx.Length; i++)
                {
                    T s = T.One / (T.One + T.Exp(-x[i]));
                    dx[i] += dy[i] * s * (T.One + x[i] * (T.One - s));
                }
            });
}
