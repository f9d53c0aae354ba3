// Named encoder sizes shared by `nlu train --config`, `nlu demo` and `nlu bench model`: the four configurations of
// ../shared/peers/torch_bert_bench.py (CONFIGS), so a training run and the throughput benchmark mean the same model.
using NluSharp.Checkpoints.Configs;

namespace NluSharp.Training.FineTuning;

/// <summary>A BERT encoder size: layers, hidden width, attention heads, feed-forward width.</summary>
public readonly record struct EncoderSize(int Layers, int Hidden, int Heads, int Intermediate);

/// <summary>The built-in encoder sizes.</summary>
public static class EncoderPresets
{
    /// <summary>tiny L2/H128, mini L4/H256 (as google/bert_uncased_L-4_H-256_A-4), small L4/H512, base L12/H768.</summary>
    public static readonly IReadOnlyDictionary<string, EncoderSize> Sizes = new Dictionary<string, EncoderSize>(StringComparer.Ordinal)
    {
        ["tiny"] = new(2, 128, 2, 512),
        ["mini"] = new(4, 256, 4, 1024),
        ["small"] = new(4, 512, 8, 2048),
        ["base"] = new(12, 768, 12, 3072),
    };

    /// <summary>The size called <paramref name="name"/>, or an error listing the known names.</summary>
    public static EncoderSize Size(string name) =>
        Sizes.TryGetValue(name, out var size) ? size
            : throw new ArgumentException($"unknown encoder size \"{name}\"; expected one of {string.Join(", ", Sizes.Keys)} or a config.json path");

    /// <summary>
    /// A BERT config of that size for a vocabulary of <paramref name="vocabSize"/> with padding id <paramref name="padTokenId"/>;
    /// everything else is BertConfig's default (gelu, dropout 0.1, 512 positions, 2 token types).
    /// </summary>
    public static BertConfig BertConfigFor(EncoderSize size, int vocabSize, int padTokenId = 0, int maxPositions = 512) => new()
    {
        VocabSize = vocabSize, HiddenSize = size.Hidden, NumHiddenLayers = size.Layers, NumAttentionHeads = size.Heads,
        IntermediateSize = size.Intermediate, MaxPositionEmbeddings = maxPositions, TypeVocabSize = 2, PadTokenId = padTokenId,
    };
}
