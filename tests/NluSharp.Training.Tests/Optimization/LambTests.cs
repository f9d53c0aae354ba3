// LAMB against a scalar float64 replay of You et al. 2020 Algorithm 2 (as documented in Lamb.cs), plus thread-count
// independence, bit-exact resume (in memory and through optimizer.safetensors/json), argument checks and a convergence check.
using NluSharp.Engine;
using NluSharp.Training.Checkpointing;
using NluSharp.Training.Optimization;

namespace NluSharp.Training.Tests.Optimization;

public class LambTests
{
    static NamedParameter Param(string name, float[] values)
    {
        var t = Tensor<float>.FromArray(values, values.Length);
        t.RequiresGrad = true;
        return new NamedParameter(name, t);
    }

    static float[] Random(Random rng, int n, double scale) => Enumerable.Range(0, n).Select(_ => (float)((rng.NextDouble() * 2 - 1) * scale)).ToArray();

    /// <summary>Gives <paramref name="p"/> exactly the gradient <paramref name="grad"/> (creating Grad on first use).</summary>
    static void SetGrad(NamedParameter p, float[] grad)
    {
        if (p.Value.Grad == null) p.Value.Sum().Backward();
        grad.CopyTo(p.Value.Grad!.AsSpan());
    }

    // A model of five parameters in two groups: wd 0.01 {big (vector path + several 4096 blocks, threaded), odd (tail only),
    // zeros (all zero: trust ratio 1 on the first step)}, wd 0 {bias (crosses a block boundary), frozen (never a gradient)}.
    sealed class Model
    {
        public readonly NamedParameter Big, Odd, Zeros, Bias, Frozen;
        public readonly ParameterGroup[] Groups;
        public Model(int seed)
        {
            var rng = new Random(seed);
            Big = Param("big", Random(rng, 17 * 4096 + 5, 0.5));
            Odd = Param("odd", Random(rng, 13, 2.0));
            Zeros = Param("zeros", new float[37]);
            Bias = Param("bias", Random(rng, 4099, 0.1));
            Frozen = Param("frozen", Random(rng, 9, 1.0));
            Groups = [new ParameterGroup([Big, Odd, Zeros], 0.01), new ParameterGroup([Bias, Frozen], 0.0)];
        }
        public NamedParameter[] All => [Big, Odd, Zeros, Bias, Frozen];
    }

    // Gradients for step k (same for every model built from the same seed): varied magnitudes, some exact zeros.
    static float[][] Gradients(Model model, int step)
    {
        var rng = new Random(1000 + step);
        return model.All.Take(4).Select(p => Enumerable.Range(0, (int)p.Value.Length)
            .Select(i => i % 11 == 0 ? 0f : (float)((rng.NextDouble() - 0.5) * Math.Pow(10, rng.Next(-3, 1)))).ToArray()).ToArray();
    }

    static void RunSteps(IOptimizer optimizer, Model model, int from, int to)
    {
        for (int k = from; k < to; k++)
        {
            var g = Gradients(model, k);
            for (int j = 0; j < 4; j++) SetGrad(model.All[j], g[j]);
            optimizer.Step(LearningRate(k));
        }
    }

    static double LearningRate(int step) => 2e-2 * (1 + step % 3) / 3;

    /// <summary>The straightforward float64 LAMB of one tensor (Algorithm 2 with bias correction, decoupled decay, trust ratio on every tensor).</summary>
    sealed class Reference(float[] start, double weightDecay, double beta1 = 0.9, double beta2 = 0.999, double eps = 1e-6)
    {
        public readonly double[] P = start.Select(x => (double)x).ToArray();
        readonly double[] m = new double[start.Length], v = new double[start.Length];
        int step;
        public double LastTrustRatio;

        public void Step(float[] g, double lr)
        {
            step++;
            var u = new double[P.Length];
            for (int i = 0; i < P.Length; i++)
            {
                m[i] = beta1 * m[i] + (1 - beta1) * g[i];
                v[i] = beta2 * v[i] + (1 - beta2) * (double)g[i] * g[i];
                double mHat = m[i] / (1 - Math.Pow(beta1, step));
                double vHat = v[i] / (1 - Math.Pow(beta2, step));
                u[i] = mHat / (Math.Sqrt(vHat) + eps) + weightDecay * P[i];
            }
            double pNorm = Math.Sqrt(P.Sum(x => x * x)), uNorm = Math.Sqrt(u.Sum(x => x * x));
            LastTrustRatio = pNorm > 0 && uNorm > 0 ? pNorm / uNorm : 1;
            for (int i = 0; i < P.Length; i++) P[i] -= lr * LastTrustRatio * u[i];
        }
    }

    [Fact]
    public void LambMatchesAScalarFloat64Reference()
    {
        var model = new Model(1);
        var frozenStart = model.Frozen.Value.ToArray();
        var lamb = new Lamb(model.Groups);
        double[] decay = [0.01, 0.01, 0.01, 0.0];
        var references = model.All.Take(4).Select((p, j) => new Reference(p.Value.ToArray(), decay[j])).ToArray();
        for (int k = 0; k < 6; k++)
        {
            RunSteps(lamb, model, k, k + 1);
            var g = Gradients(model, k);
            for (int j = 0; j < 4; j++) references[j].Step(g[j], LearningRate(k));
            if (k == 0) Assert.Equal(1.0, references[2].LastTrustRatio);   // the all-zero tensor: ‖p‖ = 0 → ratio 1
        }
        for (int j = 0; j < 4; j++)
        {
            var actual = model.All[j].Value.ToArray();
            var expected = references[j].P;
            double rms = Math.Sqrt(expected.Sum(x => x * x) / expected.Length);
            for (int i = 0; i < actual.Length; i++)
                Assert.True(Math.Abs(actual[i] - expected[i]) <= 1e-6 * Math.Max(Math.Abs(expected[i]), rms),
                    $"{model.All[j].Name}[{i}]: float32 {actual[i]}, float64 {expected[i]}");
        }
        Assert.Equal(frozenStart, model.Frozen.Value.ToArray());
        var state = lamb.SaveState();
        Assert.False(state.Steps.ContainsKey("frozen"));
        Assert.Equal(6, state.Steps["big"]);
        Assert.Equal(new[] { "bias", "big", "odd", "zeros" }, state.Steps.Keys.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void FirstStepByHand()
    {
        // Step 1 with bias correction: m̂ = g, v̂ = g², so u = g / (|g| + ε) + wd·p ≈ sign(g) + wd·p.
        // p = (3, 4), g = (1, -1), wd = 0.5: u = (1 + 1.5, -1 + 2) = (2.5, 1) (up to ε); ‖p‖ = 5, ‖u‖ = sqrt(7.25);
        // p ← p − lr·(5 / sqrt(7.25))·u with lr = 0.1.
        var p = Param("w", [3f, 4f]);
        var lamb = new Lamb([new ParameterGroup([p], 0.5)], epsilon: 0);
        SetGrad(p, [1f, -1f]);
        lamb.Step(0.1);
        double r = 5 / Math.Sqrt(7.25);
        Assert.Equal(3 - 0.1 * r * 2.5, p.Value.AsSpan()[0], 6);
        Assert.Equal(4 - 0.1 * r * 1.0, p.Value.AsSpan()[1], 6);
    }

    [Fact]
    public void WithoutBiasCorrectionTheTrustRatioCancelsTheMomentScale()
    {
        // No bias correction: m = 0.1·g, v = 0.001·g², u = 0.1 / sqrt(0.001) = sqrt(10) per unit gradient; p = (1, 0) with
        // wd 0 gives u = (sqrt(10), 0), ratio 1 / sqrt(10), so p ← 1 − lr exactly as with bias correction (the ratio cancels
        // the scale); the moments differ, which is what the saved state shows.
        var p = Param("w", [1f, 0f]);
        var lamb = new Lamb([new ParameterGroup([p], 0.0)], biasCorrection: false);
        SetGrad(p, [2f, 0f]);
        lamb.Step(0.1);
        Assert.Equal(0.9, p.Value.AsSpan()[0], 6);
        Assert.Equal(0f, p.Value.AsSpan()[1]);
        var state = lamb.SaveState();
        Assert.Equal(0.0, state.Hyperparameters["bias_correction"]);
        Assert.Equal(0.2f, state.Buffers["exp_avg/w"][0], 6);
    }

    [Fact]
    public void LambIsBitwiseIdenticalForOneAndTwoThreads()
    {
        int saved = Threads.Count;
        try
        {
            var results = new List<float[][]>();
            foreach (int threads in new[] { 1, 2 })
            {
                Threads.Count = threads;
                var model = new Model(2);
                RunSteps(new Lamb(model.Groups), model, 0, 5);
                results.Add(model.All.Select(p => p.Value.ToArray()).ToArray());
            }
            for (int j = 0; j < results[0].Length; j++) Assert.Equal(results[0][j], results[1][j]);
        }
        finally { Threads.Count = saved; }
    }

    [Fact]
    public void LambStateRoundTripContinuesBitExactly()
    {
        var a = new Model(3);
        RunSteps(new Lamb(a.Groups, beta2: 0.98), a, 0, 6);

        var b = new Model(3);
        var first = new Lamb(b.Groups, beta2: 0.98);
        RunSteps(first, b, 0, 3);
        var resumed = new Lamb(b.Groups, beta2: 0.98);
        resumed.LoadState(first.SaveState());
        RunSteps(resumed, b, 3, 6);

        var c = new Model(3);
        var beforeFile = new Lamb(c.Groups, beta2: 0.98);
        RunSteps(beforeFile, c, 0, 3);
        var dir = Directory.CreateTempSubdirectory("nlusharp-lamb-").FullName;
        try
        {
            OptimizerStateFile.Save(dir, beforeFile.SaveState());
            var loaded = OptimizerStateFile.Load(dir);
            Assert.Equal("lamb", loaded.Kind);
            var fromFile = new Lamb(c.Groups, beta2: 0.98);
            fromFile.LoadState(loaded);
            RunSteps(fromFile, c, 3, 6);
        }
        finally { Directory.Delete(dir, recursive: true); }

        for (int j = 0; j < a.All.Length; j++)
        {
            Assert.Equal(a.All[j].Value.ToArray(), b.All[j].Value.ToArray());
            Assert.Equal(a.All[j].Value.ToArray(), c.All[j].Value.ToArray());
        }
    }

    [Fact]
    public void LambLoadingIncompatibleStateFailsClearly()
    {
        var p = Param("w", [1f, 2f]);
        var adam = new AdamW([new ParameterGroup([p], 0.01)]);
        SetGrad(p, [1f, 1f]);
        adam.Step(0.1);
        var lamb = new Lamb([new ParameterGroup([p], 0.01)]);
        // Resuming an AdamW checkpoint with --optim lamb (and the reverse) names both optimizers.
        var e = Assert.Throws<InvalidDataException>(() => lamb.LoadState(adam.SaveState()));
        Assert.Contains("'adamw'", e.Message);
        Assert.Contains("'lamb'", e.Message);
        lamb.Step(0.1);
        Assert.Contains("'lamb'", Assert.Throws<InvalidDataException>(() => new AdamW([new ParameterGroup([p], 0.01)]).LoadState(lamb.SaveState())).Message);
        Assert.Contains("bias_correction", Assert.Throws<InvalidDataException>(
            () => new Lamb([new ParameterGroup([p], 0.01)], biasCorrection: false).LoadState(lamb.SaveState())).Message);
        Assert.Contains("eps", Assert.Throws<InvalidDataException>(
            () => new Lamb([new ParameterGroup([p], 0.01)], epsilon: 1e-8).LoadState(lamb.SaveState())).Message);
    }

    [Fact]
    public void LambConstructorRejectsBadArguments()
    {
        ParameterGroup[] G() => [new ParameterGroup([Param("w", [1f])], 0.01)];
        Assert.Throws<ArgumentOutOfRangeException>(() => new Lamb(G(), beta1: 1.0));
        Assert.Throws<ArgumentOutOfRangeException>(() => new Lamb(G(), beta1: -0.1));
        Assert.Throws<ArgumentOutOfRangeException>(() => new Lamb(G(), beta2: 1.0));
        Assert.Throws<ArgumentOutOfRangeException>(() => new Lamb(G(), beta2: double.NaN));
        Assert.Throws<ArgumentOutOfRangeException>(() => new Lamb(G(), epsilon: -1e-6));
        Assert.Throws<ArgumentOutOfRangeException>(() => new Lamb([new ParameterGroup([Param("w", [1f])], -0.1)]));
        var p = Param("w", [1f]);
        Assert.Throws<ArgumentException>(() => new Lamb([new ParameterGroup([p], 0.01), new ParameterGroup([p], 0.0)]));
        Assert.Throws<ArgumentException>(() => new Lamb([new ParameterGroup([p, new NamedParameter("alias", p.Value)], 0.0)]));
    }

    [Fact]
    public void LambDecreasesAQuadraticLoss()
    {
        // loss = ½‖A⊙w − b‖² for fixed diagonal A, b; gradient A⊙(A⊙w − b). 200 steps at lr 0.01 with weight decay 0.
        var rng = new Random(11);
        var a = Random(rng, 50, 1.0).Select(x => 0.5f + Math.Abs(x)).ToArray();
        var b = Random(rng, 50, 1.0);
        var w = Param("w", Random(rng, 50, 1.0));
        double Loss() { var x = w.Value.AsSpan(); double s = 0; for (int i = 0; i < x.Length; i++) s += 0.5 * Math.Pow(a[i] * x[i] - b[i], 2); return s; }
        var lamb = new Lamb([new ParameterGroup([w], 0.0)]);
        double initial = Loss();
        for (int step = 0; step < 200; step++)
        {
            var x = w.Value.AsSpan().ToArray();
            SetGrad(w, x.Select((xi, i) => a[i] * (a[i] * xi - b[i])).ToArray());
            lamb.Step(0.01);
        }
        double final = Loss();
        Assert.True(final < 0.1 * initial, $"loss {initial} → {final}");
    }
}
