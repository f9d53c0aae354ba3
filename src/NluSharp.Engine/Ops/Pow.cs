// pow: y = x^p for a constant exponent p; dx = dy · p · x^(p−1).
using System.Numerics;
using System.Numerics.Tensors;

namespace NluSharp.Engine;

public static partial class Ops
{
    public static Tensor<T> Pow<T>(this Tensor<T> x, T p) where T : unmanaged, IFloatingPointIeee754<T> =>
        Elementwise.Unary(x, (s, d) => TensorPrimitives.Pow(s, p, d),
            (x, y, dy, dx) => { for (int i = 0; i < dx.Length; i++) dx[i] += dy[i] * p * T.Pow(x[i], p - T.One); });
}
