// div: y = a / b with broadcasting; da = dy / b, db = −dy ⊙ y / b (each summed to its input's shape).
using System.Numerics;
using System.Numerics.Tensors;

namespace NluSharp.Engine;

public static partial class Ops
{
    public static Tensor<T> Div<T>(this Tensor<T> a, Tensor<T> b) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var y = Elementwise.Binary<T, DivideOperator<T>>(a, b);
        if (Autograd.ShouldRecord(a, b))
            Autograd.Record(y, () =>
            {
                var dyOverB = Elementwise.Binary<T, DivideOperator<T>>(y.Grad!, b);
                if (a.RequiresGrad) Elementwise.AccumulateReduced(dyOverB, a);
                if (b.RequiresGrad)
                {
                    var db = Elementwise.Binary<T, MultiplyOperator<T>>(dyOverB, y);
                    TensorPrimitives.Negate<T>(db.AsSpan(), db.AsSpan());
                    Elementwise.AccumulateReduced(db, b);
                }
            });
        return y;
    }
}
