// The vectorized dropout kernel against its per-element twin: the same keep decisions and bit-identical outputs and
// gradients on lengths 1..257, at offsets inside a tensor, for several drop probabilities.
using NluSharp.Engine.Kernels;
using static NluSharp.Engine.Tests.Kernels.KernelTestData;

namespace NluSharp.Engine.Tests.Kernels;

public class DropoutMaskTests
{
    [Theory]
    [InlineData(0.1f)]
    [InlineData(0.25f)]
    [InlineData(0.5f)]
    [InlineData(0.9f)]
    public void VectorKernelMatchesTheNaiveTwinBitwise(float p)
    {
        ulong stream = CounterRandom.StreamKey(7, 11);
        float scale = (float)(1.0 / (1.0 - p));
        foreach (long first in new long[] { 0, 5, 1L << 33 })
            for (int n = 1; n <= 257; n += n < 40 ? 1 : 13)
            {
                var x = Uniform(n, seed: n);
                var expected = new float[n]; var actual = new float[n];
                DropoutMaskNaive.Forward<float>(x, expected, stream, first, p, scale);
                DropoutMask.Forward(x, actual, stream, first, p, scale);
                AssertBitwiseEqual(expected, actual, $"forward p={p} first={first} n={n}");

                // Gradients start with -0 in places: a dropped element must keep it (not become +0).
                var g0 = Uniform(n, seed: n + 1000);
                for (int i = 0; i < n; i += 3) g0[i] = -0f;
                var gExpected = (float[])g0.Clone(); var gActual = (float[])g0.Clone();
                DropoutMaskNaive.AccumulateGradient<float>(x, gExpected, stream, first, p, scale);
                DropoutMask.AccumulateGradient(x, gActual, stream, first, p, scale);
                AssertBitwiseEqual(gExpected, gActual, $"gradient p={p} first={first} n={n}");
            }
    }

    [Fact]
    public void KeepRateFollowsTheProbability()
    {
        var ones = new float[100_000]; Array.Fill(ones, 1f);
        var y = new float[ones.Length];
        DropoutMask.Forward(ones, y, CounterRandom.StreamKey(1, 2), 0, 0.3f, 1f);
        double kept = y.Count(v => v != 0) / (double)y.Length;
        Assert.InRange(kept, 0.69, 0.71);
    }
}
