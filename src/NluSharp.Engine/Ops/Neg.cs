// neg: y = −x; dx = −dy.
using System.Numerics;
using System.Numerics.Tensors;

namespace NluSharp.Engine;

public static partial class Ops
{
    public static Tensor<T> Neg<T>(this Tensor<T> x) where T : unmanaged, IFloatingPointIeee754<T> =>
        Elementwise.Unary(x, static (s, d) => TensorPrimitives.Negate(s, d),
            static (x, y, dy, dx) => TensorPrimitives.Subtract(dx, dy, dx));
}
