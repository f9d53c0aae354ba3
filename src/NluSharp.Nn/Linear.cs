// y = x·Wᵀ + b with W stored [out, in] (torch.nn.Linear; keys "weight", "bias").
using NluSharp.Engine;

namespace NluSharp.Nn;

/// <summary>A fully connected layer.</summary>
public sealed class Linear : Module
{
    /// <summary>Input features.</summary>
    public int InFeatures { get; }
    /// <summary>Output features.</summary>
    public int OutFeatures { get; }

    /// <summary>Weight [out, in].</summary>
    public Tensor<float> Weight => weight;
    /// <summary>Bias [out], or null.</summary>
    public Tensor<float>? Bias => bias;

    Tensor<float> weight;
    Tensor<float>? bias;

    /// <summary>A layer initialized as Hugging Face does (weight N(0, std), bias 0).</summary>
    public Linear(int inFeatures, int outFeatures, Initializer init, bool useBias = true)
    {
        (InFeatures, OutFeatures) = (inFeatures, outFeatures);
        weight = AddParameter("weight", init.Normal(outFeatures, inFeatures));
        if (useBias) bias = AddParameter("bias", Initializer.Zeros(outFeatures));
    }

    /// <summary>Shares <paramref name="tensor"/> as this layer's weight (tied decoder weights).</summary>
    public void TieWeight(Tensor<float> tensor) { ReplaceParameter("weight", tensor); weight = tensor; }

    /// <summary>Shares <paramref name="tensor"/> as this layer's bias.</summary>
    public void TieBias(Tensor<float> tensor) { ReplaceParameter("bias", tensor); bias = tensor; }

    /// <summary>x [..., in] → [..., out].</summary>
    public Tensor<float> Forward(Tensor<float> x) => x.Linear(weight, bias);
}
