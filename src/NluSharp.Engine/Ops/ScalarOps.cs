// Scalar ops: y = x + c and y = x · c (subtraction and division by a constant are these with −c and 1/c).
using System.Numerics;
using System.Numerics.Tensors;

namespace NluSharp.Engine;

public static partial class Ops
{
    public static Tensor<T> AddScalar<T>(this Tensor<T> x, T c) where T : unmanaged, IFloatingPointIeee754<T> =>
        Elementwise.Unary(x, (s, d) => TensorPrimitives.Add(s, c, d),
            static (x, y, dy, dx) => TensorPrimitives.Add(dx, dy, dx));

    public static Tensor<T> MulScalar<T>(this Tensor<T> x, T c) where T : unmanaged, IFloatingPointIeee754<T> =>
        Elementwise.Unary(x, (s, d) => TensorPrimitives.Multiply(s, c, d),
            (x, y, dy, dx) => TensorPrimitives.MultiplyAdd(dy, c, dx, dx));
}
