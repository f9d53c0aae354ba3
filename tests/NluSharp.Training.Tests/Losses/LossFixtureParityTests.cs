// Every classification/regression loss of the catalogue against ../shared/fixtures/losses (torch 1.13, float64):
// the value and the gradient w.r.t. each differentiable input, in float64 and, with looser tolerances, in float32
// (the same generic code the trainer runs). The distillation entries of the fixture (KL, JSD, hidden states,
// cosine, ranking) belong to the distillation losses and are not checked here.
using System.Numerics;
using System.Text.Json;
using NluSharp.Engine;
using NluSharp.Tests;
using NluSharp.Training.Losses;

namespace NluSharp.Training.Tests.Losses;

public class LossFixtureParityTests
{
    /// <summary>Relative tolerance of float64 values, and of float64 gradient entries against the gradient's largest entry.</summary>
    const double Float64Tolerance = 1e-12;
    /// <summary>The same in float32 (about 20 ulps; logits up to ±30).</summary>
    const double Float32Tolerance = 2e-6;

    sealed record Fixture(JsonElement Inputs, JsonElement Losses)
    {
        public static Fixture Load()
        {
            var root = JsonDocument.Parse(File.ReadAllText(SharedData.Require("fixtures/losses/losses.json"))).RootElement;
            return new(root.GetProperty("inputs"), root.GetProperty("losses"));
        }

        public (double[] Data, int[] Shape) Input(string name) => Flatten(Inputs.GetProperty(name));
        public double Value(string loss) => Losses.GetProperty(loss).GetProperty("value").GetDouble();
        public (double[] Data, int[] Shape) Grad(string loss, string input) => Flatten(Losses.GetProperty(loss).GetProperty("grad").GetProperty(input));

        public Tensor<T> Floats<T>(string name, bool requiresGrad = false) where T : unmanaged, IFloatingPointIeee754<T>
        {
            var (data, shape) = Input(name);
            var t = Tensor<T>.FromArray(data.Select(T.CreateChecked).ToArray(), shape);
            t.RequiresGrad = requiresGrad;
            return t;
        }

        public Tensor<int> Ints(string name)
        {
            var (data, shape) = Input(name);
            return Tensor<int>.FromArray(data.Select(v => (int)v).ToArray(), shape);
        }

        static (double[] Data, int[] Shape) Flatten(JsonElement e)
        {
            var shape = new List<int>();
            for (var x = e; x.ValueKind == JsonValueKind.Array; x = x[0]) shape.Add(x.GetArrayLength());
            var data = new List<double>();
            void Walk(JsonElement x) { if (x.ValueKind == JsonValueKind.Array) foreach (var y in x.EnumerateArray()) Walk(y); else data.Add(x.GetDouble()); }
            Walk(e);
            return (data.ToArray(), shape.ToArray());
        }
    }

    /// <summary>Runs a loss on the fixture's inputs; leaf tensors are made once per name, with gradients for <paramref name="gradInputs"/>.</summary>
    static Tensor<T> Run<T>(Fixture f, Func<Func<string, Tensor<T>>, Tensor<T>> loss, string[] gradInputs, Dictionary<string, Tensor<T>> leaves)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        Tensor<T> Leaf(string name)
        {
            if (!leaves.TryGetValue(name, out var t)) leaves[name] = t = f.Floats<T>(name, gradInputs.Contains(name));
            return t;
        }
        return loss(Leaf);
    }

    static LossTargets<T> Labels<T>(Fixture f, string name = "targets", Tensor<T>? weights = null, Tensor<T>? features = null) where T : unmanaged, IFloatingPointIeee754<T> =>
        new() { Labels = f.Ints(name), Weights = weights, Features = features };

    /// <summary>The part-1 entries of the fixture and the loss that must reproduce each.</summary>
    static Tensor<T> Compute<T>(string name, Fixture f, Func<string, Tensor<T>> x) where T : unmanaged, IFloatingPointIeee754<T> => name switch
    {
        "cross_entropy" => new CrossEntropyLoss().Compute(x("logits"), Labels<T>(f)),
        "label_smoothing_0.1" => new CrossEntropyLoss(0.1).Compute(x("logits"), Labels<T>(f)),
        "focal_gamma2" => new FocalLoss(2).Compute(x("logits"), Labels<T>(f)),
        "focal_gamma2_alpha" => new FocalLoss(2, [0.25, 0.5, 0.75, 1.0, 0.4]).Compute(x("logits"), Labels<T>(f)),
        "poly1_eps1" => new Poly1Loss(1).Compute(x("logits"), Labels<T>(f)),
        "squentropy" => new SquentropyLoss().Compute(x("logits"), Labels<T>(f)),
        "z_loss_1e-4" => ZLoss.Term(x("logits"), Labels<T>(f), 1e-4),
        "cross_entropy_plus_z_loss" => new ZLoss(new CrossEntropyLoss(), 1e-4).Compute(x("logits"), Labels<T>(f)),
        "bce_with_logits_multilabel" => new BceWithLogitsLoss().Compute(x("logits"), new LossTargets<T> { Targets = f.Floats<T>("multilabel_targets") }),
        "mse_regression" => new MseLoss().Compute(x("regression_preds"), new LossTargets<T> { Targets = f.Floats<T>("regression_targets").Reshape(6, 1) }),
        "supervised_contrastive_T0.1" => new SupConLoss(temperature: 0.1, weight: 1).Compute(Tensor<T>.Zeros(8, 3), Labels<T>(f, "supcon_labels", features: x("supcon_features"))),
        "harmonic_n4" => HarmonicLoss.Compute(x("harmonic_x"), x("harmonic_w"), f.Ints("harmonic_targets"), 4),
        "harmonic_code_variant_n4" => HarmonicLoss.Compute(x("harmonic_x"), x("harmonic_w"), f.Ints("harmonic_targets"), 4, HarmonicLoss.Variant.Code),
        _ => throw new ArgumentException(name),
    };

    public static readonly TheoryData<string> Entries = new(
        "cross_entropy", "label_smoothing_0.1", "focal_gamma2", "focal_gamma2_alpha", "poly1_eps1", "squentropy", "z_loss_1e-4",
        "cross_entropy_plus_z_loss", "bce_with_logits_multilabel", "mse_regression", "supervised_contrastive_T0.1", "harmonic_n4",
        "harmonic_code_variant_n4");

    static readonly string[] LabelBased = ["cross_entropy", "label_smoothing_0.1", "focal_gamma2", "focal_gamma2_alpha", "poly1_eps1", "squentropy", "z_loss_1e-4", "cross_entropy_plus_z_loss"];

    /// <summary>Runs an entry in precision T; returns the value and the gradients by input name (as doubles).</summary>
    static (double Value, Dictionary<string, double[]> Grads) Evaluate<T>(Fixture f, string name, Func<Fixture, Func<string, Tensor<T>>, Tensor<T>>? custom = null)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var gradInputs = f.Losses.GetProperty(name).GetProperty("grad").EnumerateObject().Select(p => p.Name).ToArray();
        var leaves = new Dictionary<string, Tensor<T>>();
        var loss = Run(f, x => (custom ?? ((ff, xx) => Compute(name, ff, xx)))(f, x), gradInputs, leaves);
        loss.Backward();
        return (double.CreateChecked(loss.ToScalar()), gradInputs.ToDictionary(n => n, n => leaves[n].Grad!.ToArray().Select(double.CreateChecked).ToArray()));
    }

    static void AssertMatches(Fixture f, string name, (double Value, Dictionary<string, double[]> Grads) got, double tolerance)
    {
        double want = f.Value(name);
        Assert.True(Math.Abs(got.Value - want) <= tolerance * Math.Abs(want), $"{name}: value {got.Value:R}, fixture {want:R} (relative {Math.Abs(got.Value - want) / Math.Abs(want):E2})");
        foreach (var (input, grad) in got.Grads)
        {
            var (expected, _) = f.Grad(name, input);
            Assert.Equal(expected.Length, grad.Length);
            double scale = expected.Max(Math.Abs);
            for (int i = 0; i < grad.Length; i++)
                Assert.True(Math.Abs(grad[i] - expected[i]) <= tolerance * scale,
                    $"{name}: d/d{input}[{i}] = {grad[i]:R}, fixture {expected[i]:R} (|Δ|/max {Math.Abs(grad[i] - expected[i]) / scale:E2})");
        }
    }

    [SkippableTheory]
    [MemberData(nameof(Entries))]
    public void Float64MatchesTheFixture(string name)
    {
        var f = Fixture.Load();
        var got = Evaluate<double>(f, name);
        AssertMatches(f, name, got, Float64Tolerance);
        if (LabelBased.Contains(name))   // the ignored row (target −100) has an exact 0 gradient
            Assert.All(got.Grads["logits"].AsSpan(25, 5).ToArray(), g => Assert.Equal(0.0, g));
    }

    [SkippableTheory]
    [MemberData(nameof(Entries))]
    public void Float32MatchesTheFixture(string name)
    {
        var f = Fixture.Load();
        AssertMatches(f, name, Evaluate<float>(f, name), Float32Tolerance);
    }

    [SkippableTheory]
    [InlineData("cross_entropy")]
    [InlineData("label_smoothing_0.1")]
    public void ComposedCrossEntropyWithUnitWeightsMatchesTheFixture(string name)
    {
        // Class weights and example weights of 1 take the composed path (the fused op's oracle); same fixture values.
        var f = Fixture.Load();
        double smoothing = name == "cross_entropy" ? 0 : 0.1;
        AssertMatches(f, name, Evaluate<double>(f, name, (ff, x) => new CrossEntropyLoss(smoothing, [1, 1, 1, 1, 1]).Compute(x("logits"), Labels<double>(ff))), Float64Tolerance);
        AssertMatches(f, name, Evaluate<double>(f, name, (ff, x) => new CrossEntropyLoss(smoothing).Compute(x("logits"), Labels(ff, weights: Tensor<double>.Full(1.0, 6)))), Float64Tolerance);
    }

    [SkippableFact]
    public void SupConOnFeaturesAloneMatchesTheFixture()
    {
        var f = Fixture.Load();
        AssertMatches(f, "supervised_contrastive_T0.1",
            Evaluate<double>(f, "supervised_contrastive_T0.1", (ff, x) => SupConLoss.Contrastive(x("supcon_features"), ff.Ints("supcon_labels"), 0.1)), Float64Tolerance);
    }
}
