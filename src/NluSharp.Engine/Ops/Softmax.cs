// softmax over the last axis (numerically stable: the row max is subtracted first); saves y for the backward.
using System.Numerics;

namespace NluSharp.Engine;

public static partial class Ops
{
    public static Tensor<T> Softmax<T>(this Tensor<T> x) where T : unmanaged, IFloatingPointIeee754<T>
    {
        x = x.Contiguous();
        int cols = x.Size(-1), rows = (int)(x.Length / Math.Max(cols, 1));
        var y = Tensor<T>.Uninitialized(x.Shape);
        Kernels.Softmax.Forward<T>(x.AsSpan(), y.AsSpan(), rows, cols);
        if (Autograd.ShouldRecord(x))
            Autograd.Record(y, () => Kernels.Softmax.Backward<T>(y.AsSpan(), Elementwise.OutputGrad(y), Elementwise.GradSpan(x), rows, cols));
        return y;
    }
}
