// ELECTRA's config.json: BERT's fields plus embedding_size and the sequence-summary fields, with transformers
// `ElectraConfig` defaults.
using System.Text.Json.Nodes;

namespace NluSharp.Checkpoints.Configs;

/// <summary>config.json of model_type "electra".</summary>
public sealed class ElectraConfig : BertConfig
{
    /// <summary>Wraps loaded fields.</summary>
    public ElectraConfig(JsonObject fields, string sourcePath = "config.json") : base(fields, sourcePath) { }

    /// <summary>Width of the embeddings (projected to hidden_size by embeddings_project when different).</summary>
    public int EmbeddingSize { get => GetInt("embedding_size", 128); set => Set("embedding_size", value); }
    /// <summary>Multiple-choice summary: "first" token (others not implemented).</summary>
    public string SummaryType { get => GetString("summary_type", "first") ?? "first"; set => Set("summary_type", value); }
    /// <summary>Whether the summary has a projection Linear(H, H).</summary>
    public bool SummaryUseProj { get => GetBool("summary_use_proj", true); set => Set("summary_use_proj", value); }
    /// <summary>Activation after the summary projection.</summary>
    public string? SummaryActivation { get => GetString("summary_activation", "gelu"); set => Set("summary_activation", value); }
    /// <summary>Dropout after the summary.</summary>
    public double SummaryLastDropout { get => GetDouble("summary_last_dropout", 0.1); set => Set("summary_last_dropout", value); }

    /// <inheritdoc />
    protected override int DefaultHiddenSize => 256;
    /// <inheritdoc />
    protected override int DefaultNumAttentionHeads => 4;
    /// <inheritdoc />
    protected override int DefaultIntermediateSize => 1024;

    /// <inheritdoc />
    public override IReadOnlyList<KeyValuePair<string, object?>> Summary() => [.. base.Summary(), new("embedding_size", EmbeddingSize)];

    /// <inheritdoc />
    protected override void Validate()
    {
        base.Validate();
        _ = (EmbeddingSize, SummaryType, SummaryUseProj, SummaryActivation, SummaryLastDropout);
    }
}
