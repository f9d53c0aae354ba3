// log: y = ln x; dx = dy / x.
using System.Numerics;
using System.Numerics.Tensors;

namespace NluSharp.Engine;

public static partial class Ops
{
    public static Tensor<T> Log<T>(this Tensor<T> x) where T : unmanaged, IFloatingPointIeee754<T>
    {
        x = x.Contiguous();
        var y = Elementwise.Map(x, static (s, d) => TensorPrimitives.Log(s, d));
        if (Autograd.ShouldRecord(x))
            Autograd.Record(y, () =>
            {
                var g = Elementwise.GradSpan(x);
                ReadOnlySpan<T> dy = Elementwise.OutputGrad(y), xs = x.AsSpan();
                for (int i = 0; i < g.Length; i++) g[i] += dy[i] / xs[i];
            });
        return y;
    }
}
