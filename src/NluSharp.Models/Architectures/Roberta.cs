// RoBERTa (Liu et al. 2019), following transformers' modeling_roberta.py: BERT's encoder with its own embeddings
// (positions derived from the ids, counting from padding_idx + 1) and its own classification and LM heads.
// Legend: B batch, T sequence length, C hidden size, V vocabulary.
using NluSharp.Checkpoints.Configs;
using NluSharp.Engine;
using NluSharp.Nn;

namespace NluSharp.Models;

/// <summary>RoBERTa embeddings: like BERT's, but position ids come from the padding mask of the ids.</summary>
public sealed class RobertaEmbeddings : Module, ITokenEmbeddings
{
    /// <inheritdoc />
    public Embedding WordEmbeddings { get; }
    readonly Embedding positions, tokenTypes;
    readonly LayerNorm norm;
    readonly Dropout dropout;
    readonly int padId;

    /// <summary>Embeddings for config (padding_idx = pad_token_id for words and positions).</summary>
    public RobertaEmbeddings(BertConfig config, Initializer init)
    {
        padId = config.PadTokenId;
        WordEmbeddings = AddModule("word_embeddings", new Embedding(config.VocabSize, config.HiddenSize, init, padId));
        positions = AddModule("position_embeddings", new Embedding(config.MaxPositionEmbeddings, config.HiddenSize, init, padId));
        tokenTypes = AddModule("token_type_embeddings", new Embedding(config.TypeVocabSize, config.HiddenSize, init));
        norm = AddModule("LayerNorm", new LayerNorm(config.HiddenSize, config.LayerNormEps));
        dropout = AddModule("dropout", new Dropout(config.HiddenDropoutProb));
    }

    /// <summary>
    /// create_position_ids_from_input_ids: cumsum(id ≠ pad)·(id ≠ pad) + pad, so the first real token gets pad + 1 and
    /// every pad gets pad (computed from the ids, not from attention_mask).
    /// </summary>
    public static Tensor<int> PositionIds(Tensor<int> ids, int padId)
    {
        int B = ids.Size(0), T = ids.Size(1);
        var src = ids.ToArray(); var pos = new int[src.Length];
        for (int b = 0; b < B; b++)
            for (int t = 0, count = 0; t < T; t++)
            {
                bool real = src[b * T + t] != padId;
                if (real) count++;
                pos[b * T + t] = (real ? count : 0) + padId;
            }
        return Tensor<int>.FromArray(pos, B, T);
    }

    /// <inheritdoc />
    public Tensor<float> Forward(EncoderInput input)
    {
        var ids = input.InputIds;
        int B = ids.Size(0), T = ids.Size(1);
        var positionIds = PositionIds(ids, padId);
        int maxPosition = positionIds.ToArray().DefaultIfEmpty(0).Max();
        if (maxPosition >= positions.Weight.Size(0))
            throw new ArgumentException($"sequence length {T} needs position {maxPosition}, but max_position_embeddings is {positions.Weight.Size(0)} (RoBERTa positions start at pad_token_id + 1)");
        var x = WordEmbeddings.Forward(ids).Add(tokenTypes.Forward(input.TokenTypeIds ?? Tensor<int>.Zeros(B, T)));   // (B, T, C)
        x = x.Add(positions.Forward(positionIds));
        return dropout.Forward(norm.Forward(x));
    }
}

/// <summary>RobertaModel: BertModel over RoBERTa's embeddings.</summary>
public sealed class RobertaModel : BertModel
{
    /// <summary>A RoBERTa encoder.</summary>
    public RobertaModel(BertConfig config, Initializer init, bool addPoolingLayer = true)
        : base(config, new RobertaEmbeddings(config, init), init, addPoolingLayer) { }
}

/// <summary>"classifier" of RoBERTa and ELECTRA: out_proj(dropout(act(dense(dropout(h[:, 0]))))).</summary>
public sealed class ClassificationHead : Module
{
    readonly Linear dense, outProj;
    readonly Dropout dropout;
    readonly Func<Tensor<float>, Tensor<float>> activation;

    /// <summary>A head with a fixed activation (RoBERTa: tanh, ELECTRA: exact GELU).</summary>
    public ClassificationHead(int hidden, int numLabels, double dropoutProb, string activation, Initializer init)
    {
        dense = AddModule("dense", new Linear(hidden, hidden, init));
        dropout = AddModule("dropout", new Dropout(dropoutProb));
        outProj = AddModule("out_proj", new Linear(hidden, numLabels, init));
        this.activation = Activations.Get(activation);
    }

    /// <summary>h [B, T, C] → logits [B, num_labels].</summary>
    public Tensor<float> Forward(Tensor<float> h) =>
        outProj.Forward(dropout.Forward(activation(dense.Forward(dropout.Forward(BertPooler.FirstToken(h))))));
}

/// <summary>RobertaForSequenceClassification: no pooler; classifier on h[:, 0] with tanh.</summary>
public sealed class RobertaForSequenceClassification : SequenceClassificationModel
{
    readonly ClassificationHead classifier;

    /// <summary>A model for config.</summary>
    public RobertaForSequenceClassification(BertConfig config, int seed = 0) : base(config, "roberta", new RobertaModel(config, InitializerFor(config, seed), addPoolingLayer: false)) =>
        classifier = AddModule("classifier", new ClassificationHead(config.HiddenSize, config.NumLabels, BertModel.ClassifierDropout(config), "tanh", InitializerFor(config, seed + 1)));

    /// <inheritdoc />
    protected override Tensor<float> Head(EncoderOutput encoded) => classifier.Forward(encoded.LastHiddenState);
}

/// <summary>RobertaForTokenClassification (no pooler).</summary>
public sealed class RobertaForTokenClassification : TokenClassificationModel
{
    /// <summary>A model for config.</summary>
    public RobertaForTokenClassification(BertConfig config, int seed = 0)
        : base(config, "roberta", new RobertaModel(config, InitializerFor(config, seed), addPoolingLayer: false), config.HiddenSize,
            BertModel.ClassifierDropout(config), InitializerFor(config, seed + 1)) { }
}

/// <summary>RobertaForQuestionAnswering (no pooler).</summary>
public sealed class RobertaForQuestionAnswering : QuestionAnsweringModel
{
    /// <summary>A model for config.</summary>
    public RobertaForQuestionAnswering(BertConfig config, int seed = 0)
        : base(config, "roberta", new RobertaModel(config, InitializerFor(config, seed), addPoolingLayer: false), config.HiddenSize, 0, InitializerFor(config, seed + 1)) { }
}

/// <summary>RobertaForMultipleChoice: the one RoBERTa head with a pooler; classifier (C → 1) on dropout(pooler_output).</summary>
public sealed class RobertaForMultipleChoice : MultipleChoiceModel
{
    readonly Dropout dropout;
    readonly Linear classifier;

    /// <summary>A model for config.</summary>
    public RobertaForMultipleChoice(BertConfig config, int seed = 0) : base(config, "roberta", new RobertaModel(config, InitializerFor(config, seed)))
    {
        dropout = AddModule("dropout", new Dropout(BertModel.ClassifierDropout(config)));
        classifier = AddModule("classifier", new Linear(config.HiddenSize, 1, InitializerFor(config, seed + 1)));
    }

    /// <inheritdoc />
    protected override Tensor<float> Score(EncoderOutput encoded) => classifier.Forward(dropout.Forward(encoded.PoolerOutput!));
}

/// <summary>"lm_head": dense → exact GELU (whatever hidden_act says) → layer_norm → decoder (tied) + bias.</summary>
public sealed class RobertaLMHead : Module
{
    readonly Linear dense, decoder;
    readonly LayerNorm norm;

    /// <summary>A head tied to wordEmbeddings.</summary>
    public RobertaLMHead(BertConfig config, Embedding wordEmbeddings, Initializer init)
    {
        var bias = AddParameter("bias", Initializer.Zeros(config.VocabSize));
        dense = AddModule("dense", new Linear(config.HiddenSize, config.HiddenSize, init));
        norm = AddModule("layer_norm", new LayerNorm(config.HiddenSize, config.LayerNormEps));
        decoder = AddModule("decoder", new Linear(config.HiddenSize, config.VocabSize, init));
        decoder.TieWeight(wordEmbeddings.Weight);
        decoder.TieBias(bias);
    }

    /// <summary>h [B, T, C] → logits [B, T, V].</summary>
    public Tensor<float> Forward(Tensor<float> h) => decoder.Forward(norm.Forward(dense.Forward(h).Gelu()));
}

/// <summary>RobertaForMaskedLM (no pooler).</summary>
public sealed class RobertaForMaskedLM : MaskedLMModel
{
    readonly RobertaLMHead head;

    /// <summary>A model for config.</summary>
    public RobertaForMaskedLM(BertConfig config, int seed = 0) : base(config, "roberta", new RobertaModel(config, InitializerFor(config, seed), addPoolingLayer: false)) =>
        head = AddModule("lm_head", new RobertaLMHead(config, Encoder.WordEmbeddings, InitializerFor(config, seed + 1)));

    /// <inheritdoc />
    public override IReadOnlyDictionary<string, string> TiedKeys => new Dictionary<string, string>
    {
        ["lm_head.decoder.weight"] = "roberta.embeddings.word_embeddings.weight",
        ["lm_head.decoder.bias"] = "lm_head.bias",
    };

    /// <inheritdoc />
    protected override Tensor<float> Predict(Tensor<float> hidden) => head.Forward(hidden);
}
