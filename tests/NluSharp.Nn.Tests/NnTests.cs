// Building blocks: parameter naming and tying, padding masks in attention, dropout modes, activations by name, and the
// composed BCE-with-logits loss against its definition.
using NluSharp.Engine;

namespace NluSharp.Nn.Tests;

public class NnTests
{
    static readonly EncoderLayerOptions Options = new(16, 4, 24, "gelu", 0.1, 0.1, 1e-12);

    [Fact]
    public void ParametersCarryHuggingFaceNamesInStateDictOrder()
    {
        var layer = new PostLnEncoderLayer(Options, new Initializer(0.02, 1));
        Assert.Equal(new[]
        {
            "attention.self.query.weight", "attention.self.query.bias", "attention.self.key.weight", "attention.self.key.bias",
            "attention.self.value.weight", "attention.self.value.bias", "attention.output.dense.weight", "attention.output.dense.bias",
            "attention.output.LayerNorm.weight", "attention.output.LayerNorm.bias", "intermediate.dense.weight", "intermediate.dense.bias",
            "output.dense.weight", "output.dense.bias", "output.LayerNorm.weight", "output.LayerNorm.bias",
        }, layer.NamedParameters().Select(p => p.Name));
        Assert.All(layer.Parameters(), p => Assert.True(p.RequiresGrad));
    }

    [Fact]
    public void TiedWeightsAreOneTensorListedUnderBothNamesButCountedOnce()
    {
        var root = new Container();
        var embedding = root.Add("embed", new Embedding(10, 4, new Initializer(0.02)));
        var decoder = root.Add("decoder", new Linear(4, 10, new Initializer(0.02)));
        decoder.TieWeight(embedding.Weight);
        Assert.Equal(["embed.weight", "decoder.weight", "decoder.bias"], root.NamedParameters().Select(p => p.Name));
        Assert.Equal(["embed.weight", "decoder.bias"], root.UniqueNamedParameters().Select(p => p.Name));
        Assert.Throws<ArgumentException>(() => decoder.TieWeight(Tensor<float>.Zeros(3, 3)));
    }

    [Fact]
    public void PaddingKeysGetZeroProbabilityAndDoNotChangeRealPositions()
    {
        var layer = new PostLnEncoderLayer(Options, new Initializer(0.3, 2));
        var rng = new Random(3);
        float[] Data(int n) => Enumerable.Range(0, n).Select(_ => (float)(rng.NextDouble() * 2 - 1)).ToArray();
        var x = Data(2 * 5 * 16);
        var mask = new AttentionMask(Tensor<int>.FromArray([1, 1, 1, 0, 0, 1, 1, 1, 1, 1], 2, 5));
        var (y1, probs) = layer.Forward(Tensor<float>.FromArray(x, 2, 5, 16), mask);
        var p = probs.ToArray();   // (2, 4, 5, 5)
        for (int h = 0; h < 4; h++)
            for (int q = 0; q < 5; q++)
            {
                Assert.Equal(0f, p[((0 * 4 + h) * 5 + q) * 5 + 3]);
                Assert.Equal(0f, p[((0 * 4 + h) * 5 + q) * 5 + 4]);
                Assert.Equal(1.0, p.Skip(((0 * 4 + h) * 5 + q) * 5).Take(5).Sum(), 5);
            }
        // Changing what sits at the padded positions leaves the real positions' outputs unchanged.
        var x2 = (float[])x.Clone();
        for (int i = 3 * 16; i < 5 * 16; i++) x2[i] = 100f;
        var (y2, _) = layer.Forward(Tensor<float>.FromArray(x2, 2, 5, 16), mask);
        Assert.Equal(y1.ToArray().Take(3 * 16), y2.ToArray().Take(3 * 16));
        Assert.Contains("expected 0 or 1", Assert.Throws<ArgumentException>(() => new AttentionMask(Tensor<int>.FromArray([1, 2], 1, 2))).Message);
    }

    [Fact]
    public void DistilBertScoringMatchesBertScoringUpToRounding()
    {
        var init = new Initializer(0.3, 4);
        var bert = new MultiHeadSelfAttention(16, 4, 0, init, AttentionNames.Bert);
        var distil = new MultiHeadSelfAttention(16, 4, 0, new Initializer(0.3, 4), AttentionNames.DistilBert with { Output = null }, AttentionScoring.ScaleQueryFillMask);
        var x = Tensor<float>.FromArray(Enumerable.Range(0, 3 * 16).Select(i => MathF.Sin(i)).ToArray(), 1, 3, 16);
        var mask = new AttentionMask(Tensor<int>.FromArray([1, 1, 0], 1, 3));
        var a = bert.Forward(x, mask).Probabilities.ToArray();
        var b = distil.Forward(x, mask).Probabilities.ToArray();
        for (int i = 0; i < a.Length; i++) Assert.Equal(a[i], b[i], 1e-6);
    }

    [Fact]
    public void ScalingQueriesByAPowerOfTwoGivesBitwiseTheScoresScaledAfterTheProduct()
    {
        Assert.True(float.IsPow2(1f / MathF.Sqrt(64)) && !float.IsPow2(1f / MathF.Sqrt(8)));
        var rng = new Random(5);
        Tensor<float> R(params int[] s) => Tensor<float>.FromArray(Enumerable.Range(0, s.Aggregate(1, (a, b) => a * b)).Select(_ => (float)(rng.NextDouble() * 4 - 2)).ToArray(), s);
        var (q, k, v) = (R(2, 7, 64), R(2, 7, 64), R(2, 7, 64));   // one head of D = 64: scale 1/8
        var (_, probs) = ScaledDotProductAttention.Forward(q, k, v, 1, null, AttentionScoring.ScaleScoresAddMask, new Dropout(0));
        var reference = q.Reshape(2, 1, 7, 64).MatMul(k.Reshape(2, 1, 7, 64).Transpose(-1, -2)).MulScalar(0.125f).Softmax();
        Assert.Equal(reference.ToArray(), probs.ToArray());
    }

    [Fact]
    public void DropoutIsIdentityInEvalAndReproduciblePerContextInTraining()
    {
        var d = new Dropout(0.5);
        var x = Tensor<float>.Full(1f, 64, 64);
        Assert.Same(x, d.Forward(x));
        d.Train();
        float[] Run(ulong step) { using var _ = DropoutContext.Begin(9, step); return d.Forward(x).ToArray(); }
        Assert.Equal(Run(1), Run(1));
        Assert.NotEqual(Run(1), Run(2));
        using (DropoutContext.Begin(9, 1))
            Assert.NotEqual(d.Forward(x).ToArray(), d.Forward(x).ToArray());   // two calls in one step: two masks
    }

    [Fact]
    public void ActivationsByConfigName()
    {
        var x = Tensor<float>.FromArray([-1f, 0.5f, 2f], 3);
        Assert.Equal(x.Gelu().ToArray(), Activations.Get("gelu")(x).ToArray());
        Assert.Equal(x.Gelu(tanhApproximation: true).ToArray(), Activations.Get("gelu_new")(x).ToArray());
        Assert.Equal([0f, 0.5f, 2f], Activations.Get("relu")(x).ToArray());
        var e = Assert.Throws<ArgumentException>(() => Activations.Get("gelu_fancy", "activation"));
        Assert.Contains("'activation' is \"gelu_fancy\"", e.Message);
    }

    [Fact]
    public void BceWithLogitsMatchesItsDefinitionAndGradient()
    {
        double[] x = [-30, -2.5, -0.1, 0.3, 4, 40], y = [0, 1, 0.25, 1, 0, 1], w = [1, 1, 0, 1, 1, 1];
        var logits = Tensor<float>.FromArray(x.Select(v => (float)v).ToArray(), 2, 3); logits.RequiresGrad = true;
        var targets = Tensor<float>.FromArray(y.Select(v => (float)v).ToArray(), 2, 3);
        double Term(int i) => -(y[i] * Math.Log(1 / (1 + Math.Exp(-x[i]))) + (1 - y[i]) * Math.Log(1 - 1 / (1 + Math.Exp(-x[i]))));
        double TermStable(int i) => Math.Max(x[i], 0) - x[i] * y[i] + Math.Log(1 + Math.Exp(-Math.Abs(x[i])));
        Assert.Equal(Enumerable.Range(1, 4).Average(Term), Enumerable.Range(1, 4).Average(TermStable), 9);
        var loss = Losses.BinaryCrossEntropyWithLogits(logits, targets);
        Assert.Equal(Enumerable.Range(0, 6).Average(TermStable), loss.ToScalar(), 5);
        loss.Backward();
        var g = logits.Grad!.ToArray();
        for (int i = 0; i < 6; i++) Assert.Equal((1 / (1 + Math.Exp(-x[i])) - y[i]) / 6, g[i], 6);
        var masked = Losses.BinaryCrossEntropyWithLogits(logits.Detach(), targets, Tensor<float>.FromArray(w.Select(v => (float)v).ToArray(), 2, 3));
        Assert.Equal(new[] { 0, 1, 3, 4, 5 }.Average(TermStable), masked.ToScalar(), 5);
    }
}
