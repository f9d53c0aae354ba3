// RMS norm over the last axis (T5 / LLaMA style: no centering, no bias); saves rstd.
using System.Numerics;

namespace NluSharp.Engine;

public static partial class Ops
{
    public static Tensor<T> RmsNorm<T>(this Tensor<T> x, Tensor<T> weight, double eps) where T : unmanaged, IFloatingPointIeee754<T>
    {
        int cols = x.Size(-1);
        if (weight.Rank != 1 || weight.Size(0) != cols)
            throw new ArgumentException($"RMS norm over {cols} features needs a weight of shape [{cols}], got {Shapes.Format(weight.Shape)}");
        x = x.Contiguous(); weight = weight.Contiguous();
        int rows = (int)(x.Length / Math.Max(cols, 1));
        var y = Tensor<T>.Uninitialized(x.Shape);
        var rstd = Tensor<T>.Uninitialized([rows]);
        Kernels.LayerNorm.RmsForward<T>(x.AsSpan(), weight.AsSpan(), y.AsSpan(), rstd.AsSpan(), rows, cols, T.CreateChecked(eps));
        var w = weight;
        if (Autograd.ShouldRecord(x, w))
            Autograd.Record(y, () =>
            {
                var dx = x.RequiresGrad ? Elementwise.GradSpan(x) : Tensor<T>.Zeros(x.Shape.ToArray()).AsSpan();
                Kernels.LayerNorm.RmsBackward<T>(Elementwise.OutputGrad(y), x.AsSpan(), w.AsSpan(), rstd.AsSpan(), dx,
                    w.RequiresGrad ? Elementwise.GradSpan(w) : default, rows, cols);
            });
        return y;
    }
}
