// BERT (Devlin et al. 2019), following transformers' modeling_bert.py: embeddings → post-LN encoder → pooler, and the
// task heads with their Hugging Face class names. RoBERTa and ELECTRA reuse BertEmbeddings/BertEncoder from here.
// Legend: B batch, T sequence length, C hidden size, V vocabulary, I intermediate size.
using NluSharp.Checkpoints.Configs;
using NluSharp.Engine;
using NluSharp.Nn;

namespace NluSharp.Models;

/// <summary>Token embeddings of an encoder: the word table (tied to MLM decoders) and the forward to [B, T, width].</summary>
public interface ITokenEmbeddings
{
    /// <summary>"word_embeddings".</summary>
    Embedding WordEmbeddings { get; }
    /// <summary>Embeds a batch.</summary>
    Tensor<float> Forward(EncoderInput input);
}

/// <summary>LayerNorm((word + token_type) + position), then dropout. Width is hidden_size (embedding_size for ELECTRA).</summary>
public sealed class BertEmbeddings : Module, ITokenEmbeddings
{
    /// <inheritdoc />
    public Embedding WordEmbeddings { get; }
    /// <summary>"position_embeddings", positions 0..T−1.</summary>
    public Embedding PositionEmbeddings { get; }
    /// <summary>"token_type_embeddings".</summary>
    public Embedding TokenTypeEmbeddings { get; }
    readonly LayerNorm norm;
    readonly Dropout dropout;

    /// <summary>Embeddings of the given width.</summary>
    public BertEmbeddings(BertConfig config, int width, Initializer init)
    {
        WordEmbeddings = AddModule("word_embeddings", new Embedding(config.VocabSize, width, init, config.PadTokenId));
        PositionEmbeddings = AddModule("position_embeddings", new Embedding(config.MaxPositionEmbeddings, width, init));
        TokenTypeEmbeddings = AddModule("token_type_embeddings", new Embedding(config.TypeVocabSize, width, init));
        norm = AddModule("LayerNorm", new LayerNorm(width, config.LayerNormEps));
        dropout = AddModule("dropout", new Dropout(config.HiddenDropoutProb));
    }

    /// <inheritdoc />
    public Tensor<float> Forward(EncoderInput input)
    {
        var ids = input.InputIds;
        int B = ids.Size(0), T = ids.Size(1);
        if (T > PositionEmbeddings.Weight.Size(0))
            throw new ArgumentException($"sequence length {T} exceeds max_position_embeddings {PositionEmbeddings.Weight.Size(0)}");
        var types = input.TokenTypeIds ?? Tensor<int>.Zeros(B, T);
        // HF order: (inputs_embeds + token_type_embeddings) + position_embeddings; float addition is not associative.
        var x = WordEmbeddings.Forward(ids).Add(TokenTypeEmbeddings.Forward(types));            // (B, T, C)
        x = x.Add(PositionEmbeddings.Weight.Slice(0, 0, T));                                     // + (T, C) broadcast over B
        return dropout.Forward(norm.Forward(x));
    }
}

/// <summary>"encoder": the stack of post-LN layers ("layer.0", "layer.1", …).</summary>
public sealed class BertEncoder : Module
{
    /// <summary>The layers.</summary>
    public ModuleList<PostLnEncoderLayer> Layers { get; }

    /// <summary>num_hidden_layers layers of the config's shape.</summary>
    public BertEncoder(BertConfig config, Initializer init)
    {
        RequireAbsolutePositions(config);
        var options = new EncoderLayerOptions(config.HiddenSize, config.NumAttentionHeads, config.IntermediateSize, config.HiddenAct,
            config.HiddenDropoutProb, config.AttentionProbsDropoutProb, config.LayerNormEps);
        Layers = AddModule("layer", new ModuleList<PostLnEncoderLayer>(config.NumHiddenLayers, _ => new PostLnEncoderLayer(options, init)));
    }

    /// <summary>Relative position attention (relative_key, relative_key_query) is not implemented: refuse it rather than compute something else.</summary>
    public static void RequireAbsolutePositions(BertConfig config)
    {
        if (config.PositionEmbeddingType != "absolute")
            throw new NotSupportedException($"{config.SourcePath}: config field 'position_embedding_type' is \"{config.PositionEmbeddingType}\"; only \"absolute\" is implemented");
    }

    /// <summary>x [B, T, C] → (last [B, T, C], hidden states (input + each layer), attention probabilities).</summary>
    public (Tensor<float> Last, List<Tensor<float>> HiddenStates, List<Tensor<float>> Attentions) Forward(Tensor<float> x, AttentionMask? mask)
    {
        var hidden = new List<Tensor<float>> { x };
        var attentions = new List<Tensor<float>>();
        for (int i = 0; i < Layers.Count; i++)
        {
            var (y, probs) = Layers[i].Forward(x, mask);
            hidden.Add(x = y);
            attentions.Add(probs);
        }
        return (x, hidden, attentions);
    }
}

/// <summary>"pooler": tanh(dense(h[:, 0])).</summary>
public sealed class BertPooler : Module
{
    readonly Linear dense;

    /// <summary>A C → C pooler.</summary>
    public BertPooler(int hidden, Initializer init) => dense = AddModule("dense", new Linear(hidden, hidden, init));

    /// <summary>h [B, T, C] → [B, C].</summary>
    public Tensor<float> Forward(Tensor<float> h) => dense.Forward(FirstToken(h)).Tanh();

    /// <summary>h[:, 0] as [B, C].</summary>
    public static Tensor<float> FirstToken(Tensor<float> h) => h.Slice(1, 0, 1).Reshape(h.Size(0), h.Size(2));
}

/// <summary>BertModel: embeddings, encoder and (optionally) pooler. RobertaModel is this with RoBERTa's embeddings.</summary>
public class BertModel : Module, IEncoder
{
    readonly ITokenEmbeddings embeddings;
    /// <summary>"encoder".</summary>
    public BertEncoder Encoder { get; }
    /// <summary>"pooler", or null (add_pooling_layer=False).</summary>
    public BertPooler? Pooler { get; }
    /// <inheritdoc />
    public int HiddenSize { get; }
    /// <inheritdoc />
    public Embedding WordEmbeddings => embeddings.WordEmbeddings;

    /// <summary>A BERT encoder.</summary>
    public BertModel(BertConfig config, Initializer init, bool addPoolingLayer = true) : this(config, new BertEmbeddings(config, config.HiddenSize, init), init, addPoolingLayer) { }

    /// <summary>A BERT encoder over other embeddings (RoBERTa).</summary>
    protected BertModel(BertConfig config, Module embeddings, Initializer init, bool addPoolingLayer)
    {
        HiddenSize = config.HiddenSize;
        this.embeddings = (ITokenEmbeddings)AddModule("embeddings", embeddings);
        Encoder = AddModule("encoder", new BertEncoder(config, init));
        if (addPoolingLayer) Pooler = AddModule("pooler", new BertPooler(config.HiddenSize, init));
    }

    /// <inheritdoc />
    public EncoderOutput Forward(EncoderInput input)
    {
        input.Validate();
        var mask = input.AttentionMask is { } m ? new AttentionMask(m) : null;
        var (last, hidden, attentions) = Encoder.Forward(embeddings.Forward(input), mask);
        return new EncoderOutput(last, Pooler?.Forward(last), hidden, attentions);
    }

    /// <summary>classifier_dropout, or hidden_dropout_prob when it is null (BERT, RoBERTa, ELECTRA heads).</summary>
    public static double ClassifierDropout(BertConfig config) => config.ClassifierDropout ?? config.HiddenDropoutProb;
}

/// <summary>BertForSequenceClassification: classifier(dropout(pooler_output)).</summary>
public sealed class BertForSequenceClassification : SequenceClassificationModel
{
    readonly Dropout dropout;
    readonly Linear classifier;

    /// <summary>A model for config (num_labels outputs); seed drives the initialization of weights a checkpoint does not supply.</summary>
    public BertForSequenceClassification(BertConfig config, int seed = 0) : base(config, "bert", new BertModel(config, InitializerFor(config, seed)))
    {
        dropout = AddModule("dropout", new Dropout(BertModel.ClassifierDropout(config)));
        classifier = AddModule("classifier", new Linear(config.HiddenSize, config.NumLabels, InitializerFor(config, seed + 1)));
    }

    /// <inheritdoc />
    protected override Tensor<float> Head(EncoderOutput encoded) => classifier.Forward(dropout.Forward(encoded.PoolerOutput!));
}

/// <summary>BertForTokenClassification (no pooler).</summary>
public sealed class BertForTokenClassification : TokenClassificationModel
{
    /// <summary>A model for config.</summary>
    public BertForTokenClassification(BertConfig config, int seed = 0)
        : base(config, "bert", new BertModel(config, InitializerFor(config, seed), addPoolingLayer: false), config.HiddenSize,
            BertModel.ClassifierDropout(config), InitializerFor(config, seed + 1)) { }
}

/// <summary>BertForQuestionAnswering (no pooler, no dropout before qa_outputs).</summary>
public sealed class BertForQuestionAnswering : QuestionAnsweringModel
{
    /// <summary>A model for config.</summary>
    public BertForQuestionAnswering(BertConfig config, int seed = 0)
        : base(config, "bert", new BertModel(config, InitializerFor(config, seed), addPoolingLayer: false), config.HiddenSize, 0, InitializerFor(config, seed + 1)) { }
}

/// <summary>BertForMultipleChoice: classifier (C → 1) on dropout(pooler_output) of each choice.</summary>
public sealed class BertForMultipleChoice : MultipleChoiceModel
{
    readonly Dropout dropout;
    readonly Linear classifier;

    /// <summary>A model for config.</summary>
    public BertForMultipleChoice(BertConfig config, int seed = 0) : base(config, "bert", new BertModel(config, InitializerFor(config, seed)))
    {
        dropout = AddModule("dropout", new Dropout(BertModel.ClassifierDropout(config)));
        classifier = AddModule("classifier", new Linear(config.HiddenSize, 1, InitializerFor(config, seed + 1)));
    }

    /// <inheritdoc />
    protected override Tensor<float> Score(EncoderOutput encoded) => classifier.Forward(dropout.Forward(encoded.PoolerOutput!));
}

/// <summary>"cls.predictions": transform (dense → hidden_act → LayerNorm), then decoder (tied to word embeddings) + bias.</summary>
public sealed class BertLMPredictionHead : Module
{
    readonly Linear dense, decoder;
    readonly LayerNorm norm;
    readonly Func<Tensor<float>, Tensor<float>> activation;

    /// <summary>A head whose decoder weight and bias are tied to wordEmbeddings and to its own "bias".</summary>
    public BertLMPredictionHead(BertConfig config, Embedding wordEmbeddings, Initializer init)
    {
        int C = config.HiddenSize, V = config.VocabSize;
        var bias = AddParameter("bias", Initializer.Zeros(V));
        var transform = AddModule("transform", new LMTransform(C, config.HiddenAct, config.LayerNormEps, init));
        (dense, norm, activation) = (transform.Dense, transform.Norm, Activations.Get(config.HiddenAct));
        decoder = AddModule("decoder", new Linear(C, V, init));
        decoder.TieWeight(wordEmbeddings.Weight);
        decoder.TieBias(bias);
    }

    /// <summary>h [B, T, C] → logits [B, T, V].</summary>
    public Tensor<float> Forward(Tensor<float> h) => decoder.Forward(norm.Forward(activation(dense.Forward(h))));

    /// <summary>"transform": only a container for the names dense and LayerNorm.</summary>
    sealed class LMTransform : Module
    {
        public readonly Linear Dense;
        public readonly LayerNorm Norm;
        public LMTransform(int C, string act, double eps, Initializer init)
        {
            Dense = AddModule("dense", new Linear(C, C, init));
            Norm = AddModule("LayerNorm", new LayerNorm(C, eps));
        }
    }
}

/// <summary>BertForMaskedLM: "cls.predictions" on the last hidden state (no pooler).</summary>
public sealed class BertForMaskedLM : MaskedLMModel
{
    readonly BertLMPredictionHead predictions;

    /// <summary>A model for config; the decoder shares the word embedding table.</summary>
    public BertForMaskedLM(BertConfig config, int seed = 0) : base(config, "bert", new BertModel(config, InitializerFor(config, seed), addPoolingLayer: false))
    {
        var cls = AddModule("cls", new Container());
        predictions = cls.Add("predictions", new BertLMPredictionHead(config, Encoder.WordEmbeddings, InitializerFor(config, seed + 1)));
    }

    /// <inheritdoc />
    public override IReadOnlyDictionary<string, string> TiedKeys => new Dictionary<string, string>
    {
        ["cls.predictions.decoder.weight"] = "bert.embeddings.word_embeddings.weight",
        ["cls.predictions.decoder.bias"] = "cls.predictions.bias",
    };

    /// <inheritdoc />
    protected override Tensor<float> Predict(Tensor<float> hidden) => predictions.Forward(hidden);
}
