// add: y = a + b with broadcasting; each input's gradient is dy summed over the positions it was broadcast to.
using System.Numerics;

namespace NluSharp.Engine;

public static partial class Ops
{
    public static Tensor<T> Add<T>(this Tensor<T> a, Tensor<T> b) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var y = Elementwise.Binary<T, AddOperator<T>>(a, b);
        if (Autograd.ShouldRecord(a, b))
            Autograd.Record(y, () =>
            {
                if (a.RequiresGrad) Elementwise.AccumulateReduced(y.Grad!, a);
                if (b.RequiresGrad) Elementwise.AccumulateReduced(y.Grad!, b);
            });
        return y;
    }
}
