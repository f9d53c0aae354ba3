// mean squared error, as torch.nn.functional.mse_loss(reduction="mean"); shapes must match exactly.
using System.Numerics;

namespace NluSharp.Engine;

public static partial class Ops
{
    public static Tensor<T> MseLoss<T>(this Tensor<T> prediction, Tensor<T> target) where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (!Shapes.SameShape(prediction.Shape, target.Shape))
            throw new ArgumentException($"mse loss: prediction {Shapes.Format(prediction.Shape)} and target {Shapes.Format(target.Shape)} differ in shape");
        var p = prediction.Contiguous(); var t = target.Contiguous();
        ReadOnlySpan<T> ps = p.AsSpan(), ts = t.AsSpan();
        T sum = T.Zero;
        for (int i = 0; i < ps.Length; i++) { T d = ps[i] - ts[i]; sum += d * d; }
        T n = T.CreateChecked(ps.Length);
        var y = Tensor<T>.Scalar(sum / n);
        if (Autograd.ShouldRecord(p, t))
            Autograd.Record(y, () =>
            {
                T scale = (T.One + T.One) * y.Grad!.AsSpan()[0] / n;
                ReadOnlySpan<T> pv = p.AsSpan(), tv = t.AsSpan();
                if (p.RequiresGrad) { var g = Elementwise.GradSpan(p); for (int i = 0; i < g.Length; i++) g[i] += (pv[i] - tv[i]) * scale; }
                if (t.RequiresGrad) { var g = Elementwise.GradSpan(t); for (int i = 0; i < g.Length; i++) g[i] -= (pv[i] - tv[i]) * scale; }
            });
        return y;
    }
}
