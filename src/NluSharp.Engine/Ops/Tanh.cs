// tanh: y = tanh x; dx = dy · (1 − y²).
using System.Numerics;
using System.Numerics.Tensors;

namespace NluSharp.Engine;

public static partial class Ops
{
    public static Tensor<T> Tanh<T>(this Tensor<T> x) where T : unmanaged, IFloatingPointIeee754<T> =>
        Elementwise.Unary(x, static (s, d) => TensorPrimitives.Tanh(s, d),
            static (x, y, dy, dx) => { for (int i = 0; i < dx.Length; i++) dx[i] += dy[i] * (T.One - y[i] * y[i]); });
}
