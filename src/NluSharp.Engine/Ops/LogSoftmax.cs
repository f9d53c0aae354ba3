// log-softmax over the last axis: x − max − log Σ exp(x − max); saves y for the backward.
using System.Numerics;

namespace NluSharp.Engine;

public static partial class Ops
{
    public static Tensor<T> LogSoftmax<T>(this Tensor<T> x) where T : unmanaged, IFloatingPointIeee754<T>
    {
        x = x.Contiguous();
        int cols = x.Size(-1), rows = (int)(x.Length / Math.Max(cols, 1));
        var y = Tensor<T>.Uninitialized(x.Shape);
        Kernels.Softmax.LogForward<T>(x.AsSpan(), y.AsSpan(), rows, cols);
        if (Autograd.ShouldRecord(x))
            Autograd.Record(y, () => Kernels.Softmax.LogBackward<T>(y.AsSpan(), Elementwise.OutputGrad(y), Elementwise.GradSpan(x), rows, cols));
        return y;
    }
}
