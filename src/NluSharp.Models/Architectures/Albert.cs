// ALBERT (Lan et al. 2020), following transformers' modeling_albert.py: factorized embeddings (width E, projected to C
// by embedding_hidden_mapping_in) and one group of layers shared by all num_hidden_layers steps.
// Legend: B batch, T sequence length, E embedding size, C hidden size, I intermediate size, V vocabulary.
using NluSharp.Checkpoints.Configs;
using NluSharp.Engine;
using NluSharp.Nn;

namespace NluSharp.Models;

/// <summary>ALBERT's attention: query/key/value, then dense, dropout and LayerNorm(x + ·), all under "attention".</summary>
public sealed class AlbertAttention : Module
{
    readonly Linear query, key, value, dense;
    readonly Dropout attentionDropout, outputDropout;
    readonly LayerNorm norm;
    readonly int heads;

    /// <summary>An attention block for config.</summary>
    public AlbertAttention(AlbertConfig config, Initializer init)
    {
        int C = config.HiddenSize;
        heads = config.NumAttentionHeads;
        query = AddModule("query", new Linear(C, C, init));
        key = AddModule("key", new Linear(C, C, init));
        value = AddModule("value", new Linear(C, C, init));
        attentionDropout = AddModule("attention_dropout", new Dropout(config.AttentionProbsDropoutProb));
        outputDropout = AddModule("output_dropout", new Dropout(config.HiddenDropoutProb));
        dense = AddModule("dense", new Linear(C, C, init));
        norm = AddModule("LayerNorm", new LayerNorm(C, config.LayerNormEps));
    }

    /// <summary>x [B, T, C] → (LN(x + dropout(dense(context))), probabilities [B, H, T, T]).</summary>
    public (Tensor<float> Output, Tensor<float> Probabilities) Forward(Tensor<float> x, AttentionMask? mask)
    {
        var (context, probs) = ScaledDotProductAttention.Forward(query.Forward(x), key.Forward(x), value.Forward(x), heads, mask,
            AttentionScoring.ScaleScoresAddMask, attentionDropout);
        return (norm.Forward(x.Add(outputDropout.Forward(dense.Forward(context)))), probs);
    }
}

/// <summary>"albert_layers.N": attention, then full_layer_layer_norm(h + dropout(ffn_output(act(ffn(h))))).</summary>
public sealed class AlbertLayer : Module
{
    readonly LayerNorm fullLayerNorm;
    readonly AlbertAttention attention;
    readonly Linear ffn, ffnOutput;
    readonly Dropout dropout;
    readonly Func<Tensor<float>, Tensor<float>> activation;

    /// <summary>A layer for config.</summary>
    public AlbertLayer(AlbertConfig config, Initializer init)
    {
        fullLayerNorm = AddModule("full_layer_layer_norm", new LayerNorm(config.HiddenSize, config.LayerNormEps));
        attention = AddModule("attention", new AlbertAttention(config, init));
        ffn = AddModule("ffn", new Linear(config.HiddenSize, config.IntermediateSize, init));
        ffnOutput = AddModule("ffn_output", new Linear(config.IntermediateSize, config.HiddenSize, init));
        dropout = AddModule("dropout", new Dropout(config.HiddenDropoutProb));
        activation = Activations.Get(config.HiddenAct);
    }

    /// <summary>x [B, T, C] → (y [B, T, C], probabilities).</summary>
    public (Tensor<float> Output, Tensor<float> Probabilities) Forward(Tensor<float> x, AttentionMask? mask)
    {
        var (h, probs) = attention.Forward(x, mask);
        var f = dropout.Forward(ffnOutput.Forward(activation(ffn.Forward(h))));
        return (fullLayerNorm.Forward(f.Add(h)), probs);
    }
}

/// <summary>"encoder": embedding_hidden_mapping_in (E → C), then num_hidden_layers steps over shared layer groups.</summary>
public sealed class AlbertTransformer : Module
{
    readonly Linear mappingIn;
    readonly ModuleList<Container> groups;
    readonly List<List<AlbertLayer>> groupLayers = new();
    readonly int layers;

    /// <summary>An encoder for config: num_hidden_groups groups of inner_group_num layers.</summary>
    public AlbertTransformer(AlbertConfig config, Initializer init)
    {
        BertEncoder.RequireAbsolutePositions(config);
        layers = config.NumHiddenLayers;
        if (config.NumHiddenGroups < 1 || config.NumHiddenLayers % config.NumHiddenGroups != 0)
            throw new ArgumentException($"{config.SourcePath}: num_hidden_layers {config.NumHiddenLayers} must be a multiple of num_hidden_groups {config.NumHiddenGroups}");
        mappingIn = AddModule("embedding_hidden_mapping_in", new Linear(config.EmbeddingSize, config.HiddenSize, init));
        groups = AddModule("albert_layer_groups", new ModuleList<Container>(config.NumHiddenGroups, _ =>
        {
            var group = new Container();
            var inner = group.Add("albert_layers", new ModuleList<AlbertLayer>(config.InnerGroupNum, _ => new AlbertLayer(config, init)));
            groupLayers.Add(Enumerable.Range(0, inner.Count).Select(i => inner[i]).ToList());
            return group;
        }));
    }

    /// <summary>Embeddings [B, T, E] → (last, hidden states (after the mapping, then per step), attentions per inner layer).</summary>
    public (Tensor<float> Last, List<Tensor<float>> HiddenStates, List<Tensor<float>> Attentions) Forward(Tensor<float> embedded, AttentionMask? mask)
    {
        var x = mappingIn.Forward(embedded);                                    // (B, T, C)
        var hidden = new List<Tensor<float>> { x };
        var attentions = new List<Tensor<float>>();
        for (int i = 0; i < layers; i++)
        {
            // modeling_albert.py: group_idx = int(i / (num_hidden_layers / num_hidden_groups)).
            int group = (int)(i / ((double)layers / groupLayers.Count));
            foreach (var layer in groupLayers[group])
            {
                var (y, probs) = layer.Forward(x, mask);
                x = y;
                attentions.Add(probs);
            }
            hidden.Add(x);
        }
        return (x, hidden, attentions);
    }
}

/// <summary>AlbertModel: embeddings (width E), encoder, and optionally the pooler tanh(pooler(h[:, 0])).</summary>
public sealed class AlbertModel : Module, IEncoder
{
    readonly BertEmbeddings embeddings;
    readonly AlbertTransformer encoder;
    readonly Linear? pooler;
    /// <inheritdoc />
    public int HiddenSize { get; }
    /// <inheritdoc />
    public Embedding WordEmbeddings => embeddings.WordEmbeddings;

    /// <summary>An ALBERT encoder; ALBERT's embeddings have BERT's names and computation at width embedding_size.</summary>
    public AlbertModel(AlbertConfig config, Initializer init, bool addPoolingLayer = true)
    {
        HiddenSize = config.HiddenSize;
        embeddings = AddModule("embeddings", new BertEmbeddings(config, config.EmbeddingSize, init));
        encoder = AddModule("encoder", new AlbertTransformer(config, init));
        if (addPoolingLayer) pooler = AddModule("pooler", new Linear(config.HiddenSize, config.HiddenSize, init));
    }

    /// <inheritdoc />
    public EncoderOutput Forward(EncoderInput input)
    {
        input.Validate();
        var mask = input.AttentionMask is { } m ? new AttentionMask(m) : null;
        var embedded = embeddings.Forward(input);                               // (B, T, E)
        var (last, hidden, attentions) = encoder.Forward(embedded, mask);
        var pooled = pooler?.Forward(BertPooler.FirstToken(last)).Tanh();
        return new EncoderOutput(last, pooled, hidden, attentions, embedded);
    }

    /// <summary>classifier_dropout_prob of ALBERT heads.</summary>
    public static double ClassifierDropout(AlbertConfig config) => config.ClassifierDropoutProb;
}

/// <summary>AlbertForSequenceClassification: classifier(dropout(pooler_output)).</summary>
public sealed class AlbertForSequenceClassification : SequenceClassificationModel
{
    readonly Dropout dropout;
    readonly Linear classifier;

    /// <summary>A model for config.</summary>
    public AlbertForSequenceClassification(AlbertConfig config, int seed = 0) : base(config, "albert", new AlbertModel(config, InitializerFor(config, seed)))
    {
        dropout = AddModule("dropout", new Dropout(AlbertModel.ClassifierDropout(config)));
        classifier = AddModule("classifier", new Linear(config.HiddenSize, config.NumLabels, InitializerFor(config, seed + 1)));
    }

    /// <inheritdoc />
    protected override Tensor<float> Head(EncoderOutput encoded) => classifier.Forward(dropout.Forward(encoded.PoolerOutput!));
}

/// <summary>AlbertForTokenClassification (no pooler).</summary>
public sealed class AlbertForTokenClassification : TokenClassificationModel
{
    /// <summary>A model for config.</summary>
    public AlbertForTokenClassification(AlbertConfig config, int seed = 0)
        : base(config, "albert", new AlbertModel(config, InitializerFor(config, seed), addPoolingLayer: false), config.HiddenSize,
            AlbertModel.ClassifierDropout(config), InitializerFor(config, seed + 1)) { }
}

/// <summary>AlbertForQuestionAnswering (no pooler).</summary>
public sealed class AlbertForQuestionAnswering : QuestionAnsweringModel
{
    /// <summary>A model for config.</summary>
    public AlbertForQuestionAnswering(AlbertConfig config, int seed = 0)
        : base(config, "albert", new AlbertModel(config, InitializerFor(config, seed), addPoolingLayer: false), config.HiddenSize, 0, InitializerFor(config, seed + 1)) { }
}

/// <summary>AlbertForMultipleChoice: classifier (C → 1) on dropout(pooler_output).</summary>
public sealed class AlbertForMultipleChoice : MultipleChoiceModel
{
    readonly Dropout dropout;
    readonly Linear classifier;

    /// <summary>A model for config.</summary>
    public AlbertForMultipleChoice(AlbertConfig config, int seed = 0) : base(config, "albert", new AlbertModel(config, InitializerFor(config, seed)))
    {
        dropout = AddModule("dropout", new Dropout(AlbertModel.ClassifierDropout(config)));
        classifier = AddModule("classifier", new Linear(config.HiddenSize, 1, InitializerFor(config, seed + 1)));
    }

    /// <inheritdoc />
    protected override Tensor<float> Score(EncoderOutput encoded) => classifier.Forward(dropout.Forward(encoded.PoolerOutput!));
}

/// <summary>"predictions": dense (C → E) → hidden_act → LayerNorm (E) → decoder (E → V, tied) + bias.</summary>
public sealed class AlbertMLMHead : Module
{
    readonly LayerNorm norm;
    readonly Linear dense, decoder;
    readonly Func<Tensor<float>, Tensor<float>> activation;

    /// <summary>A head tied to wordEmbeddings (current HF uses layer_norm_eps here; releases before ~4.13 used 1e-5).</summary>
    public AlbertMLMHead(AlbertConfig config, Embedding wordEmbeddings, Initializer init)
    {
        int E = config.EmbeddingSize;
        norm = AddModule("LayerNorm", new LayerNorm(E, config.LayerNormEps));
        var bias = AddParameter("bias", Initializer.Zeros(config.VocabSize));
        dense = AddModule("dense", new Linear(config.HiddenSize, E, init));
        decoder = AddModule("decoder", new Linear(E, config.VocabSize, init));
        decoder.TieWeight(wordEmbeddings.Weight);
        decoder.TieBias(bias);
        activation = Activations.Get(config.HiddenAct);
    }

    /// <summary>h [B, T, C] → logits [B, T, V].</summary>
    public Tensor<float> Forward(Tensor<float> h) => decoder.Forward(norm.Forward(activation(dense.Forward(h))));
}

/// <summary>AlbertForMaskedLM (no pooler).</summary>
public sealed class AlbertForMaskedLM : MaskedLMModel
{
    readonly AlbertMLMHead predictions;

    /// <summary>A model for config.</summary>
    public AlbertForMaskedLM(AlbertConfig config, int seed = 0) : base(config, "albert", new AlbertModel(config, InitializerFor(config, seed), addPoolingLayer: false)) =>
        predictions = AddModule("predictions", new AlbertMLMHead(config, Encoder.WordEmbeddings, InitializerFor(config, seed + 1)));

    /// <inheritdoc />
    public override IReadOnlyDictionary<string, string> TiedKeys => AlbertForPreTraining.Tied;

    /// <inheritdoc />
    protected override Tensor<float> Predict(Tensor<float> hidden) => predictions.Forward(hidden);
}

/// <summary>AlbertForPreTraining: masked-LM head plus the sentence-order classifier on the pooled output; loss = MLM CE + SOP CE.</summary>
public sealed class AlbertForPreTraining : TaskModel
{
    internal static readonly IReadOnlyDictionary<string, string> Tied = new Dictionary<string, string>
    {
        ["predictions.decoder.weight"] = "albert.embeddings.word_embeddings.weight",
        ["predictions.decoder.bias"] = "predictions.bias",
    };

    readonly AlbertMLMHead predictions;
    readonly Dropout sopDropout;
    readonly Linear sopClassifier;

    /// <summary>A model for config (num_labels = 2 sentence-order classes).</summary>
    public AlbertForPreTraining(AlbertConfig config, int seed = 0) : base(config, "albert", new AlbertModel(config, InitializerFor(config, seed)))
    {
        var init = InitializerFor(config, seed + 1);
        predictions = AddModule("predictions", new AlbertMLMHead(config, Encoder.WordEmbeddings, init));
        var sop = AddModule("sop_classifier", new Container());
        sopDropout = sop.Add("dropout", new Dropout(AlbertModel.ClassifierDropout(config)));
        sopClassifier = sop.Add("classifier", new Linear(config.HiddenSize, config.NumLabels, init));
    }

    /// <inheritdoc />
    public override IReadOnlyDictionary<string, string> TiedKeys => Tied;

    /// <inheritdoc />
    public override TaskOutput Forward(EncoderInput input, TaskLabels? labels = null)
    {
        var encoded = Encoder.Forward(input);
        var logits = predictions.Forward(encoded.LastHiddenState);                     // (B, T, V)
        var sop = sopClassifier.Forward(sopDropout.Forward(encoded.PoolerOutput!));   // (B, num_labels)
        Tensor<float>? loss = null;
        if (labels?.Classes is { } mlm && labels.SentenceOrder is { } order)
            loss = logits.Reshape(-1, logits.Size(-1)).CrossEntropy(mlm.Reshape(-1)).Add(sop.CrossEntropy(order.Reshape(-1)));
        return new TaskOutput { Encoder = encoded, Logits = logits, SopLogits = sop, Loss = loss };
    }
}
