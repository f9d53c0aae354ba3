// The text-in, labels-out API: load a Hugging Face folder, tokenize raw texts (or take token ids), run the model in
// batches padded to the longest sequence of each batch, and return labels, scores and logits.
using NluSharp.Checkpoints.Configs;
using NluSharp.Engine;
using NluSharp.Tokenizers;

namespace NluSharp.Models;

/// <summary>Runs a task model on texts or token ids. Not thread-safe; use one instance per thread.</summary>
public sealed class TextClassifier
{
    /// <summary>The model (in evaluation mode).</summary>
    public TaskModel Model { get; }
    /// <summary>The tokenizer, or null when the folder has none (then only token ids can be predicted).</summary>
    public Tokenizer? Tokenizer { get; }
    /// <summary>What loading reported (missing/unexpected keys).</summary>
    public LoadReport? Report { get; }
    /// <summary>Candidates returned per mask position for masked-LM models.</summary>
    public int TopK { get; set; } = 5;

    readonly int padId, maxLength;
    readonly IReadOnlyDictionary<int, string> labels;

    /// <summary>Wraps a model and an optional tokenizer.</summary>
    public TextClassifier(TaskModel model, Tokenizer? tokenizer, LoadReport? report = null)
    {
        Model = model; Tokenizer = tokenizer; Report = report;
        model.Train(false);
        (padId, maxLength) = model.Config switch
        {
            RobertaConfig r => (r.PadTokenId, r.MaxPositionEmbeddings - r.PadTokenId - 1),   // positions start at pad + 1
            BertConfig b => (b.PadTokenId, b.MaxPositionEmbeddings),
            DistilBertConfig d => (d.PadTokenId, d.MaxPositionEmbeddings),
            _ => (0, 512),
        };
        labels = model.Config.Id2Label;
        if (tokenizer != null && tokenizer.Truncation == null) tokenizer.Truncation = new TruncationOptions(maxLength);
    }

    /// <summary>
    /// Loads a model folder (config.json + weights) and its tokenizer (tokenizer.json or vocab files) when present.
    /// </summary>
    public static TextClassifier Load(string path, string? className = null)
    {
        var (model, report) = Pretrained.Load(path, className);
        string folder = Directory.Exists(path) ? path : Path.GetDirectoryName(Path.GetFullPath(path))!;
        Tokenizer? tokenizer = null;
        if (new[] { "tokenizer.json", "vocab.txt", "vocab.json", "spiece.model", "sentencepiece.bpe.model" }.Any(n => File.Exists(Path.Combine(folder, n))))
            tokenizer = Tokenizer.FromFile(folder);
        return new TextClassifier(model, tokenizer, report);
    }

    /// <summary>Predicts for raw texts.</summary>
    public IReadOnlyList<Prediction> Predict(IReadOnlyList<string> texts, int batchSize = 32) =>
        Predict(texts.Select(t => (t, (string?)null)).ToList(), batchSize);

    /// <summary>Predicts for texts or text pairs.</summary>
    public IReadOnlyList<Prediction> Predict(IReadOnlyList<(string Text, string? Pair)> inputs, int batchSize = 32)
    {
        var tokenizer = Tokenizer ?? throw new InvalidOperationException("this model folder has no tokenizer (tokenizer.json or vocab files); pass token ids instead");
        var encoded = inputs.Select(i => tokenizer.Encode(i.Text, i.Pair)).ToList();
        return PredictTokenized(encoded.Select(e => new TokenizedInput(e.Ids.ToArray(), e.AttentionMask.ToArray(), e.TypeIds.ToArray())).ToList(), batchSize);
    }

    /// <summary>Predicts for token ids; each batch is padded to its longest input.</summary>
    public IReadOnlyList<Prediction> PredictTokenized(IReadOnlyList<TokenizedInput> inputs, int batchSize = 32, CancellationToken cancellationToken = default)
    {
        if (batchSize < 1) throw new ArgumentOutOfRangeException(nameof(batchSize), batchSize, "batch size must be at least 1");
        for (int i = 0; i < inputs.Count; i++) Validate(inputs[i], i);
        var results = new Prediction[inputs.Count];
        // Batches of similar lengths waste less work on padding; results go back in input order.
        var order = Enumerable.Range(0, inputs.Count).OrderBy(i => inputs[i].InputIds.Length).ToArray();
        for (int start = 0; start < order.Length; start += batchSize)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var chunk = order.Skip(start).Take(batchSize).ToArray();
            var predictions = RunBatch(chunk.Select(i => inputs[i]).ToList());
            for (int j = 0; j < chunk.Length; j++) results[chunk[j]] = predictions[j];
        }
        return results;
    }

    void Validate(TokenizedInput input, int index)
    {
        int T = input.InputIds.Length;
        if (T == 0) throw new ArgumentException($"input {index}: input_ids is empty");
        if (T > maxLength) throw new ArgumentException($"input {index}: {T} tokens, more than the model's maximum of {maxLength}");
        if (input.AttentionMask != null && input.AttentionMask.Length != T) throw new ArgumentException($"input {index}: attention_mask has {input.AttentionMask.Length} entries, input_ids has {T}");
        if (input.TokenTypeIds != null && input.TokenTypeIds.Length != T) throw new ArgumentException($"input {index}: token_type_ids has {input.TokenTypeIds.Length} entries, input_ids has {T}");
        int vocab = Model.Encoder.WordEmbeddings.Weight.Size(0);
        foreach (var id in input.InputIds)
            if ((uint)id >= (uint)vocab) throw new ArgumentException($"input {index}: token id {id} is outside the vocabulary of {vocab}");
        if (input.AttentionMask is { } m && m.Any(v => v is not (0 or 1))) throw new ArgumentException($"input {index}: attention_mask values must be 0 or 1");
    }

    List<Prediction> RunBatch(List<TokenizedInput> batch)
    {
        int B = batch.Count, T = batch.Max(x => x.InputIds.Length);
        var ids = new int[B * T]; var mask = new int[B * T]; var types = new int[B * T];
        Array.Fill(ids, padId);
        for (int b = 0; b < B; b++)
        {
            var x = batch[b];
            for (int t = 0; t < x.InputIds.Length; t++)
            {
                ids[b * T + t] = x.InputIds[t];
                mask[b * T + t] = x.AttentionMask?[t] ?? 1;
                types[b * T + t] = x.TokenTypeIds?[t] ?? 0;
            }
        }
        var input = new EncoderInput(Tensor<int>.FromArray(ids, B, T), Tensor<int>.FromArray(mask, B, T), Tensor<int>.FromArray(types, B, T));
        using var scope = MemoryScope.Begin();
        using var noGrad = Autograd.NoGrad();
        var output = Model.Forward(input);
        var result = new List<Prediction>(B);
        for (int b = 0; b < B; b++) result.Add(Decode(output, b, batch[b]));
        return result;
    }

    Prediction Decode(TaskOutput output, int b, TokenizedInput input)
    {
        int length = input.InputIds.Length;
        switch (Model)
        {
            case SequenceClassificationModel:
            {
                var logits = Row(output.Logits!, b);
                if (logits.Length == 1) return new Prediction { Logits = logits };   // regression: the logit is the score
                bool multiLabel = ClassificationLoss.ProblemType(Model.Config) == "multi_label_classification";
                var probs = multiLabel ? logits.Select(v => 1f / (1f + MathF.Exp(-v))).ToArray() : Softmax(logits);
                int best = ArgMax(logits);
                return new Prediction { Logits = logits, Probabilities = probs, LabelId = best, Label = LabelName(best) };
            }
            case TokenClassificationModel:
            {
                var all = Row(output.Logits!, b);
                int L = output.Logits!.Size(-1);
                var tokens = new List<TokenLabel>();
                for (int t = 0; t < length; t++)
                {
                    var p = Softmax(all.AsSpan(t * L, L).ToArray());
                    int best = ArgMax(p);
                    tokens.Add(new TokenLabel(t, input.InputIds[t], LabelName(best), p[best]));
                }
                return new Prediction { Logits = all.AsSpan(0, length * L).ToArray(), TokenLabels = tokens };
            }
            case QuestionAnsweringModel:
            {
                var start = Row(output.StartLogits!, b)[..length]; var end = Row(output.EndLogits!, b)[..length];
                var (s, e, score) = BestSpan(start, end, input.TokenTypeIds);
                string? text = Tokenizer?.Decode(input.InputIds[s..(e + 1)]);
                return new Prediction { Logits = [.. start, .. end], Answer = new AnswerSpan(s, e, score, text) };
            }
            case MaskedLMModel:
            {
                var logits = output.Logits!; int V = logits.Size(-1), T = logits.Size(1);
                var all = Row(logits, b);
                int maskId = MaskTokenId();
                var candidates = new List<MaskCandidate>();
                for (int t = 0; t < length; t++)
                {
                    if (input.InputIds[t] != maskId) continue;
                    var p = Softmax(all.AsSpan(t * V, V).ToArray());
                    foreach (var id in Enumerable.Range(0, V).OrderByDescending(i => p[i]).ThenBy(i => i).Take(TopK))
                        candidates.Add(new MaskCandidate(t, id, Tokenizer?.IdToToken(id), p[id]));
                }
                return new Prediction { Logits = [], MaskCandidates = candidates };
            }
            default:
                return new Prediction { Logits = output.Logits is { } l ? Row(l, b) : [] };
        }
    }

    int MaskTokenId() =>
        Tokenizer == null ? 103 : Tokenizer.TokenToId("[MASK]") ?? Tokenizer.TokenToId("<mask>")
            ?? throw new InvalidOperationException("the tokenizer has no [MASK] or <mask> token");

    /// <summary>The best span with start ≤ end, length ≤ 30 tokens, inside the context (type id 1 when the input is a pair).</summary>
    static (int Start, int End, float Score) BestSpan(float[] start, float[] end, int[]? types)
    {
        bool pair = types != null && types.Any(t => t == 1);
        (int, int, float) best = (0, 0, float.NegativeInfinity);
        for (int s = 0; s < start.Length; s++)
        {
            if (pair && types![s] != 1) continue;
            for (int e = s; e < Math.Min(end.Length, s + 30); e++)
            {
                if (pair && types![e] != 1) break;
                float score = start[s] + end[e];
                if (score > best.Item3) best = (s, e, score);
            }
        }
        return best;
    }

    string LabelName(int id) => labels.TryGetValue(id, out var name) ? name : $"LABEL_{id}";

    static float[] Row(Tensor<float> t, int b)
    {
        int per = (int)(t.Length / t.Size(0));
        return t.Contiguous().AsSpan().Slice(b * per, per).ToArray();
    }

    static float[] Softmax(float[] x)
    {
        float max = x.Max(); var e = x.Select(v => MathF.Exp(v - max)).ToArray(); float sum = e.Sum();
        return e.Select(v => v / sum).ToArray();
    }

    static int ArgMax(float[] x) { int best = 0; for (int i = 1; i < x.Length; i++) if (x[i] > x[best]) best = i; return best; }
}
