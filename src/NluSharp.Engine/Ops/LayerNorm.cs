// layer norm over the last axis (torch.nn.functional.layer_norm with weight and optional bias); saves mean, rstd.
using System.Numerics;

namespace NluSharp.Engine;

public static partial class Ops
{
    public static Tensor<T> LayerNorm<T>(this Tensor<T> x, Tensor<T> weight, Tensor<T>? bias, double eps) where T : unmanaged, IFloatingPointIeee754<T>
    {
        int cols = x.Size(-1);
        if (weight.Rank != 1 || weight.Size(0) != cols || (bias != null && (bias.Rank != 1 || bias.Size(0) != cols)))
            throw new ArgumentException($"layer norm over {cols} features needs weight/bias of shape [{cols}], got {Shapes.Format(weight.Shape)}{(bias == null ? "" : " / " + Shapes.Format(bias.Shape))}");
        x = x.Contiguous(); weight = weight.Contiguous(); bias = bias?.Contiguous();
        int rows = (int)(x.Length / Math.Max(cols, 1));
        var y = Tensor<T>.Uninitialized(x.Shape);
        var mean = Tensor<T>.Uninitialized([rows]);
        var rstd = Tensor<T>.Uninitialized([rows]);
        Kernels.LayerNorm.Forward<T>(x.AsSpan(), weight.AsSpan(), bias == null ? default : bias.AsSpan(), y.AsSpan(),
            mean.AsSpan(), rstd.AsSpan(), rows, cols, T.CreateChecked(eps));

        var w = weight; var b = bias;
        if (Autograd.ShouldRecord(x, w) || (b != null && Autograd.ShouldRecord(b)))
            Autograd.Record(y, () =>
            {
                // The kernel always writes dx; when x needs no gradient it goes to a scratch buffer.
                var dx = x.RequiresGrad ? Elementwise.GradSpan(x) : Tensor<T>.Zeros(x.Shape.ToArray()).AsSpan();
                Kernels.LayerNorm.Backward<T>(Elementwise.OutputGrad(y), x.AsSpan(), w.AsSpan(), mean.AsSpan(), rstd.AsSpan(), dx,
                    w.RequiresGrad ? Elementwise.GradSpan(w) : default,
                    b != null && b.RequiresGrad ? Elementwise.GradSpan(b) : default, rows, cols);
            });
        return y;
    }
}
