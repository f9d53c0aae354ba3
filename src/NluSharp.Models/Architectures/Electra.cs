// ELECTRA (Clark et al. 2020), following transformers' modeling_electra.py: BERT's embeddings at width E, a projection
// E → C (embeddings_project, when E ≠ C), BERT's encoder, no pooler; discriminator, generator-LM and task heads.
// Legend: B batch, T sequence length, E embedding size, C hidden size, V vocabulary.
using NluSharp.Checkpoints.Configs;
using NluSharp.Engine;
using NluSharp.Nn;

namespace NluSharp.Models;

/// <summary>ElectraModel: embeddings, embeddings_project, encoder.</summary>
public sealed class ElectraModel : Module, IEncoder
{
    readonly BertEmbeddings embeddings;
    readonly Linear? project;
    readonly BertEncoder encoder;
    /// <inheritdoc />
    public int HiddenSize { get; }
    /// <inheritdoc />
    public Embedding WordEmbeddings => embeddings.WordEmbeddings;

    /// <summary>The embedding layer (word, position, token type, LayerNorm) at width embedding_size.</summary>
    public BertEmbeddings Embeddings => embeddings;

    /// <summary>An ELECTRA encoder; with <paramref name="sharedEmbeddings"/> its embedding layer is that module itself (ELECTRA's generator shares the discriminator's embeddings).</summary>
    public ElectraModel(ElectraConfig config, Initializer init, BertEmbeddings? sharedEmbeddings = null)
    {
        HiddenSize = config.HiddenSize;
        embeddings = AddModule("embeddings", sharedEmbeddings ?? new BertEmbeddings(config, config.EmbeddingSize, init));
        if (config.EmbeddingSize != config.HiddenSize)
            project = AddModule("embeddings_project", new Linear(config.EmbeddingSize, config.HiddenSize, init));
        encoder = AddModule("encoder", new BertEncoder(config, init));
    }

    /// <inheritdoc />
    public EncoderOutput Forward(EncoderInput input)
    {
        input.Validate();
        var mask = input.AttentionMask is { } m ? new AttentionMask(m) : null;
        var embedded = embeddings.Forward(input);                                // (B, T, E)
        var x = project?.Forward(embedded) ?? embedded;                          // (B, T, C)
        var (last, hidden, attentions) = encoder.Forward(x, mask);
        return new EncoderOutput(last, null, hidden, attentions, embedded);
    }
}

/// <summary>ElectraForSequenceClassification: classifier on h[:, 0] with exact GELU.</summary>
public sealed class ElectraForSequenceClassification : SequenceClassificationModel
{
    readonly ClassificationHead classifier;

    /// <summary>A model for config.</summary>
    public ElectraForSequenceClassification(ElectraConfig config, int seed = 0) : base(config, "electra", new ElectraModel(config, InitializerFor(config, seed))) =>
        classifier = AddModule("classifier", new ClassificationHead(config.HiddenSize, config.NumLabels, BertModel.ClassifierDropout(config), "gelu", InitializerFor(config, seed + 1)));

    /// <inheritdoc />
    protected override Tensor<float> Head(EncoderOutput encoded) => classifier.Forward(encoded.LastHiddenState);
}

/// <summary>ElectraForTokenClassification.</summary>
public sealed class ElectraForTokenClassification : TokenClassificationModel
{
    /// <summary>A model for config.</summary>
    public ElectraForTokenClassification(ElectraConfig config, int seed = 0)
        : base(config, "electra", new ElectraModel(config, InitializerFor(config, seed)), config.HiddenSize, BertModel.ClassifierDropout(config), InitializerFor(config, seed + 1)) { }
}

/// <summary>ElectraForQuestionAnswering.</summary>
public sealed class ElectraForQuestionAnswering : QuestionAnsweringModel
{
    /// <summary>A model for config.</summary>
    public ElectraForQuestionAnswering(ElectraConfig config, int seed = 0)
        : base(config, "electra", new ElectraModel(config, InitializerFor(config, seed)), config.HiddenSize, 0, InitializerFor(config, seed + 1)) { }
}

/// <summary>ElectraForMultipleChoice: sequence_summary (summary Linear on h[:, 0], then summary_activation) → classifier (C → 1).</summary>
public sealed class ElectraForMultipleChoice : MultipleChoiceModel
{
    readonly Linear summary, classifier;
    readonly Dropout lastDropout;
    readonly Func<Tensor<float>, Tensor<float>> activation;

    /// <summary>A model for config (summary_type "first", summary_use_proj true, as ELECTRA configs have).</summary>
    public ElectraForMultipleChoice(ElectraConfig config, int seed = 0) : base(config, "electra", new ElectraModel(config, InitializerFor(config, seed)))
    {
        if (config.SummaryType != "first" || !config.SummaryUseProj)
            throw new NotSupportedException($"{config.SourcePath}: summary_type \"{config.SummaryType}\" with summary_use_proj {config.SummaryUseProj} is not supported; expected \"first\" and true");
        var init = InitializerFor(config, seed + 1);
        var sequenceSummary = AddModule("sequence_summary", new Container());
        summary = sequenceSummary.Add("summary", new Linear(config.HiddenSize, config.HiddenSize, init));
        lastDropout = sequenceSummary.Add("last_dropout", new Dropout(config.SummaryLastDropout));
        activation = config.SummaryActivation is { } a ? Activations.Get(a, "summary_activation") : x => x;
        classifier = AddModule("classifier", new Linear(config.HiddenSize, 1, init));
    }

    /// <inheritdoc />
    protected override Tensor<float> Score(EncoderOutput encoded) =>
        classifier.Forward(lastDropout.Forward(activation(summary.Forward(BertPooler.FirstToken(encoded.LastHiddenState)))));
}

/// <summary>ElectraForMaskedLM (the generator's head): generator_predictions (dense C → E, exact GELU, LayerNorm) → generator_lm_head (tied weight, own bias).</summary>
public sealed class ElectraForMaskedLM : MaskedLMModel
{
    readonly Linear dense, lmHead;
    readonly LayerNorm norm;

    /// <summary>A model for config; with <paramref name="sharedEmbeddings"/> (the discriminator's) the embedding layer and the tied LM-head weight are shared, as ELECTRA pretraining does.</summary>
    public ElectraForMaskedLM(ElectraConfig config, int seed = 0, BertEmbeddings? sharedEmbeddings = null)
        : base(config, "electra", new ElectraModel(config, InitializerFor(config, seed), sharedEmbeddings))
    {
        var init = InitializerFor(config, seed + 1);
        var predictions = AddModule("generator_predictions", new Container());
        norm = predictions.Add("LayerNorm", new LayerNorm(config.EmbeddingSize, config.LayerNormEps));
        dense = predictions.Add("dense", new Linear(config.HiddenSize, config.EmbeddingSize, init));
        lmHead = AddModule("generator_lm_head", new Linear(config.EmbeddingSize, config.VocabSize, init));
        lmHead.TieWeight(Encoder.WordEmbeddings.Weight);
    }

    /// <inheritdoc />
    public override IReadOnlyDictionary<string, string> TiedKeys => new Dictionary<string, string>
    {
        ["generator_lm_head.weight"] = "electra.embeddings.word_embeddings.weight",
    };

    /// <inheritdoc />
    protected override Tensor<float> Predict(Tensor<float> hidden) => lmHead.Forward(norm.Forward(dense.Forward(hidden).Gelu()));
}

/// <summary>ElectraForPreTraining (the discriminator): per-token logit dense_prediction(hidden_act(dense(h))); BCE over attended positions.</summary>
public sealed class ElectraForPreTraining : TaskModel
{
    readonly Linear dense, densePrediction;
    readonly Func<Tensor<float>, Tensor<float>> activation;

    /// <summary>A model for config.</summary>
    public ElectraForPreTraining(ElectraConfig config, int seed = 0) : base(config, "electra", new ElectraModel(config, InitializerFor(config, seed)))
    {
        var init = InitializerFor(config, seed + 1);
        var predictions = AddModule("discriminator_predictions", new Container());
        dense = predictions.Add("dense", new Linear(config.HiddenSize, config.HiddenSize, init));
        densePrediction = predictions.Add("dense_prediction", new Linear(config.HiddenSize, 1, init));
        activation = Activations.Get(config.HiddenAct);
    }

    /// <inheritdoc />
    public override TaskOutput Forward(EncoderInput input, TaskLabels? labels = null)
    {
        var encoded = Encoder.Forward(input);
        var h = encoded.LastHiddenState;
        var logits = densePrediction.Forward(activation(dense.Forward(h))).Reshape(h.Size(0), h.Size(1));   // (B, T)
        Tensor<float>? loss = null;
        if (labels?.Classes is { } replaced)
        {
            var targets = Tensor<float>.FromArray(replaced.ToArray().Select(v => (float)v).ToArray(), logits.Shape.ToArray());
            // modeling_electra.py: only positions with attention_mask == 1 count.
            var include = input.AttentionMask is { } m ? Tensor<float>.FromArray(m.ToArray().Select(v => (float)v).ToArray(), logits.Shape.ToArray()) : null;
            loss = Losses.BinaryCrossEntropyWithLogits(logits, targets, include);
        }
        return new TaskOutput { Encoder = encoded, Logits = logits, Loss = loss };
    }
}
