// A lookup table [V, C] (torch.nn.Embedding; key "weight"). With a padding index, that row receives no gradient.
using NluSharp.Engine;

namespace NluSharp.Nn;

/// <summary>Rows of a table picked by integer ids.</summary>
public sealed class Embedding : Module
{
    /// <summary>Table [V, C].</summary>
    public Tensor<float> Weight { get; }
    /// <summary>The id whose row gets no gradient (and is initialized to 0), or -1.</summary>
    public int PaddingIndex { get; }

    /// <summary>A table initialized N(0, std) with a zero padding row, as Hugging Face `_init_weights`.</summary>
    public Embedding(int count, int dim, Initializer init, int paddingIndex = -1)
    {
        if (paddingIndex >= count) throw new ArgumentOutOfRangeException(nameof(paddingIndex), paddingIndex, $"padding index must be below the {count} rows");
        PaddingIndex = paddingIndex;
        Weight = AddParameter("weight", init.Normal(count, dim));
        if (paddingIndex >= 0) Weight.AsSpan().Slice(paddingIndex * dim, dim).Clear();
    }

    /// <summary>ids [...] → [..., C].</summary>
    public Tensor<float> Forward(Tensor<int> ids) => ids.Embedding(Weight, PaddingIndex);
}
