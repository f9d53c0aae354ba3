// DistilBERT (Sanh et al. 2019), following transformers' modeling_distilbert.py: word + position embeddings, a stack
// of post-LN blocks whose attention scales q before q·kᵀ and masked_fill's padding, and heads on h[:, 0].
// Legend: B batch, T sequence length, C = dim, I = hidden_dim, V vocabulary.
using NluSharp.Checkpoints.Configs;
using NluSharp.Engine;
using NluSharp.Nn;

namespace NluSharp.Models;

/// <summary>"embeddings": LayerNorm(word + position) (eps fixed at 1e-12), then dropout.</summary>
public sealed class DistilBertEmbeddings : Module, ITokenEmbeddings
{
    /// <summary>DistilBERT hard-codes this epsilon (modeling_distilbert.py Embeddings).</summary>
    public const double LayerNormEps = 1e-12;
    /// <inheritdoc />
    public Embedding WordEmbeddings { get; }
    readonly Embedding positions;
    readonly LayerNorm norm;
    readonly Dropout dropout;

    /// <summary>Embeddings for config.</summary>
    public DistilBertEmbeddings(DistilBertConfig config, Initializer init)
    {
        WordEmbeddings = AddModule("word_embeddings", new Embedding(config.VocabSize, config.Dim, init, config.PadTokenId));
        positions = AddModule("position_embeddings", new Embedding(config.MaxPositionEmbeddings, config.Dim, init));
        norm = AddModule("LayerNorm", new LayerNorm(config.Dim, LayerNormEps));
        dropout = AddModule("dropout", new Dropout(config.Dropout));
    }

    /// <inheritdoc />
    public Tensor<float> Forward(EncoderInput input)
    {
        int T = input.InputIds.Size(1);
        if (T > positions.Weight.Size(0)) throw new ArgumentException($"sequence length {T} exceeds max_position_embeddings {positions.Weight.Size(0)}");
        var x = WordEmbeddings.Forward(input.InputIds).Add(positions.Weight.Slice(0, 0, T));   // (B, T, C)
        return dropout.Forward(norm.Forward(x));
    }
}

/// <summary>"transformer.layer.N": x → LN(x + attention(x)) = h → LN(h + ffn(h)).</summary>
public sealed class TransformerBlock : Module
{
    readonly MultiHeadSelfAttention attention;
    readonly LayerNorm saLayerNorm, outputLayerNorm;
    readonly FeedForward ffn;

    /// <summary>A block for config.</summary>
    public TransformerBlock(DistilBertConfig config, Initializer init)
    {
        attention = AddModule("attention", new MultiHeadSelfAttention(config.Dim, config.NHeads, config.AttentionDropout, init,
            AttentionNames.DistilBert, AttentionScoring.ScaleQueryFillMask));
        saLayerNorm = AddModule("sa_layer_norm", new LayerNorm(config.Dim, DistilBertEmbeddings.LayerNormEps));
        ffn = AddModule("ffn", new FeedForward(config.Dim, config.HiddenDim, config.Activation, config.Dropout, init));
        outputLayerNorm = AddModule("output_layer_norm", new LayerNorm(config.Dim, DistilBertEmbeddings.LayerNormEps));
    }

    /// <summary>x [B, T, C] → (y [B, T, C], probabilities [B, H, T, T]).</summary>
    public (Tensor<float> Output, Tensor<float> Probabilities) Forward(Tensor<float> x, AttentionMask? mask)
    {
        var (sa, probs) = attention.Forward(x, mask);
        var h = saLayerNorm.Forward(sa.Add(x));
        return (outputLayerNorm.Forward(ffn.Forward(h).Add(h)), probs);
    }
}

/// <summary>DistilBertModel: embeddings and "transformer"; no pooler.</summary>
public sealed class DistilBertModel : Module, IEncoder
{
    readonly DistilBertEmbeddings embeddings;
    readonly ModuleList<TransformerBlock> layers;
    /// <inheritdoc />
    public int HiddenSize { get; }
    /// <inheritdoc />
    public Embedding WordEmbeddings => embeddings.WordEmbeddings;

    /// <summary>A DistilBERT encoder.</summary>
    public DistilBertModel(DistilBertConfig config, Initializer init)
    {
        HiddenSize = config.Dim;
        embeddings = AddModule("embeddings", new DistilBertEmbeddings(config, init));
        var transformer = AddModule("transformer", new Container());
        layers = transformer.Add("layer", new ModuleList<TransformerBlock>(config.NLayers, _ => new TransformerBlock(config, init)));
    }

    /// <inheritdoc />
    public EncoderOutput Forward(EncoderInput input)
    {
        input.Validate();
        var mask = input.AttentionMask is { } m ? new AttentionMask(m) : null;
        var x = embeddings.Forward(input);
        var hidden = new List<Tensor<float>> { x };
        var attentions = new List<Tensor<float>>();
        for (int i = 0; i < layers.Count; i++)
        {
            var (y, probs) = layers[i].Forward(x, mask);
            hidden.Add(x = y);
            attentions.Add(probs);
        }
        return new EncoderOutput(x, null, hidden, attentions);
    }
}

/// <summary>pre_classifier → ReLU → dropout → classifier on h[:, 0] (sequence classification and multiple choice).</summary>
sealed class DistilBertFirstTokenHead
{
    readonly Linear preClassifier, classifier;
    readonly Dropout dropout;

    public DistilBertFirstTokenHead(Func<string, Module, Module> add, DistilBertConfig config, int outputs, Initializer init)
    {
        preClassifier = (Linear)add("pre_classifier", new Linear(config.Dim, config.Dim, init));
        classifier = (Linear)add("classifier", new Linear(config.Dim, outputs, init));
        dropout = (Dropout)add("dropout", new Dropout(config.SeqClassifDropout));
    }

    public Tensor<float> Forward(Tensor<float> h) => classifier.Forward(dropout.Forward(preClassifier.Forward(BertPooler.FirstToken(h)).Relu()));
}

/// <summary>DistilBertForSequenceClassification.</summary>
public sealed class DistilBertForSequenceClassification : SequenceClassificationModel
{
    readonly DistilBertFirstTokenHead head;

    /// <summary>A model for config.</summary>
    public DistilBertForSequenceClassification(DistilBertConfig config, int seed = 0) : base(config, "distilbert", new DistilBertModel(config, InitializerFor(config, seed))) =>
        head = new DistilBertFirstTokenHead((n, m) => AddModule(n, m), config, config.NumLabels, InitializerFor(config, seed + 1));

    /// <inheritdoc />
    protected override Tensor<float> Head(EncoderOutput encoded) => head.Forward(encoded.LastHiddenState);
}

/// <summary>DistilBertForTokenClassification.</summary>
public sealed class DistilBertForTokenClassification : TokenClassificationModel
{
    /// <summary>A model for config.</summary>
    public DistilBertForTokenClassification(DistilBertConfig config, int seed = 0)
        : base(config, "distilbert", new DistilBertModel(config, InitializerFor(config, seed)), config.Dim, config.Dropout, InitializerFor(config, seed + 1)) { }
}

/// <summary>DistilBertForQuestionAnswering (dropout qa_dropout before qa_outputs).</summary>
public sealed class DistilBertForQuestionAnswering : QuestionAnsweringModel
{
    /// <summary>A model for config.</summary>
    public DistilBertForQuestionAnswering(DistilBertConfig config, int seed = 0)
        : base(config, "distilbert", new DistilBertModel(config, InitializerFor(config, seed)), config.Dim, config.QaDropout, InitializerFor(config, seed + 1)) { }
}

/// <summary>DistilBertForMultipleChoice.</summary>
public sealed class DistilBertForMultipleChoice : MultipleChoiceModel
{
    readonly DistilBertFirstTokenHead head;

    /// <summary>A model for config.</summary>
    public DistilBertForMultipleChoice(DistilBertConfig config, int seed = 0) : base(config, "distilbert", new DistilBertModel(config, InitializerFor(config, seed))) =>
        head = new DistilBertFirstTokenHead((n, m) => AddModule(n, m), config, 1, InitializerFor(config, seed + 1));

    /// <inheritdoc />
    protected override Tensor<float> Score(EncoderOutput encoded) => head.Forward(encoded.LastHiddenState);
}

/// <summary>DistilBertForMaskedLM: vocab_transform → activation → vocab_layer_norm → vocab_projector (tied weight, own bias).</summary>
public sealed class DistilBertForMaskedLM : MaskedLMModel
{
    readonly Linear transform, projector;
    readonly LayerNorm norm;
    readonly Func<Tensor<float>, Tensor<float>> activation;

    /// <summary>A model for config.</summary>
    public DistilBertForMaskedLM(DistilBertConfig config, int seed = 0) : base(config, "distilbert", new DistilBertModel(config, InitializerFor(config, seed)))
    {
        var init = InitializerFor(config, seed + 1);
        activation = Activations.Get(config.Activation, "activation");
        transform = AddModule("vocab_transform", new Linear(config.Dim, config.Dim, init));
        norm = AddModule("vocab_layer_norm", new LayerNorm(config.Dim, DistilBertEmbeddings.LayerNormEps));
        projector = AddModule("vocab_projector", new Linear(config.Dim, config.VocabSize, init));
        projector.TieWeight(Encoder.WordEmbeddings.Weight);
    }

    /// <inheritdoc />
    public override IReadOnlyDictionary<string, string> TiedKeys => new Dictionary<string, string>
    {
        ["vocab_projector.weight"] = "distilbert.embeddings.word_embeddings.weight",
    };

    /// <inheritdoc />
    protected override Tensor<float> Predict(Tensor<float> hidden) => projector.Forward(norm.Forward(activation(transform.Forward(hidden))));
}
