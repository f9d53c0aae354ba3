// log: y = ln x; dx = dy / x.
using System.Numerics;
using System.Numerics.Tensors;

namespace NluSharp.Engine;

public static partial class Ops
{
    public static Tensor<T> Log<T>(this Tensor<T> x) where T : unmanaged, IFloatingPointIeee754<T> =>
        Elementwise.Unary(x, static (s, d) => TensorPrimitives.Log(s, d),
            static (x, y, dy, dx) => { for (int i = 0; i < dx.Length; i++) dx[i] += dy[i] / x[i]; });
}
