// relu: y = max(x, 0); dx = dy where x > 0 (0 at x = 0, as PyTorch).
using System.Numerics;
using System.Numerics.Tensors;

namespace NluSharp.Engine;

public static partial class Ops
{
    public static Tensor<T> Relu<T>(this Tensor<T> x) where T : unmanaged, IFloatingPointIeee754<T>
    {
        x = x.Contiguous();
        var y = Elementwise.Map(x, static (s, d) => TensorPrimitives.Max(s, T.Zero, d));
        if (Autograd.ShouldRecord(x))
            Autograd.Record(y, () =>
            {
                var g = Elementwise.GradSpan(x);
                ReadOnlySpan<T> dy = Elementwise.OutputGrad(y), xs = x.AsSpan();
                for (int i = 0; i < g.Length; i++) if (xs[i] > T.Zero) g[i] += dy[i];
            });
        return y;
    }
}
