// AdamW against a hand-computed step and against an independent float64 replay of the torch formula.
using NluSharp.Engine;
using NluSharp.Training.Optimization;

namespace NluSharp.Training.Tests.Optimization;

public class AdamWTests
{
    static NamedParameter Param(string name, params float[] values)
    {
        var t = Tensor<float>.FromArray(values, values.Length);
        t.RequiresGrad = true;
        return new NamedParameter(name, t);
    }

    static void SetGrad(NamedParameter p, params float[] grad)
    {
        p.Value.ZeroGrad();
        p.Value.Mul(Tensor<float>.FromArray(grad, grad.Length)).Sum().Backward();
    }

    [Fact]
    public void FirstStepByHand()
    {
        // p = 1, g = 0.5, lr = 0.1, wd = 0.1.  p ← 1·(1 − 0.01) = 0.99;  m = 0.05;  v = 0.001·0.25 = 0.00025;
        // step size = 0.1 / (1 − 0.9) = 1;  denom = sqrt(0.00025) / sqrt(0.001) + 1e-8 = 0.5 + 1e-8;
        // p ← 0.99 − 0.05 / 0.5 = 0.89.  Second step, same gradient: m = 0.095, v = 0.00049975,
        // step size = 0.1 / 0.19, denom = sqrt(0.00049975 / 0.001999) = 0.5;  p ← 0.89·0.99 − (0.1/0.19)·0.095/0.5 = 0.7811.
        var p = Param("w", 1f);
        var adam = new AdamW([new ParameterGroup([p], 0.1)]);
        SetGrad(p, 0.5f);
        adam.Step(0.1);
        Assert.Equal(0.89, p.Value.AsSpan()[0], 6);
        SetGrad(p, 0.5f);
        adam.Step(0.1);
        Assert.Equal(0.7811, p.Value.AsSpan()[0], 6);
    }

    [Fact]
    public void ZeroLearningRateMovesMomentsButNotWeights()
    {
        // The fixtures' step 1 runs at lr 0: weights stay, the step count and moments advance.
        var p = Param("w", 0.25f, -2f);
        var adam = new AdamW([new ParameterGroup([p], 0.01)]);
        SetGrad(p, 1f, -3f);
        adam.Step(0.0);
        Assert.Equal(new[] { 0.25f, -2f }, p.Value.ToArray());
        var state = adam.SaveState();
        Assert.Equal(1, state.Steps["w"]);
        Assert.Equal(new[] { 0.1f * 1f, 0.1f * -3f }, state.Buffers["exp_avg/w"], new FloatBitsComparer(1e-7f));
    }

    [Fact]
    public void DecayAppliesToRowsWithZeroGradient()
    {
        var p = Param("emb.weight", 2f, 4f);
        var adam = new AdamW([new ParameterGroup([p], 0.5)]);
        SetGrad(p, 0f, 0f);
        adam.Step(0.1);
        Assert.Equal(new[] { 2f * 0.95f, 4f * 0.95f }, p.Value.ToArray());
    }

    [Fact]
    public void ParametersWithoutGradientAreSkipped()
    {
        var used = Param("used", 1f);
        var unused = Param("unused", 1f);
        var adam = new AdamW([new ParameterGroup([used, unused], 0.5)]);
        SetGrad(used, 1f);
        adam.Step(0.1);
        Assert.Equal(1f, unused.Value.AsSpan()[0]);
        Assert.False(adam.SaveState().Steps.ContainsKey("unused"));
    }

    [Fact]
    public void Float64ReplayAgrees()
    {
        // 40 steps on 1000 elements with varied gradients, against the same recurrence in double.
        const int n = 1000;
        var rng = new Random(7);
        var start = Enumerable.Range(0, n).Select(_ => (float)(rng.NextDouble() * 2 - 1)).ToArray();
        var p = Param("w", start);
        var adam = new AdamW([new ParameterGroup([p], 0.01)]);
        var pd = start.Select(x => (double)x).ToArray();
        var m = new double[n]; var v = new double[n];
        for (int step = 1; step <= 40; step++)
        {
            var g = Enumerable.Range(0, n).Select(_ => (float)((rng.NextDouble() - 0.5) * Math.Pow(10, rng.Next(-4, 2)))).ToArray();
            double lr = 1e-3 * Math.Min(1.0, step / 10.0);
            SetGrad(p, g);
            adam.Step(lr);
            for (int i = 0; i < n; i++)
            {
                pd[i] *= 1 - lr * 0.01;
                m[i] = 0.9 * m[i] + 0.1 * g[i];
                v[i] = 0.999 * v[i] + 0.001 * g[i] * (double)g[i];
                double mHat = m[i] / (1 - Math.Pow(0.9, step));
                double denom = Math.Sqrt(v[i]) / Math.Sqrt(1 - Math.Pow(0.999, step)) + 1e-8;
                pd[i] -= lr * mHat / denom;
            }
        }
        var actual = p.Value.AsSpan();
        for (int i = 0; i < n; i++)
            Assert.True(Math.Abs(actual[i] - pd[i]) <= 2e-6 * Math.Max(1, Math.Abs(pd[i])), $"element {i}: float32 {actual[i]}, float64 {pd[i]}");
    }

    [Fact]
    public void StateRoundTripContinuesBitExactly()
    {
        var rng = new Random(3);
        float[] Grad() => Enumerable.Range(0, 5).Select(_ => (float)(rng.NextDouble() - 0.5)).ToArray();
        var grads = Enumerable.Range(0, 6).Select(_ => Grad()).ToArray();
        var a = Param("w", 1, 2, 3, 4, 5);
        var adamA = new AdamW([new ParameterGroup([a], 0.01)]);
        foreach (var g in grads) { SetGrad(a, g); adamA.Step(1e-2); }

        var b = Param("w", 1, 2, 3, 4, 5);
        var adamB = new AdamW([new ParameterGroup([b], 0.01)]);
        for (int k = 0; k < 3; k++) { SetGrad(b, grads[k]); adamB.Step(1e-2); }
        var resumed = new AdamW([new ParameterGroup([b], 0.01)]);
        resumed.LoadState(adamB.SaveState());
        for (int k = 3; k < 6; k++) { SetGrad(b, grads[k]); resumed.Step(1e-2); }
        Assert.Equal(a.Value.ToArray(), b.Value.ToArray());
    }

    [Fact]
    public void LoadingIncompatibleStateFailsClearly()
    {
        var p = Param("w", 1f);
        var adam = new AdamW([new ParameterGroup([p], 0.01)], beta2: 0.98);
        SetGrad(p, 1f);
        adam.Step(0.1);
        var other = new AdamW([new ParameterGroup([p], 0.01)]);
        var e = Assert.Throws<InvalidDataException>(() => other.LoadState(adam.SaveState()));
        Assert.Contains("beta2", e.Message);
        var sgd = new Sgd([new ParameterGroup([p], 0.0)], momentum: 0.9);
        Assert.Contains("'adamw'", Assert.Throws<InvalidDataException>(() => sgd.LoadState(adam.SaveState())).Message);
        var renamed = new AdamW([new ParameterGroup([Param("v", 1f)], 0.01)], beta2: 0.98);
        Assert.Contains("'w'", Assert.Throws<InvalidDataException>(() => renamed.LoadState(adam.SaveState())).Message);
    }

    [Fact]
    public void DuplicateParametersAreRejected()
    {
        var p = Param("w", 1f);
        Assert.Throws<ArgumentException>(() => new AdamW([new ParameterGroup([p], 0.01), new ParameterGroup([p], 0.0)]));
        Assert.Throws<ArgumentException>(() => new AdamW([new ParameterGroup([p, new NamedParameter("alias", p.Value)], 0.0)]));
    }
}

sealed class FloatBitsComparer(float tolerance) : IEqualityComparer<float>
{
    public bool Equals(float x, float y) => Math.Abs(x - y) <= tolerance;
    public int GetHashCode(float obj) => 0;
}
