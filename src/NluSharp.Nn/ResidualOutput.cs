// LayerNorm(dropout(dense(x)) + residual): BERT's BertSelfOutput and BertOutput (keys "dense", "LayerNorm" —
// not snake-cased, to match the TensorFlow checkpoint names).
using NluSharp.Engine;

namespace NluSharp.Nn;

/// <summary>Projection, dropout, residual add and post-layer normalization.</summary>
public sealed class ResidualOutput : Module
{
    /// <summary>in → C.</summary>
    public Linear Dense { get; }
    /// <summary>Normalization after the residual add.</summary>
    public LayerNorm Norm { get; }
    readonly Dropout dropout;

    /// <summary>A block projecting <paramref name="inFeatures"/> → <paramref name="hidden"/>.</summary>
    public ResidualOutput(int inFeatures, int hidden, double dropoutProb, double eps, Initializer init)
    {
        Dense = AddModule("dense", new Linear(inFeatures, hidden, init));
        Norm = AddModule("LayerNorm", new LayerNorm(hidden, eps));
        dropout = AddModule("dropout", new Dropout(dropoutProb));
    }

    /// <summary>x [B, T, in], residual [B, T, C] → [B, T, C].</summary>
    public Tensor<float> Forward(Tensor<float> x, Tensor<float> residual) => Norm.Forward(dropout.Forward(Dense.Forward(x)).Add(residual));
}
