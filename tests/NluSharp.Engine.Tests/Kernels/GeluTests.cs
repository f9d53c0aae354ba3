// Gelu's float paths (erf and tanh forms, forward and backward) against GeluNaive (computed in double, rounded once)
// for every length 1..257, a dense sweep of x including the far tails and specials, and 1-vs-2-thread determinism.
using NluSharp.Engine.Kernels;
using static NluSharp.Engine.Tests.Kernels.KernelTestData;

namespace NluSharp.Engine.Tests.Kernels;

public class GeluTests
{
    const float Ulp = 1.1920929e-7f;
    // Float lanes of the erf form: polynomial, exp and reciprocal each round once (≤ 5 ulp measured over a 3.7e-4-step sweep
    // of [−5, 14]); the tanh form and the scalar tails evaluate in double (≤ 1 ulp).
    const double ForwardRelTol = 6 * Ulp;
    // GeluNaive forms 1 + erf(z) (or 1 + tanh u) in double, so its absolute error is up to ~|x|·5e-16 and it returns exactly 0
    // below x ≈ −8.5 where the true value is still ~1e-17; this absolute slack covers the oracle's own tail error.
    const double ForwardAbsTol = 1e-14;

    static float[] Sweep()
    {
        var xs = new List<float>();
        for (float v = -20f; v <= 20f; v += 0.0037f) xs.Add(v);
        xs.AddRange([0f, -0f, 1e-30f, -1e-30f, 1e-8f, -1e-8f, 100f, -100f, 1e30f, float.MaxValue, float.PositiveInfinity, float.NaN]);
        return [.. xs];
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void ForwardMatchesNaiveOnASweepAndEveryLength(bool tanh)
    {
        var xs = Sweep();
        var expected = new float[xs.Length]; var actual = new float[xs.Length];
        GeluNaive.Forward<float>(xs, expected, tanh);
        Gelu.Forward<float>(xs, actual, tanh);
        AssertClose(expected, actual, ForwardAbsTol, ForwardRelTol, $"gelu tanh={tanh} sweep");
        for (int n = 1; n <= 257; n++)
        {
            var x = Uniform(n, n, scale: 6f);
            var e = new float[n]; var a = new float[n];
            GeluNaive.Forward<float>(x, e, tanh);
            Gelu.Forward<float>(x, a, tanh);
            AssertClose(e, a, ForwardAbsTol, ForwardRelTol, $"gelu tanh={tanh} n={n}");
        }
    }

    // The left tail keeps its relative accuracy (where GeluNaive itself loses it): x·Φ(x) with Φ(−5) = 2.8665157187919391e-7
    // and Φ(−10) = 7.6198530241605269e-24 (standard normal tail values).
    [Theory]
    [InlineData(-5f, -5 * 2.8665157187919391e-7)]
    [InlineData(-10f, -10 * 7.6198530241605269e-24)]
    public void ErfFormIsAccurateInTheLeftTail(float x, double expected)
    {
        var y = new float[1];
        Gelu.Forward<float>([x], y, tanhApproximation: false);
        Assert.InRange(y[0], expected * (1 + ForwardRelTol), expected * (1 - ForwardRelTol));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void BackwardMatchesNaiveOnASweepAndEveryLength(bool tanh)
    {
        var xs = Sweep()[..^3];  // finite inputs: the derivative at ±∞ is 0·∞ in both forms
        var dy = Uniform(xs.Length, 1);
        var dx0 = Uniform(xs.Length, 2);
        var expected = (float[])dx0.Clone(); var actual = (float[])dx0.Clone();
        GeluNaive.Backward<float>(xs, dy, expected, tanh);
        Gelu.Backward<float>(xs, dy, actual, tanh);
        // dx0 + dy·gelu'(x) with gelu' ≤ 1.13 and both terms ≤ ~1: the rounding of gelu' (≤ 2.5 ulp) and of the sum.
        const double backwardAbsTol = 4 * Ulp;
        AssertClose(expected, actual, backwardAbsTol, 0, $"gelu backward tanh={tanh} sweep");
        for (int n = 1; n <= 257; n++)
        {
            var x = Uniform(n, n, scale: 6f); var g = Uniform(n, n + 1); var d0 = Uniform(n, n + 2);
            var e = (float[])d0.Clone(); var a = (float[])d0.Clone();
            GeluNaive.Backward<float>(x, g, e, tanh);
            Gelu.Backward<float>(x, g, a, tanh);
            AssertClose(e, a, backwardAbsTol, 0, $"gelu backward tanh={tanh} n={n}");
        }
    }
}

[Collection(ThreadCountCollection.Name)]
public class GeluDeterminismTests
{
    [Fact]
    public void OneAndTwoThreadsAgreeBitwise()
    {
        int n = 100_003;  // an odd length: a scalar tail at the end
        var x = Uniform(n, 1, 8f); var dy = Uniform(n, 2);
        float[] Run(int threads)
        {
            var y = new float[n]; var t = new float[n]; var dx = Uniform(n, 3);
            ThreadCountCollection.With(threads, () =>
            {
                Gelu.Forward<float>(x, y, false);
                Gelu.Forward<float>(x, t, true);
                Gelu.Backward<float>(x, dy, dx, false);
                Gelu.Backward<float>(x, dy, dx, true);
            });
            return [.. y, .. t, .. dx];
        }
        AssertBitwiseEqual(Run(1), Run(2), "gelu 1 vs 2 threads");
    }
}
