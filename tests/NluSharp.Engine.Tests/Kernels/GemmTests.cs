// Gemm's packed SIMD paths (AVX-512, AVX2, scalar) against GemmNaive on odd, prime and block-crossing sizes,
// every transpose form, accumulate on/off, leading dimensions wider than the rows, and thread-count determinism.
using NluSharp.Engine.Kernels;
using static NluSharp.Engine.Tests.Kernels.KernelTestData;

namespace NluSharp.Engine.Tests.Kernels;

public class GemmTests
{
    const double Eps = 1.1920929e-7;  // float machine epsilon (2^-23)

    // Sizes in 1..257: the micro-tile edges (MR 4/6/8, NR 4/16/48, last AVX-512 panels of 16 and 32) ± 1, primes, random triples.
    public static TheoryData<int, int, int> Shapes()
    {
        var data = new TheoryData<int, int, int>
        {
            { 1, 1, 1 }, { 1, 257, 3 }, { 257, 1, 5 }, { 3, 5, 257 }, { 7, 47, 8 }, { 8, 48, 9 }, { 9, 49, 16 },
            { 6, 16, 1 }, { 16, 128, 70 }, { 24, 80, 5 }, { 13, 17, 31 }, { 17, 95, 33 }, { 31, 97, 64 }, { 64, 64, 64 }, { 65, 127, 63 },
            { 101, 113, 127 }, { 128, 96, 129 }, { 255, 145, 37 }, { 256, 256, 7 }, { 257, 257, 257 },
        };
        var rng = new Random(2);
        for (int i = 0; i < 8; i++) data.Add(rng.Next(1, 258), rng.Next(1, 258), rng.Next(1, 258));
        // Crossing the KC = 384 depth block and the NC = 1536 column block.
        data.Add(37, 1600, 400);
        data.Add(70, 50, 1000);
        return data;
    }

    [Theory]
    [MemberData(nameof(Shapes))]
    public void AllPathsMatchNaive(int m, int n, int k)
    {
        foreach (bool transA in new[] { false, true })
            foreach (bool transB in new[] { false, true })
                foreach (bool accumulate in new[] { false, true })
                    CheckAllPaths(m, n, k, transA, transB, accumulate, pad: (m + n + k) % 5);
    }

    static void CheckAllPaths(int m, int n, int k, bool transA, bool transB, bool accumulate, int pad)
    {
        // Leading dimensions wider than the stored rows (pad extra columns), as a view of a larger matrix has.
        int lda = (transA ? m : k) + pad, ldb = (transB ? k : n) + pad, ldc = n + pad;
        var a = Uniform((transA ? k : m) * lda, seed: m * 7 + 1);
        var b = Uniform((transB ? n : k) * ldb, seed: n * 11 + 2);
        var c0 = Uniform(m * ldc, seed: k * 13 + 3);
        var expected = (float[])c0.Clone();
        GemmNaive.Multiply(transA, transB, m, n, k, a, lda, b, ldb, expected, ldc, accumulate);

        // |error| of either result vs the exact product ≤ k·max|a|·max|b|·eps (+ |c0|·eps for accumulate);
        // twice that bounds their difference.
        double tol = 2 * (k * MaxAbs(a) * MaxAbs(b) + (accumulate ? MaxAbs(c0) : 0)) * Eps;
        float[]? fmaResult = null;
        foreach (var isa in new[] { GemmIsa.Scalar, GemmIsa.Avx2, GemmIsa.Avx512 })
        {
            if (isa > Gemm.BestIsa) continue;
            var c = (float[])c0.Clone();
            Gemm.MultiplyFloat(isa, transA, transB, m, n, k, a, lda, b, ldb, c, ldc, accumulate, parallel: true);
            string what = $"{isa} m={m} n={n} k={k} transA={transA} transB={transB} accumulate={accumulate} pad={pad}";
            AssertClose(expected, c, tol, 0, what);
            for (int i = 0; i < m; i++)  // the padding columns of C are not outputs and must be untouched
                for (int j = n; j < ldc; j++)
                    Assert.True(c[i * ldc + j] == c0[i * ldc + j], $"{what}: wrote padding C[{i},{j}]");
            // AVX-512 and AVX2 run the same fma chain per element, so they agree bitwise.
            if (isa == GemmIsa.Scalar) continue;
            if (fmaResult is null) fmaResult = c;
            else AssertBitwiseEqual(fmaResult, c, what + " vs AVX2");
        }
    }

    [Fact]
    public void ZeroDepthClearsOrKeepsC()
    {
        var c = new float[] { 1, 2, 3, 4 };
        Gemm.Multiply<float>(false, false, 2, 2, 0, [], 1, [], 2, c, 2, accumulate: true);
        Assert.Equal(new float[] { 1, 2, 3, 4 }, c);
        Gemm.Multiply<float>(false, false, 2, 2, 0, [], 1, [], 2, c, 2, accumulate: false);
        Assert.Equal(new float[4], c);
    }

    [Fact]
    public void ShortOperandIsRejected()
    {
        var ex = Assert.Throws<ArgumentException>(() =>
            Gemm.Multiply<float>(false, false, 4, 4, 4, new float[15], 4, new float[16], 4, new float[16], 4, false));
        Assert.Contains("need 16", ex.Message);
    }

    [Fact]
    public void DoubleGoesToNaive()
    {
        var a = new double[] { 1, 2, 3, 4, 5, 6 };  // 2×3
        var b = new double[] { 1, 0, 0, 1, 1, 1 };  // 3×2
        var c = new double[4];
        Gemm.Multiply<double>(false, false, 2, 2, 3, a, 3, b, 2, c, 2, false);
        Assert.Equal(new double[] { 4, 5, 10, 11 }, c);
    }

    [Theory]
    [InlineData(false, false)]
    [InlineData(false, true)]
    [InlineData(true, false)]
    public void BatchedMatchesNaivePerItem(bool transA, bool transB)
    {
        int batch = 7, m = 33, n = 29, k = 17;
        int lda = transA ? m : k, ldb = transB ? k : n;
        long sa = (transA ? k : m) * lda + 3, sc = m * n + 1;
        var a = Uniform((int)(batch * sa), 5);
        var b = Uniform((transB ? n : k) * ldb, 6);  // stride 0: one B shared by every item
        var c = Uniform((int)(batch * sc), 7);
        var expected = (float[])c.Clone();
        for (int i = 0; i < batch; i++)
            GemmNaive.Multiply(transA, transB, m, n, k, a.AsSpan((int)(i * sa)), lda, b, ldb, expected.AsSpan((int)(i * sc)), n, true);
        Gemm.MultiplyBatched<float>(batch, transA, transB, m, n, k, a, lda, sa, b, ldb, 0, c, n, sc, true);
        AssertClose(expected, c, 2 * k * MaxAbs(a) * MaxAbs(b) * 1.2e-7 + 2.4e-7, 0, "batched");
    }
}

public class GemmBatchedReductionTests
{
    [Fact]
    public void ZeroOutputStrideSumsTheBatchInOrder()
    {
        // strideC = 0 with accumulate: C += Σ_i A_i·B_i (e.g. a weight gradient over a batch of sequences).
        int batch = 5, m = 9, n = 50, k = 13;
        var a = Uniform(batch * m * k, 1); var b = Uniform(batch * k * n, 2);
        var expected = new float[m * n]; var actual = new float[m * n];
        for (int i = 0; i < batch; i++)
            GemmNaive.Multiply(false, false, m, n, k, a.AsSpan(i * m * k), k, b.AsSpan(i * k * n), n, expected, n, true);
        Gemm.MultiplyBatched<float>(batch, false, false, m, n, k, a, k, m * k, b, n, k * n, actual, n, 0, true);
        AssertClose(expected, actual, 2 * batch * k * 1.2e-7, 0, "batched with strideC = 0");
    }
}

[Collection(ThreadCountCollection.Name)]
public class GemmDeterminismTests
{
    [Theory]
    [InlineData(false, false, 517, 300, 450)]
    [InlineData(false, true, 64, 1600, 129)]
    [InlineData(true, false, 9, 773, 385)]
    [InlineData(true, true, 200, 61, 77)]
    public void OneAndTwoThreadsAgreeBitwise(bool transA, bool transB, int m, int n, int k)
    {
        var a = Uniform(m * k, 1); var b = Uniform(k * n, 2);
        float[] Run(int threads)
        {
            var c = Uniform(m * n, 3);
            ThreadCountCollection.With(threads, () =>
                Gemm.Multiply<float>(transA, transB, m, n, k, a, transA ? m : k, b, transB ? k : n, c, n, accumulate: true));
            return c;
        }
        AssertBitwiseEqual(Run(1), Run(2), $"GEMM {m}x{n}x{k} 1 vs 2 threads");
        AssertBitwiseEqual(Run(1), Run(3), $"GEMM {m}x{n}x{k} 1 vs 3 threads");
    }

    [Fact]
    public void BatchedOneAndTwoThreadsAgreeBitwise()
    {
        int batch = 24, m = 128, n = 128, k = 64;
        var a = Uniform(batch * m * k, 1); var b = Uniform(batch * k * n, 2);
        float[] Run(int threads)
        {
            var c = new float[batch * m * n];
            ThreadCountCollection.With(threads, () =>
                Gemm.MultiplyBatched<float>(batch, false, true, m, n, k, a, k, m * k, b, k, k * n, c, n, m * n, false));
            return c;
        }
        AssertBitwiseEqual(Run(1), Run(2), "batched GEMM 1 vs 2 threads");
    }
}
