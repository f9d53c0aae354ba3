// BERT's config.json fields, with transformers `BertConfig` defaults (configuration_bert.py).
using System.Text.Json.Nodes;

namespace NluSharp.Checkpoints.Configs;

/// <summary>config.json of model_type "bert" (and the base of <see cref="RobertaConfig"/>).</summary>
public class BertConfig : ModelConfig
{
    /// <summary>Wraps loaded fields.</summary>
    public BertConfig(JsonObject fields, string sourcePath = "config.json") : base(fields, sourcePath) { }

    /// <summary>A config with only model_type set; every other property reports its default.</summary>
    public BertConfig() : this(new JsonObject { ["model_type"] = "bert" }) { }

    /// <summary>Vocabulary rows of the word embedding.</summary>
    public int VocabSize { get => GetInt("vocab_size", DefaultVocabSize); set => Set("vocab_size", value); }
    /// <summary>Model width.</summary>
    public int HiddenSize { get => GetInt("hidden_size", DefaultHiddenSize); set => Set("hidden_size", value); }
    /// <summary>Encoder layers.</summary>
    public int NumHiddenLayers { get => GetInt("num_hidden_layers", 12); set => Set("num_hidden_layers", value); }
    /// <summary>Attention heads per layer.</summary>
    public int NumAttentionHeads { get => GetInt("num_attention_heads", DefaultNumAttentionHeads); set => Set("num_attention_heads", value); }
    /// <summary>Feed-forward width.</summary>
    public int IntermediateSize { get => GetInt("intermediate_size", DefaultIntermediateSize); set => Set("intermediate_size", value); }
    /// <summary>Feed-forward activation: gelu, gelu_new, relu, ...</summary>
    public string HiddenAct { get => GetString("hidden_act", DefaultHiddenAct) ?? DefaultHiddenAct; set => Set("hidden_act", value); }
    /// <summary>Dropout after embeddings and sub-layers.</summary>
    public double HiddenDropoutProb { get => GetDouble("hidden_dropout_prob", DefaultDropout); set => Set("hidden_dropout_prob", value); }
    /// <summary>Dropout on attention probabilities.</summary>
    public double AttentionProbsDropoutProb { get => GetDouble("attention_probs_dropout_prob", DefaultDropout); set => Set("attention_probs_dropout_prob", value); }
    /// <summary>Rows of the position embedding.</summary>
    public int MaxPositionEmbeddings { get => GetInt("max_position_embeddings", 512); set => Set("max_position_embeddings", value); }
    /// <summary>Rows of the token-type embedding.</summary>
    public int TypeVocabSize { get => GetInt("type_vocab_size", 2); set => Set("type_vocab_size", value); }
    /// <summary>Std of the normal initializer.</summary>
    public double InitializerRange { get => GetDouble("initializer_range", 0.02); set => Set("initializer_range", value); }
    /// <summary>LayerNorm epsilon.</summary>
    public double LayerNormEps { get => GetDouble("layer_norm_eps", 1e-12); set => Set("layer_norm_eps", value); }
    /// <summary>Padding token id (its embedding row gets no gradient).</summary>
    public int PadTokenId { get => GetInt("pad_token_id", DefaultPadTokenId); set => Set("pad_token_id", value); }
    /// <summary>"absolute" (others, e.g. relative_key, are not implemented).</summary>
    public string PositionEmbeddingType { get => GetString("position_embedding_type", "absolute") ?? "absolute"; set => Set("position_embedding_type", value); }
    /// <summary>Classifier-head dropout; null means "use hidden_dropout_prob".</summary>
    public double? ClassifierDropout { get => GetNullableDouble("classifier_dropout", null); set => Set("classifier_dropout", value); }

    /// <summary>Default vocabulary size of this architecture.</summary>
    protected virtual int DefaultVocabSize => 30522;
    /// <summary>Default padding id of this architecture.</summary>
    protected virtual int DefaultPadTokenId => 0;
    /// <summary>Default model width of this architecture.</summary>
    protected virtual int DefaultHiddenSize => 768;
    /// <summary>Default head count of this architecture.</summary>
    protected virtual int DefaultNumAttentionHeads => 12;
    /// <summary>Default feed-forward width of this architecture.</summary>
    protected virtual int DefaultIntermediateSize => 3072;
    /// <summary>Default activation of this architecture.</summary>
    protected virtual string DefaultHiddenAct => "gelu";
    /// <summary>Default hidden and attention dropout of this architecture.</summary>
    protected virtual double DefaultDropout => 0.1;

    /// <inheritdoc />
    public override IReadOnlyList<KeyValuePair<string, object?>> Summary() =>
    [
        new("hidden_size", HiddenSize), new("num_hidden_layers", NumHiddenLayers), new("num_attention_heads", NumAttentionHeads),
        new("intermediate_size", IntermediateSize), new("vocab_size", VocabSize), new("max_position_embeddings", MaxPositionEmbeddings),
        new("hidden_act", HiddenAct),
    ];

    /// <inheritdoc />
    protected override void Validate()
    {
        base.Validate();
        _ = (VocabSize, HiddenSize, NumHiddenLayers, NumAttentionHeads, IntermediateSize, HiddenAct, HiddenDropoutProb, AttentionProbsDropoutProb);
        _ = (MaxPositionEmbeddings, TypeVocabSize, InitializerRange, LayerNormEps, PadTokenId, PositionEmbeddingType, ClassifierDropout);
        if (NumAttentionHeads <= 0 || HiddenSize % NumAttentionHeads != 0)
            throw new CheckpointFormatException(SourcePath, $"config hidden_size {HiddenSize} is not a multiple of num_attention_heads {NumAttentionHeads}");
    }
}
