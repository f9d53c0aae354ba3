// gelu: x·Φ(x), exact (erf, Hugging Face "gelu") or the tanh approximation ("gelu_new", "gelu_pytorch_tanh").
using System.Numerics;
using System.Numerics.Tensors;

namespace NluSharp.Engine;

public static partial class Ops
{
    public static Tensor<T> Gelu<T>(this Tensor<T> x, bool tanhApproximation = false) where T : unmanaged, IFloatingPointIeee754<T> =>
        Elementwise.Unary(x, (s, d) => Kernels.Gelu.Forward(s, d, tanhApproximation),
            (x, y, dy, dx) => Kernels.Gelu.Backward(x, dy, dx, tanhApproximation));
}
