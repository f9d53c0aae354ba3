// Layer normalization over the last axis with biased variance, (x − mean)/sqrt(var + eps)·w + b (torch.nn.LayerNorm;
// keys "weight", "bias").
using NluSharp.Engine;

namespace NluSharp.Nn;

/// <summary>Layer normalization with learned scale and shift.</summary>
public sealed class LayerNorm : Module
{
    /// <summary>Scale [C], initialized to 1.</summary>
    public Tensor<float> Weight { get; }
    /// <summary>Shift [C], initialized to 0.</summary>
    public Tensor<float> Bias { get; }
    /// <summary>Added to the variance.</summary>
    public double Eps { get; }

    /// <summary>A layer norm over <paramref name="dim"/> features.</summary>
    public LayerNorm(int dim, double eps)
    {
        Eps = eps;
        Weight = AddParameter("weight", Initializer.Ones(dim));
        Bias = AddParameter("bias", Initializer.Zeros(dim));
    }

    /// <summary>x [..., C] → normalized [..., C].</summary>
    public Tensor<float> Forward(Tensor<float> x) => x.LayerNorm(Weight, Bias, Eps);
}
