// ALBERT's config.json: BERT's fields plus factorized embeddings and layer sharing, with transformers `AlbertConfig` defaults.
using System.Text.Json.Nodes;

namespace NluSharp.Checkpoints.Configs;

/// <summary>config.json of model_type "albert".</summary>
public sealed class AlbertConfig : BertConfig
{
    /// <summary>Wraps loaded fields.</summary>
    public AlbertConfig(JsonObject fields, string sourcePath = "config.json") : base(fields, sourcePath) { }

    /// <summary>Width of the (factorized) embeddings before embedding_hidden_mapping_in.</summary>
    public int EmbeddingSize { get => GetInt("embedding_size", 128); set => Set("embedding_size", value); }
    /// <summary>Number of distinct layer groups (layers share the parameters of their group).</summary>
    public int NumHiddenGroups { get => GetInt("num_hidden_groups", 1); set => Set("num_hidden_groups", value); }
    /// <summary>Layers inside each group.</summary>
    public int InnerGroupNum { get => GetInt("inner_group_num", 1); set => Set("inner_group_num", value); }
    /// <summary>Dropout of the classification head.</summary>
    public double ClassifierDropoutProb { get => GetDouble("classifier_dropout_prob", 0.1); set => Set("classifier_dropout_prob", value); }

    /// <inheritdoc />
    protected override int DefaultVocabSize => 30000;
    /// <inheritdoc />
    protected override int DefaultHiddenSize => 4096;
    /// <inheritdoc />
    protected override int DefaultNumAttentionHeads => 64;
    /// <inheritdoc />
    protected override int DefaultIntermediateSize => 16384;
    /// <inheritdoc />
    protected override string DefaultHiddenAct => "gelu_new";
    /// <inheritdoc />
    protected override double DefaultDropout => 0.0;

    /// <inheritdoc />
    public override IReadOnlyList<KeyValuePair<string, object?>> Summary() => [.. base.Summary(), new("embedding_size", EmbeddingSize)];

    /// <inheritdoc />
    protected override void Validate()
    {
        base.Validate();
        _ = (EmbeddingSize, NumHiddenGroups, InnerGroupNum, ClassifierDropoutProb);
    }
}
