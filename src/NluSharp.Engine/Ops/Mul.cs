// mul: y = a ⊙ b with broadcasting; da = dy ⊙ b, db = dy ⊙ a (each summed to its input's shape).
using System.Numerics;

namespace NluSharp.Engine;

public static partial class Ops
{
    public static Tensor<T> Mul<T>(this Tensor<T> a, Tensor<T> b) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var y = Elementwise.Binary<T, MultiplyOperator<T>>(a, b);
        if (Autograd.ShouldRecord(a, b))
            Autograd.Record(y, () =>
            {
                if (a.RequiresGrad) Elementwise.AccumulateReduced(Elementwise.Binary<T, MultiplyOperator<T>>(y.Grad!, b), a);
                if (b.RequiresGrad) Elementwise.AccumulateReduced(Elementwise.Binary<T, MultiplyOperator<T>>(y.Grad!, a), b);
            });
        return y;
    }
}
