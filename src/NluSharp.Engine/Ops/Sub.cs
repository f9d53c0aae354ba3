// sub: y = a − b with broadcasting; da = dy, db = −dy (each summed to its input's shape).
using System.Numerics;

namespace NluSharp.Engine;

public static partial class Ops
{
    public static Tensor<T> Sub<T>(this Tensor<T> a, Tensor<T> b) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var y = Elementwise.Binary<T, SubtractOperator<T>>(a, b);
        if (Autograd.ShouldRecord(a, b))
            Autograd.Record(y, () =>
            {
                if (a.RequiresGrad) Elementwise.AccumulateReduced(y.Grad!, a);
                if (b.RequiresGrad) Elementwise.AccumulateReduced(Elementwise.Map(y.Grad!, static (g, o) => System.Numerics.Tensors.TensorPrimitives.Negate(g, o)), b);
            });
        return y;
    }
}
