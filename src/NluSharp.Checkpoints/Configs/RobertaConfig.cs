// RoBERTa's config.json: BERT's fields with transformers `RobertaConfig` defaults (pad 1, bos 0, eos 2, vocab 50265).
using System.Text.Json.Nodes;

namespace NluSharp.Checkpoints.Configs;

/// <summary>config.json of model_type "roberta".</summary>
public sealed class RobertaConfig : BertConfig
{
    /// <summary>Wraps loaded fields.</summary>
    public RobertaConfig(JsonObject fields, string sourcePath = "config.json") : base(fields, sourcePath) { }

    /// <summary>Beginning-of-sequence token id.</summary>
    public int BosTokenId { get => GetInt("bos_token_id", 0); set => Set("bos_token_id", value); }
    /// <summary>End-of-sequence token id.</summary>
    public int EosTokenId { get => GetInt("eos_token_id", 2); set => Set("eos_token_id", value); }

    /// <inheritdoc />
    protected override int DefaultVocabSize => 50265;
    /// <inheritdoc />
    protected override int DefaultPadTokenId => 1;

    /// <inheritdoc />
    protected override void Validate()
    {
        base.Validate();
        _ = (BosTokenId, EosTokenId);
    }
}
