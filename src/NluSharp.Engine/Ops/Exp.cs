// exp: y = eˣ; dx = dy ⊙ y.
using System.Numerics;
using System.Numerics.Tensors;

namespace NluSharp.Engine;

public static partial class Ops
{
    public static Tensor<T> Exp<T>(this Tensor<T> x) where T : unmanaged, IFloatingPointIeee754<T> =>
        Elementwise.Unary(x, static (s, d) => TensorPrimitives.Exp(s, d),
            static (x, y, dy, dx) => TensorPrimitives.MultiplyAdd(dy, y, dx, dx));
}
