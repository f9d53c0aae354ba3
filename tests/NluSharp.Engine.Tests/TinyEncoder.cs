// A 2-layer post-LN BERT-style encoder built directly from engine ops, used to test a full training step
// (determinism across thread counts, steady-state allocations). The real models live in the models layer.
// Legend: B batch, T sequence length, C hidden size, H heads, D = C / H head size.
using System.Numerics.Tensors;
using NluSharp.Engine;

namespace NluSharp.Engine.Tests;

public sealed class TinyEncoder
{
    public readonly int Vocab, C, H, Intermediate, Layers, Classes, MaxPositions;
    public readonly List<Tensor<float>> Parameters = new();
    readonly Tensor<float> wordEmb, posEmb, embLnW, embLnB, poolW, poolB, clsW, clsB;
    readonly (Tensor<float> q, Tensor<float> qb, Tensor<float> k, Tensor<float> kb, Tensor<float> v, Tensor<float> vb,
        Tensor<float> o, Tensor<float> ob, Tensor<float> ln1W, Tensor<float> ln1B,
        Tensor<float> up, Tensor<float> upB, Tensor<float> down, Tensor<float> downB, Tensor<float> ln2W, Tensor<float> ln2B)[] layers;
    readonly Random init;

    public TinyEncoder(int seed, int vocab = 61, int hidden = 32, int heads = 4, int intermediate = 64, int layerCount = 2, int classes = 3, int maxPositions = 64)
    {
        (Vocab, C, H, Intermediate, Layers, Classes, MaxPositions) = (vocab, hidden, heads, intermediate, layerCount, classes, maxPositions);
        init = new Random(seed);
        wordEmb = Normal(vocab, hidden); posEmb = Normal(maxPositions, hidden);
        embLnW = Ones(hidden); embLnB = Zeros(hidden);
        layers = Enumerable.Range(0, layerCount).Select(_ => (
            Normal(hidden, hidden), Zeros(hidden), Normal(hidden, hidden), Zeros(hidden), Normal(hidden, hidden), Zeros(hidden),
            Normal(hidden, hidden), Zeros(hidden), Ones(hidden), Zeros(hidden),
            Normal(intermediate, hidden), Zeros(intermediate), Normal(hidden, intermediate), Zeros(hidden), Ones(hidden), Zeros(hidden))).ToArray();
        poolW = Normal(hidden, hidden); poolB = Zeros(hidden);
        clsW = Normal(classes, hidden); clsB = Zeros(classes);
    }

    Tensor<float> Param(Tensor<float> t) { t.RequiresGrad = true; Parameters.Add(t); return t; }
    Tensor<float> Normal(params int[] shape)
    {
        var t = Tensor<float>.Persistent(shape);
        var s = t.AsSpan();
        for (int i = 0; i < s.Length; i++) s[i] = (float)(0.02 * Math.Sqrt(-2 * Math.Log(1 - init.NextDouble())) * Math.Cos(2 * Math.PI * init.NextDouble()));
        return Param(t);
    }
    Tensor<float> Zeros(params int[] shape) => Param(Tensor<float>.Persistent(shape));
    Tensor<float> Ones(params int[] shape) { var t = Tensor<float>.Persistent(shape); t.AsSpan().Fill(1f); return Param(t); }

    /// <summary>Logits [B, Classes] for ids [B, T] with a padding mask [B, T] (true = real token).</summary>
    public Tensor<float> Forward(Tensor<int> ids, Tensor<bool> padding, ulong seed, ulong step, bool training)
    {
        int B = ids.Size(0), T = ids.Size(1), D = C / H;
        ulong site = 0;
        DropoutKey Key() => new(seed, step, ++site);
        var x = ids.Embedding(wordEmb).Add(posEmb.Slice(0, 0, T));                       // (B, T, C)
        x = x.LayerNorm(embLnW, embLnB, 1e-12).Dropout(0.1, Key(), training);
        var masked = padding.Reshape(B, 1, 1, T);                                        // (B, 1, 1, T)
        var blocked = Tensor<bool>.FromArray(masked.ToArray().Select(v => !v).ToArray(), B, 1, 1, T);
        foreach (var l in layers)
        {
            var q = x.Linear(l.q, l.qb).Reshape(B, T, H, D).Transpose(1, 2);             // (B, H, T, D)
            var k = x.Linear(l.k, l.kb).Reshape(B, T, H, D).Transpose(1, 2);
            var v = x.Linear(l.v, l.vb).Reshape(B, T, H, D).Transpose(1, 2);
            var scores = q.MatMul(k.Transpose(-1, -2)).MulScalar(1f / MathF.Sqrt(D));   // (B, H, T, T)
            var probs = scores.MaskedFill(blocked, -1e9f).Softmax().Dropout(0.1, Key(), training);
            var context = probs.MatMul(v).Transpose(1, 2).Reshape(B, T, C);            // (B, T, C)
            x = x.Add(context.Linear(l.o, l.ob).Dropout(0.1, Key(), training)).LayerNorm(l.ln1W, l.ln1B, 1e-12);
            var h = x.Linear(l.up, l.upB).Gelu().Linear(l.down, l.downB).Dropout(0.1, Key(), training);
            x = x.Add(h).LayerNorm(l.ln2W, l.ln2B, 1e-12);
        }
        var pooled = x.Slice(1, 0, 1).Reshape(B, C).Linear(poolW, poolB).Tanh();        // (B, C), first token
        return pooled.Linear(clsW, clsB);                                                 // (B, Classes)
    }

    /// <summary>One SGD training step: forward, cross-entropy, backward, update, zero grads. Returns the loss.</summary>
    public float TrainStep(Tensor<int> ids, Tensor<bool> padding, Tensor<int> labels, ulong seed, ulong step, float learningRate)
    {
        var loss = Forward(ids, padding, seed, step, training: true).CrossEntropy(labels);
        float value = loss.ToScalar();
        loss.Backward();
        using (Autograd.NoGrad())
            foreach (var p in Parameters)
            {
                TensorPrimitives.MultiplyAdd(p.Grad!.AsSpan(), -learningRate, p.AsSpan(), p.AsSpan());
                p.ZeroGrad();
            }
        return value;
    }

    public static (Tensor<int> ids, Tensor<bool> padding, Tensor<int> labels) Batch(int seed, int B, int T, int vocab, int classes)
    {
        var rng = new Random(seed);
        var ids = new int[B * T]; var pad = new bool[B * T];
        for (int b = 0; b < B; b++)
        {
            int length = b == 0 ? T : 1 + rng.Next(T);   // the first row is full length, others padded
            for (int t = 0; t < T; t++) { pad[b * T + t] = t < length; ids[b * T + t] = t < length ? rng.Next(vocab) : 0; }
        }
        return (Tensor<int>.FromArray(ids, B, T), Tensor<bool>.FromArray(pad, B, T),
            Tensor<int>.FromArray(Enumerable.Range(0, B).Select(_ => rng.Next(classes)).ToArray(), B));
    }
}
