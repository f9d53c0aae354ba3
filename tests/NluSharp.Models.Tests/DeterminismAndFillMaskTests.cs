// A training step gives bitwise identical logits, loss and gradients with 1 and 2 threads (dropout on), and the
// fill-mask path of the inference API ranks tokens as the reference logits do.
using NluSharp.Checkpoints.Configs;
using NluSharp.Engine;
using NluSharp.Nn;

namespace NluSharp.Models.Tests;

public class DeterminismAndFillMaskTests
{
    static (float[] Logits, float Loss, float[][] Grads) TrainingStep(int threads)
    {
        int saved = Threads.Count;
        Threads.Count = threads;
        try
        {
            var config = new BertConfig { VocabSize = 300, HiddenSize = 64, NumHiddenLayers = 2, NumAttentionHeads = 4, IntermediateSize = 256, MaxPositionEmbeddings = 128 };
            var model = new BertForSequenceClassification((BertConfig)ConfigOverrides.Apply(config, new() { ["num_labels"] = 3 }), seed: 7);
            model.Train();
            var rng = new Random(11);
            int B = 8, T = 96;
            var ids = Enumerable.Range(0, B * T).Select(_ => rng.Next(1, 300)).ToArray();
            var mask = Enumerable.Range(0, B * T).Select(i => i % T < T - 7 * (i / T) ? 1 : 0).ToArray();   // rows of different lengths
            var input = new EncoderInput(Tensor<int>.FromArray(ids, B, T), Tensor<int>.FromArray(mask, B, T));
            var labels = new TaskLabels { Classes = Tensor<int>.FromArray(Enumerable.Range(0, B).Select(i => i % 3).ToArray(), B) };
            using var dropout = DropoutContext.Begin(42, 1);
            var output = model.Forward(input, labels);
            output.Loss!.Backward();
            return (output.Logits!.ToArray(), output.Loss!.ToScalar(), model.Parameters().Select(p => p.Grad!.ToArray()).ToArray());
        }
        finally { Threads.Count = saved; }
    }

    [Fact]
    public void TrainingStepIsBitwiseIdenticalForOneAndTwoThreads()
    {
        var one = TrainingStep(1);
        var two = TrainingStep(2);
        Assert.Equal(one.Logits, two.Logits);
        Assert.Equal(one.Loss, two.Loss);
        for (int i = 0; i < one.Grads.Length; i++) Assert.Equal(one.Grads[i], two.Grads[i]);
    }

    [SkippableFact]
    public void FillMaskReturnsTheTopTokensOfTheReferenceLogits()
    {
        var f = ModelFixture.Of("bert");
        var (model, _) = Pretrained.Load(Path.Combine(f.Dir, "mlm"));
        var api = new TextClassifier(model, null) { TopK = 3 };
        var batch = f.MaskedLmBatch;
        int B = batch.InputIds.Size(0), T = batch.InputIds.Size(1), V = 1000;
        var ids = batch.InputIds.ToArray(); var mask = batch.AttentionMask!.ToArray(); var types = batch.TokenTypeIds!.ToArray();
        var inputs = Enumerable.Range(0, B).Select(b => new TokenizedInput(ids[(b * T)..((b + 1) * T)], mask[(b * T)..((b + 1) * T)], types[(b * T)..((b + 1) * T)])).ToList();
        var predictions = api.PredictTokenized(inputs);
        var logits = f.Expected("masked_lm.logits").Data;
        int maskPositions = 0;
        for (int b = 0; b < B; b++)
            for (int t = 0; t < T; t++)
            {
                if (ids[b * T + t] != 103) continue;
                maskPositions++;
                var expectedTop = Enumerable.Range(0, V).OrderByDescending(v => logits[(b * T + t) * V + v]).Take(3).ToArray();
                var got = predictions[b].MaskCandidates!.Where(c => c.Position == t).ToList();
                Assert.Equal(expectedTop, got.Select(c => c.TokenId));
                Assert.True(got[0].Score >= got[1].Score && got[1].Score >= got[2].Score);
            }
        Assert.True(maskPositions >= 2);
    }
}
