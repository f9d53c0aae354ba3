// DistilBERT's config.json: its own field names (dim, n_layers, n_heads, hidden_dim, activation) with transformers
// `DistilBertConfig` defaults.
using System.Text.Json.Nodes;

namespace NluSharp.Checkpoints.Configs;

/// <summary>config.json of model_type "distilbert".</summary>
public sealed class DistilBertConfig : ModelConfig
{
    /// <summary>Wraps loaded fields.</summary>
    public DistilBertConfig(JsonObject fields, string sourcePath = "config.json") : base(fields, sourcePath) { }

    /// <summary>Vocabulary rows.</summary>
    public int VocabSize { get => GetInt("vocab_size", 30522); set => Set("vocab_size", value); }
    /// <summary>Rows of the position embedding.</summary>
    public int MaxPositionEmbeddings { get => GetInt("max_position_embeddings", 512); set => Set("max_position_embeddings", value); }
    /// <summary>Fixed sinusoidal position embeddings instead of learned ones.</summary>
    public bool SinusoidalPosEmbds { get => GetBool("sinusoidal_pos_embds", false); set => Set("sinusoidal_pos_embds", value); }
    /// <summary>Encoder layers.</summary>
    public int NLayers { get => GetInt("n_layers", 6); set => Set("n_layers", value); }
    /// <summary>Attention heads.</summary>
    public int NHeads { get => GetInt("n_heads", 12); set => Set("n_heads", value); }
    /// <summary>Model width.</summary>
    public int Dim { get => GetInt("dim", 768); set => Set("dim", value); }
    /// <summary>Feed-forward width.</summary>
    public int HiddenDim { get => GetInt("hidden_dim", 3072); set => Set("hidden_dim", value); }
    /// <summary>Dropout after embeddings and sub-layers.</summary>
    public double Dropout { get => GetDouble("dropout", 0.1); set => Set("dropout", value); }
    /// <summary>Dropout on attention probabilities.</summary>
    public double AttentionDropout { get => GetDouble("attention_dropout", 0.1); set => Set("attention_dropout", value); }
    /// <summary>Feed-forward activation.</summary>
    public string Activation { get => GetString("activation", "gelu") ?? "gelu"; set => Set("activation", value); }
    /// <summary>Std of the normal initializer.</summary>
    public double InitializerRange { get => GetDouble("initializer_range", 0.02); set => Set("initializer_range", value); }
    /// <summary>Dropout of the question-answering head.</summary>
    public double QaDropout { get => GetDouble("qa_dropout", 0.1); set => Set("qa_dropout", value); }
    /// <summary>Dropout of the sequence-classification head.</summary>
    public double SeqClassifDropout { get => GetDouble("seq_classif_dropout", 0.2); set => Set("seq_classif_dropout", value); }
    /// <summary>Padding token id.</summary>
    public int PadTokenId { get => GetInt("pad_token_id", 0); set => Set("pad_token_id", value); }

    /// <inheritdoc />
    public override IReadOnlyList<KeyValuePair<string, object?>> Summary() =>
    [
        new("dim", Dim), new("n_layers", NLayers), new("n_heads", NHeads), new("hidden_dim", HiddenDim),
        new("vocab_size", VocabSize), new("max_position_embeddings", MaxPositionEmbeddings), new("activation", Activation),
    ];

    /// <inheritdoc />
    protected override void Validate()
    {
        base.Validate();
        _ = (VocabSize, MaxPositionEmbeddings, SinusoidalPosEmbds, NLayers, NHeads, Dim, HiddenDim, Dropout, AttentionDropout);
        _ = (Activation, InitializerRange, QaDropout, SeqClassifDropout, PadTokenId);
        if (NHeads <= 0 || Dim % NHeads != 0)
            throw new CheckpointFormatException(SourcePath, $"config dim {Dim} is not a multiple of n_heads {NHeads}");
    }
}
