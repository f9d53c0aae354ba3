// Scalar ops: y = x + c and y = x · c (subtraction and division by a constant are these with −c and 1/c).
using System.Numerics;
using System.Numerics.Tensors;

namespace NluSharp.Engine;

public static partial class Ops
{
    public static Tensor<T> AddScalar<T>(this Tensor<T> x, T c) where T : unmanaged, IFloatingPointIeee754<T>
    {
        x = x.Contiguous();
        var y = Elementwise.Map(x, (s, d) => TensorPrimitives.Add(s, c, d));
        if (Autograd.ShouldRecord(x))
            Autograd.Record(y, () =>
            {
                var g = Elementwise.GradSpan(x);
                TensorPrimitives.Add(g, Elementwise.OutputGrad(y), g);
            });
        return y;
    }

    public static Tensor<T> MulScalar<T>(this Tensor<T> x, T c) where T : unmanaged, IFloatingPointIeee754<T>
    {
        x = x.Contiguous();
        var y = Elementwise.Map(x, (s, d) => TensorPrimitives.Multiply(s, c, d));
        if (Autograd.ShouldRecord(x))
            Autograd.Record(y, () =>
            {
                var g = Elementwise.GradSpan(x);
                TensorPrimitives.MultiplyAdd(Elementwise.OutputGrad(y), c, g, g);
            });
        return y;
    }
}
