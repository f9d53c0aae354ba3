// sigmoid: y = 1 / (1 + e⁻ˣ); dx = dy · y · (1 − y).
using System.Numerics;
using System.Numerics.Tensors;

namespace NluSharp.Engine;

public static partial class Ops
{
    public static Tensor<T> Sigmoid<T>(this Tensor<T> x) where T : unmanaged, IFloatingPointIeee754<T> =>
        Elementwise.Unary(x, static (s, d) => TensorPrimitives.Sigmoid(s, d),
            static (x, y, dy, dx) => { for (int i = 0; i < dx.Length; i++) dx[i] += dy[i] * y[i] * (T.One - y[i]); });
}
