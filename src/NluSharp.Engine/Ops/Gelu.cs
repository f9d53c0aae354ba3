// gelu: x·Φ(x), exact (erf, Hugging Face "gelu") or the tanh approximation ("gelu_new", "gelu_pytorch_tanh").
using System.Numerics;

namespace NluSharp.Engine;

public static partial class Ops
{
    public static Tensor<T> Gelu<T>(this Tensor<T> x, bool tanhApproximation = false) where T : unmanaged, IFloatingPointIeee754<T>
    {
        x = x.Contiguous();
        var y = Elementwise.Map(x, (s, d) => Kernels.Gelu.Forward(s, d, tanhApproximation));
        if (Autograd.ShouldRecord(x))
            Autograd.Record(y, () => Kernels.Gelu.Backward<T>(x.AsSpan(), Elementwise.OutputGrad(y), Elementwise.GradSpan(x), tanhApproximation));
        return y;
    }
}
