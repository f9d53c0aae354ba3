// rsqrt: y = 1/√x; dx = −½ · dy · y³.
using System.Numerics;
using System.Numerics.Tensors;

namespace NluSharp.Engine;

public static partial class Ops
{
    public static Tensor<T> Rsqrt<T>(this Tensor<T> x) where T : unmanaged, IFloatingPointIeee754<T> =>
        Elementwise.Unary(x, static (s, d) => TensorPrimitives.ReciprocalSqrt(s, d),
            static (x, y, dy, dx) => { T half = T.One / (T.One + T.One); for (int i = 0; i < dx.Length; i++) dx[i] -= half * dy[i] * y[i] * y[i] * y[i]; });
}
