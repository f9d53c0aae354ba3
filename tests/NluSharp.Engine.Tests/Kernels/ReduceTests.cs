// Reduce's float paths against ReduceNaive: every axis length 1..257 for contiguous and strided axes, max's
// first-index and NaN rules, and thread-count determinism.
using NluSharp.Engine.Kernels;
using static NluSharp.Engine.Tests.Kernels.KernelTestData;

namespace NluSharp.Engine.Tests.Kernels;

public class ReduceTests
{
    const float Ulp = 1.1920929e-7f;

    [Fact]
    public void SumMatchesNaiveForEveryAxisLength()
    {
        foreach (int inner in new[] { 1, 3, 17, 600 })
            for (int axis = 1; axis <= 257; axis += inner == 600 ? 37 : 1)
                foreach (bool accumulate in new[] { false, true })
                {
                    const int outer = 3;
                    var x = Uniform(outer * axis * inner, axis * 31 + inner);
                    var y0 = Uniform(outer * inner, 5);
                    var expected = (float[])y0.Clone(); var actual = (float[])y0.Clone();
                    ReduceNaive.Sum<float>(x, expected, outer, axis, inner, accumulate);
                    Reduce.Sum<float>(x, actual, outer, axis, inner, accumulate);
                    string what = $"sum [{outer},{axis},{inner}] accumulate={accumulate}";
                    if (inner == 1)  // pairwise/vector order vs sequential: error ≤ axis·eps·max|x| for either
                        AssertClose(expected, actual, 2 * axis * Ulp + 2 * Ulp, 0, what);
                    else             // strided axis: the same order per output as the naive loop
                        AssertBitwiseEqual(expected, actual, what);
                }
    }

    [Fact]
    public void MaxMatchesNaiveForEveryAxisLength()
    {
        for (int axis = 1; axis <= 257; axis++)
        {
            const int outer = 4;
            var x = Uniform(outer * axis, axis);
            for (int i = 0; i < x.Length; i += 5) x[i] = MathF.Round(x[i]);  // ties: the first index must win
            var (yE, yA) = (new float[outer], new float[outer]);
            var (iE, iA) = (new int[outer], new int[outer]);
            ReduceNaive.Max<float>(x, yE, iE, outer, axis, 1);
            Reduce.Max<float>(x, yA, iA, outer, axis, 1);
            AssertBitwiseEqual(yE, yA, $"max axis={axis}");
            Assert.Equal(iE, iA);
        }
    }

    [Theory]
    [InlineData(new float[] { -0f, 0f, -1f })]
    [InlineData(new float[] { 0f, -0f })]
    [InlineData(new float[] { 1f, float.NaN, 5f, float.NaN })]
    [InlineData(new float[] { float.NaN, 1f })]
    [InlineData(new float[] { float.NegativeInfinity, float.NegativeInfinity })]
    [InlineData(new float[] { 2f, 7f, 7f, 3f })]
    public void MaxFollowsNaiveOnSpecialValues(float[] x)
    {
        var (yE, yA) = (new float[1], new float[1]);
        var (iE, iA) = (new int[1], new int[1]);
        ReduceNaive.Max<float>(x, yE, iE, 1, x.Length, 1);
        Reduce.Max<float>(x, yA, iA, 1, x.Length, 1);
        AssertBitwiseEqual(yE, yA, "max value");
        Assert.Equal(iE[0], iA[0]);
    }
}

[Collection(ThreadCountCollection.Name)]
public class ReduceDeterminismTests
{
    [Fact]
    public void OneAndTwoThreadsAgreeBitwise()
    {
        var x = Uniform(64 * 128 * 48, 1);
        float[] Run(int threads)
        {
            var a = new float[64 * 48]; var b = new float[64 * 128]; var m = new float[64 * 128]; var idx = new int[64 * 128];
            ThreadCountCollection.With(threads, () =>
            {
                Reduce.Sum<float>(x, a, 64, 128, 48, false);
                Reduce.Sum<float>(x, b, 64 * 128, 48, 1, false);
                Reduce.Max<float>(x, m, idx, 64 * 128, 48, 1);
            });
            return [.. a, .. b, .. m, .. idx.Select(i => (float)i)];
        }
        AssertBitwiseEqual(Run(1), Run(2), "reductions 1 vs 2 threads");
    }
}
