// A one-layer post-LN encoder classifier built from engine ops with Hugging Face-style parameter names, standing in for
// the real models in training tests (the models layer is not a dependency of training).
// Legend: B batch, T sequence length, C hidden size, H heads, D = C / H.
using System.Text.Json;
using NluSharp.Engine;
using NluSharp.Training.Data;
using NluSharp.Training.Model;
using NluSharp.Training.Optimization;

namespace NluSharp.Training.Tests.TestModel;

sealed class SmallEncoder : ITrainableModel
{
    public readonly int Vocab, C, H, Classes, MaxPositions;
    readonly List<NamedParameter> parameters = [];
    readonly Random init;
    readonly double dropout;
    public int SaveConfigCalls;
    public Func<int, bool>? FailSaveConfig;   // test hook: simulate a failure while a checkpoint is being written
    readonly Tensor<float> word, position, embLnW, embLnB, q, qb, k, kb, v, vb, o, ob, ln1W, ln1B, up, upB, down, downB, ln2W, ln2B, clsW, clsB;

    public SmallEncoder(int seed, int vocab = 40, int hidden = 16, int heads = 2, int classes = 3, int maxPositions = 32, double dropout = 0.1)
    {
        (Vocab, C, H, Classes, MaxPositions, this.dropout) = (vocab, hidden, heads, classes, maxPositions, dropout);
        init = new Random(seed);
        word = Normal("embeddings.word_embeddings.weight", vocab, hidden);
        position = Normal("embeddings.position_embeddings.weight", maxPositions, hidden);
        (embLnW, embLnB) = (Fill("embeddings.LayerNorm.weight", 1f, hidden), Fill("embeddings.LayerNorm.bias", 0f, hidden));
        (q, qb) = (Normal("encoder.attention.query.weight", hidden, hidden), Fill("encoder.attention.query.bias", 0f, hidden));
        (k, kb) = (Normal("encoder.attention.key.weight", hidden, hidden), Fill("encoder.attention.key.bias", 0f, hidden));
        (v, vb) = (Normal("encoder.attention.value.weight", hidden, hidden), Fill("encoder.attention.value.bias", 0f, hidden));
        (o, ob) = (Normal("encoder.attention.output.dense.weight", hidden, hidden), Fill("encoder.attention.output.dense.bias", 0f, hidden));
        (ln1W, ln1B) = (Fill("encoder.attention.output.LayerNorm.weight", 1f, hidden), Fill("encoder.attention.output.LayerNorm.bias", 0f, hidden));
        (up, upB) = (Normal("encoder.intermediate.dense.weight", 2 * hidden, hidden), Fill("encoder.intermediate.dense.bias", 0f, 2 * hidden));
        (down, downB) = (Normal("encoder.output.dense.weight", hidden, 2 * hidden), Fill("encoder.output.dense.bias", 0f, hidden));
        (ln2W, ln2B) = (Fill("encoder.output.LayerNorm.weight", 1f, hidden), Fill("encoder.output.LayerNorm.bias", 0f, hidden));
        (clsW, clsB) = (Normal("classifier.weight", classes, hidden), Fill("classifier.bias", 0f, classes));
    }

    public IReadOnlyList<NamedParameter> Parameters => parameters;

    Tensor<float> Add(string name, Tensor<float> t) { t.RequiresGrad = true; parameters.Add(new NamedParameter(name, t)); return t; }
    Tensor<float> Normal(string name, params int[] shape)
    {
        var t = Tensor<float>.Persistent(shape);
        var s = t.AsSpan();
        for (int i = 0; i < s.Length; i++) s[i] = (float)(0.3 * Math.Sqrt(-2 * Math.Log(1 - init.NextDouble())) * Math.Cos(2 * Math.PI * init.NextDouble()));
        return Add(name, t);
    }
    Tensor<float> Fill(string name, float value, params int[] shape) { var t = Tensor<float>.Persistent(shape); t.AsSpan().Fill(value); return Add(name, t); }

    public Tensor<float> Forward(Batch batch, ForwardContext context)
    {
        int B = batch.Size, T = batch.Length, D = C / H;
        ulong site = 0;
        DropoutKey Key() => new(context.Seed, context.Step, ++site);
        var x = batch.InputIds.Embedding(word).Add(position.Slice(0, 0, T));             // (B, T, C)
        x = x.LayerNorm(embLnW, embLnB, 1e-12).Dropout(dropout, Key(), context.Training);
        var blocked = Tensor<bool>.FromArray(batch.AttentionMask.ToArray().Select(m => m == 0).ToArray(), B, 1, 1, T);
        var qh = x.Linear(q, qb).Reshape(B, T, H, D).Transpose(1, 2);                    // (B, H, T, D)
        var kh = x.Linear(k, kb).Reshape(B, T, H, D).Transpose(1, 2);
        var vh = x.Linear(v, vb).Reshape(B, T, H, D).Transpose(1, 2);
        var probs = qh.MatMul(kh.Transpose(-1, -2)).MulScalar(1f / MathF.Sqrt(D))          // (B, H, T, T)
            .MaskedFill(blocked, float.MinValue).Softmax().Dropout(dropout, Key(), context.Training);
        var attended = probs.MatMul(vh).Transpose(1, 2).Reshape(B, T, C);                 // (B, T, C)
        x = x.Add(attended.Linear(o, ob).Dropout(dropout, Key(), context.Training)).LayerNorm(ln1W, ln1B, 1e-12);
        var h = x.Linear(up, upB).Gelu().Linear(down, downB).Dropout(dropout, Key(), context.Training);
        x = x.Add(h).LayerNorm(ln2W, ln2B, 1e-12);
        return x.Slice(1, 0, 1).Reshape(B, C).Linear(clsW, clsB);                          // (B, Classes), first token
    }

    public void SaveConfig(string folder)
    {
        if (FailSaveConfig?.Invoke(++SaveConfigCalls) == true) throw new IOException("simulated failure while saving config.json");
        File.WriteAllText(Path.Combine(folder, "config.json"),
            JsonSerializer.Serialize(new { model_type = "small-encoder", vocab_size = Vocab, hidden_size = C, num_attention_heads = H, num_labels = Classes }) + "\n");
    }

    public float[] Snapshot() => parameters.SelectMany(p => p.Value.ToArray()).ToArray();

    /// <summary>A learnable toy task (the model pools the first position): the label is the part of the vocabulary the first token comes from, lengths 3..maxLength.</summary>
    public static List<TrainingExample> Dataset(int count, int seed, int vocab = 40, int classes = 3, int maxLength = 12)
    {
        var rng = new Random(seed);
        return Enumerable.Range(0, count).Select(_ =>
        {
            var ids = Enumerable.Range(0, 3 + rng.Next(maxLength - 2)).Select(_ => 1 + rng.Next(vocab - 1)).ToArray();
            return new TrainingExample(ids, Label: ids[0] * classes / vocab);
        }).ToList();
    }
}
