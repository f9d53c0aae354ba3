// relu: y = max(x, 0); dx = dy where x > 0 (0 at x = 0, as PyTorch).
using System.Numerics;
using System.Numerics.Tensors;

namespace NluSharp.Engine;

public static partial class Ops
{
    public static Tensor<T> Relu<T>(this Tensor<T> x) where T : unmanaged, IFloatingPointIeee754<T> =>
        Elementwise.Unary(x, static (s, d) => TensorPrimitives.Max(s, T.Zero, d),
            static (x, y, dy, dx) => { for (int i = 0; i < dx.Length; i++) if (x[i] > T.Zero) dx[i] += dy[i]; });
}
