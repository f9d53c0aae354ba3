// LayerNorm's float paths (layer norm and RMS norm, forward and backward) against LayerNormNaive for every row length
// 1..257, many-row parameter gradients (split over columns), and 1-vs-2-thread bitwise determinism.
using NluSharp.Engine.Kernels;
using static NluSharp.Engine.Tests.Kernels.KernelTestData;

namespace NluSharp.Engine.Tests.Kernels;

public class LayerNormTests
{
    const float Ulp = 1.1920929e-7f;
    // y = (x − mean)·rstd·gamma + beta: the mean's rounding (sums in a different order) is amplified by rstd·gamma, so
    // the tolerance is 16 ulp of 1 + max|x|·max rstd·max|gamma| (x ≈ 3 ± 0.5, rstd ≈ 3.5, gamma ≤ 2 here).
    static double ForwardAbsTol(float[] x, float[] rstd, float[] gamma) => 16 * Ulp * (1 + MaxAbs(x) * MaxAbs(rstd) * MaxAbs(gamma));
    // dx adds rstd·(g − mean g − x̂·mean(g x̂)) into |dx0| ≤ 1 with rstd up to ~2; ~64 ulp of 8.
    const double BackwardAbsTol = 512 * Ulp;

    static float[] Inputs(int rows, int cols, int seed)
    {
        var x = Uniform(rows * cols, seed, 0.5f);
        for (int i = 0; i < x.Length; i++) x[i] += 3f;  // an offset the mean must remove without cancellation
        return x;
    }

    [Theory]
    [InlineData(false, true)]
    [InlineData(false, false)]
    [InlineData(true, false)]
    public void ForwardAndBackwardMatchNaiveForEveryRowLength(bool rms, bool withBeta)
    {
        const int rows = 4;
        for (int cols = 1; cols <= 257; cols++)
            Check(rows, cols, rms, withBeta, seed: cols);
    }

    [Fact]
    public void ParameterGradientsOverManyRowsAndLongRows()
    {
        Check(rows: 300, cols: 77, rms: false, withBeta: true, seed: 1);
        Check(rows: 300, cols: 77, rms: true, withBeta: false, seed: 2);
        Check(rows: 3, cols: 2500, rms: false, withBeta: true, seed: 3);  // rows longer than the 1024-float chunk
        Check(rows: 3, cols: 2500, rms: true, withBeta: false, seed: 4);
    }

    static void Check(int rows, int cols, bool rms, bool withBeta, int seed)
    {
        var x = Inputs(rows, cols, seed);
        var gamma = Uniform(cols, seed + 1); var beta = withBeta ? Uniform(cols, seed + 2) : [];
        for (int i = 0; i < cols; i++) gamma[i] += 1f;
        const float eps = 1e-5f;
        var (yE, yA) = (new float[x.Length], new float[x.Length]);
        var (meanE, meanA, rstdE, rstdA) = (new float[rows], new float[rows], new float[rows], new float[rows]);
        string what = $"{(rms ? "rms" : "layer")} norm {rows}x{cols} beta={withBeta}";
        if (rms)
        {
            LayerNormNaive.RmsForward<float>(x, gamma, yE, rstdE, rows, cols, eps);
            LayerNorm.RmsForward<float>(x, gamma, yA, rstdA, rows, cols, eps);
        }
        else
        {
            LayerNormNaive.Forward<float>(x, gamma, beta, yE, meanE, rstdE, rows, cols, eps);
            LayerNorm.Forward<float>(x, gamma, beta, yA, meanA, rstdA, rows, cols, eps);
            AssertClose(meanE, meanA, 0, 8 * Ulp, what + " mean");
        }
        AssertClose(rstdE, rstdA, 0, 64 * Ulp, what + " rstd");
        AssertClose(yE, yA, ForwardAbsTol(x, rstdE, gamma), 0, what + " y");

        var dy = Uniform(x.Length, seed + 3);
        var dx0 = Uniform(x.Length, seed + 4);
        var dg0 = Uniform(cols, seed + 5); var db0 = withBeta ? Uniform(cols, seed + 6) : [];
        var (dxE, dxA) = ((float[])dx0.Clone(), (float[])dx0.Clone());
        var (dgE, dgA) = ((float[])dg0.Clone(), (float[])dg0.Clone());
        var (dbE, dbA) = ((float[])db0.Clone(), (float[])db0.Clone());
        if (rms)
        {
            LayerNormNaive.RmsBackward<float>(dy, x, gamma, rstdE, dxE, dgE, rows, cols);
            LayerNorm.RmsBackward<float>(dy, x, gamma, rstdE, dxA, dgA, rows, cols);
        }
        else
        {
            LayerNormNaive.Backward<float>(dy, x, gamma, meanE, rstdE, dxE, dgE, dbE, rows, cols);
            LayerNorm.Backward<float>(dy, x, gamma, meanE, rstdE, dxA, dgA, dbA, rows, cols);
        }
        AssertClose(dxE, dxA, BackwardAbsTol, 0, what + " dx");
        // Parameter gradients sum `rows` products of magnitude ≤ ~4 into |dg0| ≤ 1, in the same row order.
        AssertClose(dgE, dgA, 8 * Ulp * (1 + 4 * rows), 0, what + " dgamma");
        AssertClose(dbE, dbA, 8 * Ulp * (1 + rows), 0, what + " dbeta");
    }
}

[Collection(ThreadCountCollection.Name)]
public class LayerNormDeterminismTests
{
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void OneAndTwoThreadsAgreeBitwise(bool rms)
    {
        int rows = 512, cols = 768;
        var x = Uniform(rows * cols, 1); var gamma = Uniform(cols, 2); var beta = Uniform(cols, 3); var dy = Uniform(rows * cols, 4);
        float[] Run(int threads)
        {
            var y = new float[x.Length]; var mean = new float[rows]; var rstd = new float[rows];
            var dx = Uniform(x.Length, 5); var dg = Uniform(cols, 6); var db = Uniform(cols, 7);
            ThreadCountCollection.With(threads, () =>
            {
                if (rms)
                {
                    LayerNorm.RmsForward<float>(x, gamma, y, rstd, rows, cols, 1e-6f);
                    LayerNorm.RmsBackward<float>(dy, x, gamma, rstd, dx, dg, rows, cols);
                }
                else
                {
                    LayerNorm.Forward<float>(x, gamma, beta, y, mean, rstd, rows, cols, 1e-12f);
                    LayerNorm.Backward<float>(dy, x, gamma, mean, rstd, dx, dg, db, rows, cols);
                }
            });
            return [.. y, .. mean, .. rstd, .. dx, .. dg, .. db];
        }
        AssertBitwiseEqual(Run(1), Run(2), $"{(rms ? "rms" : "layer")} norm 1 vs 2 threads");
    }
}
