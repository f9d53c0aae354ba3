// rsqrt: y = 1/√x; dx = −½ · dy · y³.
using System.Numerics;
using System.Numerics.Tensors;

namespace NluSharp.Engine;

public static partial class Ops
{
    public static Tensor<T> Rsqrt<T>(this Tensor<T> x) where T : unmanaged, IFloatingPointIeee754<T>
    {
        x = x.Contiguous();
        var y = Elementwise.Map(x, static (s, d) => TensorPrimitives.ReciprocalSqrt(s, d));
        if (Autograd.ShouldRecord(x))
            Autograd.Record(y, () =>
            {
                var g = Elementwise.GradSpan(x);
                ReadOnlySpan<T> dy = Elementwise.OutputGrad(y), ys = y.AsSpan();
                T half = T.One / (T.One + T.One);
                for (int i = 0; i < g.Length; i++) g[i] -= half * dy[i] * ys[i] * ys[i] * ys[i];
            });
        return y;
    }
}
