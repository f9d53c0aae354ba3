// sqrt: y = √x; dx = dy / (2y).
using System.Numerics;
using System.Numerics.Tensors;

namespace NluSharp.Engine;

public static partial class Ops
{
    public static Tensor<T> Sqrt<T>(this Tensor<T> x) where T : unmanaged, IFloatingPointIeee754<T> =>
        Elementwise.Unary(x, static (s, d) => TensorPrimitives.Sqrt(s, d),
            static (x, y, dy, dx) => { T two = T.One + T.One; for (int i = 0; i < dx.Length; i++) dx[i] += dy[i] / (two * y[i]); });
}
