// One post-LN Transformer encoder layer under BERT's names (modeling_bert.py BertLayer): attention.self.*,
// attention.output.{dense,LayerNorm}, intermediate.dense, output.{dense,LayerNorm}. Reused by RoBERTa and ELECTRA.
using NluSharp.Engine;

namespace NluSharp.Nn;

/// <summary>BERT's self-attention block: attention then projection, residual and LayerNorm.</summary>
public sealed class SelfAttentionBlock : Module
{
    /// <summary>attention.self.</summary>
    public MultiHeadSelfAttention Self { get; }
    /// <summary>attention.output.</summary>
    public ResidualOutput Output { get; }

    /// <summary>A block of width <paramref name="hidden"/>.</summary>
    public SelfAttentionBlock(int hidden, int heads, double attentionDropout, double hiddenDropout, double eps, Initializer init)
    {
        Self = AddModule("self", new MultiHeadSelfAttention(hidden, heads, attentionDropout, init, AttentionNames.Bert));
        Output = AddModule("output", new ResidualOutput(hidden, hidden, hiddenDropout, eps, init));
    }

    /// <summary>x [B, T, C] → (y [B, T, C], probabilities [B, H, T, T]).</summary>
    public (Tensor<float> Output, Tensor<float> Probabilities) Forward(Tensor<float> x, AttentionMask? mask)
    {
        var (context, probs) = Self.Forward(x, mask);
        return (Output.Forward(context, x), probs);
    }
}

/// <summary>BERT's intermediate: dense C → I then the configured activation.</summary>
public sealed class Intermediate : Module
{
    /// <summary>C → I.</summary>
    public Linear Dense { get; }
    readonly Func<Tensor<float>, Tensor<float>> activation;

    /// <summary>An intermediate block.</summary>
    public Intermediate(int hidden, int intermediate, string activation, Initializer init)
    {
        Dense = AddModule("dense", new Linear(hidden, intermediate, init));
        this.activation = Activations.Get(activation);
    }

    /// <summary>x [B, T, C] → [B, T, I].</summary>
    public Tensor<float> Forward(Tensor<float> x) => activation(Dense.Forward(x));
}

/// <summary>Width, depth and regularization of a BERT-style encoder layer.</summary>
public sealed record EncoderLayerOptions(int Hidden, int Heads, int IntermediateSize, string Activation,
    double HiddenDropout, double AttentionDropout, double LayerNormEps);

/// <summary>A post-LN encoder layer: y = LN(h + FFN(h)) with h = LN(x + Attention(x)).</summary>
public sealed class PostLnEncoderLayer : Module
{
    /// <summary>attention.</summary>
    public SelfAttentionBlock Attention { get; }
    /// <summary>intermediate.</summary>
    public Intermediate Intermediate { get; }
    /// <summary>output.</summary>
    public ResidualOutput Output { get; }

    /// <summary>A layer with the given options, initialized with <paramref name="init"/>.</summary>
    public PostLnEncoderLayer(EncoderLayerOptions o, Initializer init)
    {
        Attention = AddModule("attention", new SelfAttentionBlock(o.Hidden, o.Heads, o.AttentionDropout, o.HiddenDropout, o.LayerNormEps, init));
        Intermediate = AddModule("intermediate", new Intermediate(o.Hidden, o.IntermediateSize, o.Activation, init));
        Output = AddModule("output", new ResidualOutput(o.IntermediateSize, o.Hidden, o.HiddenDropout, o.LayerNormEps, init));
    }

    /// <summary>x [B, T, C] → (y [B, T, C], attention probabilities [B, H, T, T]).</summary>
    public (Tensor<float> Output, Tensor<float> Probabilities) Forward(Tensor<float> x, AttentionMask? mask)
    {
        var (h, probs) = Attention.Forward(x, mask);
        return (Output.Forward(Intermediate.Forward(h), h), probs);
    }
}
