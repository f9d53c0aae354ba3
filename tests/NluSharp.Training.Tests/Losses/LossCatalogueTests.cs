// The loss catalogue beyond the fixture: float64 central-difference gradient checks of every loss (with class,
// per-class and per-example weights, ignored rows, both Huber branches), the weighted cross-entropy against a naive
// loop of torch's formula, Huber against its definition, per-example weights as a linear combination of per-row
// losses, example weights travelling through a collated batch, and the `--loss` option parser's one-line errors.
using NluSharp.Engine;
using NluSharp.Evaluation.Datasets;
using NluSharp.Training.Data;
using NluSharp.Training.Losses;

namespace NluSharp.Training.Tests.Losses;

public class LossCatalogueTests
{
    const int B = 7, C = 5;
    static readonly int[] Labels = [2, 0, 4, -100, 1, 3, 2];
    static readonly double[] ExampleWeights = [1.0, 0.5, 2.0, 1.0, 0.0, 1.5, 0.25];

    /// <summary>Seeded logits in (−3, 3), (B, C).</summary>
    static double[] Logits(int seed = 1, int n = B * C)
    {
        var rng = new Random(seed);
        return Enumerable.Range(0, n).Select(_ => rng.NextDouble() * 6 - 3).ToArray();
    }

    static LossTargets<double> Targets(bool weighted, Tensor<double>? features = null) => new()
    {
        Labels = Tensor<int>.FromArray(Labels, B), Weights = weighted ? Tensor<double>.FromArray(ExampleWeights, B) : null, Features = features,
    };

    /// <summary>Central differences (h 1e-6) of a scalar function of several inputs against its autograd gradient.</summary>
    static void GradCheck(Func<Tensor<double>[], Tensor<double>> f, params (double[] Data, int[] Shape)[] inputs)
    {
        var leaves = inputs.Select(i => { var t = Tensor<double>.FromArray(i.Data, i.Shape); t.RequiresGrad = true; return t; }).ToArray();
        f(leaves).Backward();
        const double h = 1e-6;
        for (int k = 0; k < inputs.Length; k++)
        {
            var analytic = leaves[k].Grad!.ToArray();
            for (int j = 0; j < inputs[k].Data.Length; j++)
            {
                double At(double delta)
                {
                    var data = inputs.Select(i => i.Data.ToArray()).ToArray();
                    data[k][j] += delta;
                    using var _ = Autograd.NoGrad();
                    return f(data.Select((d, i) => Tensor<double>.FromArray(d, inputs[i].Shape)).ToArray()).ToScalar();
                }
                double numeric = (At(h) - At(-h)) / (2 * h);
                Assert.True(Math.Abs(numeric - analytic[j]) <= 1e-7 * Math.Max(1, Math.Abs(numeric)),
                    $"input {k}[{j}]: autograd {analytic[j]:R}, central difference {numeric:R}");
            }
        }
    }

    public static readonly TheoryData<string> LabelLosses = new("cross_entropy_weighted", "focal", "focal_fractional_gamma", "poly1", "squentropy", "z_loss_on_focal", "supcon_mixed");

    static TrainingLoss LabelLoss(string name) => name switch
    {
        "cross_entropy_weighted" => new CrossEntropyLoss(0.1, [0.5, 2, 1, 1.5, 0.7]),
        "focal" => new FocalLoss(2, [0.25, 0.5, 0.75, 1.0, 0.4]),
        "focal_fractional_gamma" => new FocalLoss(0.5),
        "poly1" => new Poly1Loss(1, labelSmoothing: 0.1),
        "squentropy" => new SquentropyLoss(labelSmoothing: 0.2),
        "z_loss_on_focal" => new ZLoss(new FocalLoss(2), 1e-2),
        "supcon_mixed" => new SupConLoss(temperature: 0.1, weight: 0.5),
        _ => throw new ArgumentException(name),
    };

    [Theory]
    [MemberData(nameof(LabelLosses))]
    public void LabelLossesPassAGradientCheck(string name)
    {
        var loss = LabelLoss(name);
        foreach (bool weighted in new[] { false, true })
            if (loss.NeedsFeatures)
                GradCheck(x => loss.Compute(x[0], Targets(weighted, x[1])), (Logits(), [B, C]), (Logits(2, B * 4), [B, 4]));
            else
                GradCheck(x => loss.Compute(x[0], Targets(weighted)), (Logits(), [B, C]));
    }

    [Theory]
    [MemberData(nameof(LabelLosses))]
    public void ExampleWeightsMultiplyEachRowsLoss(string name)
    {
        // L(w) = Σ_i w_i · L(e_i): the weights enter linearly and the denominator does not depend on them.
        var loss = LabelLoss(name);
        var logits = Tensor<double>.FromArray(Logits(), B, C);
        var features = Tensor<double>.FromArray(Logits(2, B * 4), B, 4);
        double Value(double[] w) => loss.Compute(logits, new LossTargets<double>
        {
            Labels = Tensor<int>.FromArray(Labels, B), Weights = Tensor<double>.FromArray(w, B), Features = features,
        }).ToScalar();
        double combined = Enumerable.Range(0, B).Sum(i => ExampleWeights[i] * Value(Enumerable.Range(0, B).Select(j => i == j ? 1.0 : 0.0).ToArray()));
        Assert.Equal(combined, Value(ExampleWeights), 12);
        Assert.Equal(loss.Compute(logits, Targets(false, features)).ToScalar(), Value(Enumerable.Repeat(1.0, B).ToArray()), 12);
    }

    [Fact]
    public void RegressionAndMultiLabelLossesPassAGradientCheck()
    {
        var targets = Logits(3, B * 2);
        var bits = Logits(4, B * 3).Select(v => v > 0 ? 1.0 : 0.0).ToArray();
        foreach (bool weighted in new[] { false, true })
        {
            var w = weighted ? Tensor<double>.FromArray(ExampleWeights, B) : null;
            GradCheck(x => new MseLoss().Compute(x[0], new LossTargets<double> { Targets = Tensor<double>.FromArray(targets, B, 2), Weights = w }), (Logits(5, B * 2), [B, 2]));
            GradCheck(x => new HuberLoss(1.5).Compute(x[0], new LossTargets<double> { Targets = Tensor<double>.FromArray(targets, B, 2), Weights = w }), (Logits(5, B * 2), [B, 2]));
            GradCheck(x => new BceWithLogitsLoss().Compute(x[0], new LossTargets<double> { Targets = Tensor<double>.FromArray(bits, B, 3), Weights = w }), (Logits(6, B * 3), [B, 3]));
        }
    }

    [Fact]
    public void HarmonicLossPassesAGradientCheck()
    {
        var y = Tensor<int>.FromArray([1, 0, -100, 2], 4);
        foreach (var variant in new[] { HarmonicLoss.Variant.Paper, HarmonicLoss.Variant.Code })
            GradCheck(x => HarmonicLoss.Compute(x[0], x[1], y, 3, variant), (Logits(7, 4 * 6), [4, 6]), (Logits(8, 3 * 6), [3, 6]));
    }

    [Fact]
    public void WeightedCrossEntropyIsTorchsFormula()
    {
        // torch 1.13 cross_entropy(weight=w, label_smoothing=ε, ignore_index=-100), mean: numerator per valid row
        // (1−ε)·w[y](−log p_y) + (ε/C)Σ_c w_c(−log p_c), denominator Σ_valid w[y]; example weights scale numerators.
        double[] wc = [0.5, 2, 1, 1.5, 0.7];
        var z = Logits();
        foreach (double eps in new[] { 0.0, 0.1 })
        foreach (bool weighted in new[] { false, true })
        {
            double num = 0, den = 0;
            for (int i = 0; i < B; i++)
            {
                if (Labels[i] == -100) continue;
                var row = z.AsSpan(i * C, C).ToArray();
                double lse = Math.Log(row.Sum(Math.Exp));
                double rowLoss = (1 - eps) * wc[Labels[i]] * (lse - row[Labels[i]]) + eps / C * Enumerable.Range(0, C).Sum(c => wc[c] * (lse - row[c]));
                num += (weighted ? ExampleWeights[i] : 1) * rowLoss;
                den += wc[Labels[i]];
            }
            Assert.Equal(num / den, new CrossEntropyLoss(eps, wc).Compute(Tensor<double>.FromArray(z, B, C), Targets(weighted)).ToScalar(), 13);
        }
    }

    [Fact]
    public void HuberIsQuadraticInsideDeltaAndLinearOutside()
    {
        double[] x = [0.2, -3.0, 1.0, 4.5], y = [0.0, 0.0, 0.5, 0.0];
        const double delta = 1.0;
        double expected = x.Zip(y, (a, b) => Math.Abs(a - b) < delta ? 0.5 * (a - b) * (a - b) : delta * (Math.Abs(a - b) - 0.5 * delta)).Average();
        var got = new HuberLoss(delta).Compute(Tensor<double>.FromArray(x, 4, 1), new LossTargets<double> { Targets = Tensor<double>.FromArray(y, 4, 1) });
        Assert.Equal(expected, got.ToScalar(), 15);
    }

    [Fact]
    public void ExampleWeightsTravelThroughACollatedBatch()
    {
        TrainingExample Example(int label, float weight = 1f) => new([1, 2, 3], Label: label, Weight: weight);
        var padding = new DynamicPadding();
        Assert.Null(padding.Collate([Example(0), Example(1)], [0, 1]).Weights);
        var batch = padding.Collate([Example(0), Example(1, 0.5f), Example(2, 3f)], [2, 1]);
        Assert.Equal([3f, 0.5f], batch.Weights!.ToArray());
        var logits = Tensor<float>.FromArray([0.5f, -1f, 2f, 1f, 0f, -0.5f], 2, 3);
        var expected = (3 * logits.Slice(0, 0, 1).CrossEntropy(Tensor<int>.FromArray([2], 1)).ToScalar() + 0.5f * logits.Slice(0, 1, 1).CrossEntropy(Tensor<int>.FromArray([1], 1)).ToScalar()) / 2;
        Assert.Equal(expected, TrainingLoss.CrossEntropy().Compute(logits, batch).ToScalar(), 5);
    }

    [Fact]
    public void SpecBuildsTheNamedLossForItsLabelKind()
    {
        Assert.IsType<FocalLoss>(LossSpec.Parse("focal", "gamma=1.5,alpha=0.25,0.75").For(LabelKind.SingleLabel, 2));
        Assert.Equal([0.25, 0.75], ((FocalLoss)LossSpec.Parse("focal", "alpha=0.25,0.75, gamma=3").For(LabelKind.SingleLabel, 2)).Alpha!);
        var z = Assert.IsType<ZLoss>(LossSpec.Parse("poly1", "epsilon=2", zLoss: 1e-4).For(LabelKind.SingleLabel, 3));
        Assert.Equal(2, Assert.IsType<Poly1Loss>(z.Inner).Epsilon);
        Assert.IsType<HuberLoss>(LossSpec.Parse("huber", "delta=0.5").For(LabelKind.Regression, 1));
        Assert.IsType<BceWithLogitsLoss>(LossSpec.Parse("bce", null).For(LabelKind.MultiLabel, 4));
        Assert.Equal(0.1, Assert.IsType<CrossEntropyLoss>(LossSpec.Parse(null, null, labelSmoothing: 0.1).For(LabelKind.SingleLabel, 2)).LabelSmoothing);
        Assert.IsType<MseLoss>(LossSpec.Parse(null, null, labelSmoothing: 0.1).For(LabelKind.Regression, 1));   // as before: smoothing ignored by the default
        Assert.True(LossSpec.Parse("supcon", "temperature=0.1").For(LabelKind.SingleLabel, 2).NeedsFeatures);
    }

    [Theory]
    [InlineData("--loss hinge: unknown loss; expected one of cross_entropy, focal", "hinge", null)]
    [InlineData("--loss-args beta: unknown key for --loss focal; expected gamma, alpha", "focal", "beta=2")]
    [InlineData("--loss-args gamma=two: 'two' is not a number", "focal", "gamma=two")]
    [InlineData("--loss-args gamma=-1: focal gamma must be a finite number ≥ 0", "focal", "gamma=-1")]
    [InlineData("--loss-args delta=0: huber delta must be a finite number > 0", "huber", "delta=0")]
    [InlineData("--loss-args temperature=1,2: expected one number", "supcon", "temperature=1,2")]
    [InlineData("--loss-args 'gamma': expected key=value pairs", "focal", "gamma")]
    [InlineData("--loss-args epsilon: unknown key for --loss mse; expected no arguments", "mse", "epsilon=1")]
    [InlineData("--loss-args needs --loss NAME", null, "gamma=2")]
    public void SpecErrorsNameTheOptionAndWhatWasExpected(string expected, string? name, string? args)
    {
        var e = Assert.Throws<ArgumentException>(() => LossSpec.Parse(name, args));
        Assert.StartsWith(expected, e.Message);
        Assert.DoesNotContain('\n', e.Message);
    }

    [Fact]
    public void SpecRejectsALossThatDoesNotFitTheLabelKind()
    {
        string Fails(Func<TrainingLoss> build) => Assert.Throws<ArgumentException>(() => build()).Message;
        Assert.Equal("--loss focal: does not fit a regression task; expected one of mse, huber", Fails(() => LossSpec.Parse("focal", null).For(LabelKind.Regression, 1)));
        Assert.Equal("--loss mse: does not fit a single-label classification task; expected one of cross_entropy, focal, poly1, squentropy, harmonic, supcon",
            Fails(() => LossSpec.Parse("mse", null).For(LabelKind.SingleLabel, 2)));
        Assert.StartsWith("--loss-args alpha: 3 values for 2 classes", Fails(() => LossSpec.Parse("focal", "alpha=1,1,1").For(LabelKind.SingleLabel, 2)));
        Assert.StartsWith("--label-smoothing-factor does not combine with --loss focal", Fails(() => LossSpec.Parse("focal", null, labelSmoothing: 0.1).For(LabelKind.SingleLabel, 2)));
        Assert.StartsWith("--z-loss: applies to softmax classification losses", Fails(() => LossSpec.Parse("huber", null, zLoss: 1e-4).For(LabelKind.Regression, 1)));
        Assert.StartsWith("--loss harmonic: needs a distance-layer classifier head", Fails(() => LossSpec.Parse("harmonic", "n=4").For(LabelKind.SingleLabel, 2)));
    }
}
