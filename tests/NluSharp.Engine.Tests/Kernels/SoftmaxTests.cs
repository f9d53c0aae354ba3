// Softmax's float path against SoftmaxNaive for every row length 1..257, and 1-vs-2-thread bitwise determinism.
using NluSharp.Engine.Kernels;
using static NluSharp.Engine.Tests.Kernels.KernelTestData;

namespace NluSharp.Engine.Tests.Kernels;

public class SoftmaxTests
{
    const float Ulp = 1.1920929e-7f;
    // Both sides round exp to ~1 ulp and sum in different orders: a few ulp of the output's magnitude.
    const double ForwardRelTol = 8 * Ulp, ForwardAbsTol = 1e-30;
    // Backward adds y·(dy − Σdy⊙y) into dx (|dx|, |dy| ≤ 1): the dot's rounding dominates, ~32 ulp of 1.
    const double BackwardAbsTol = 32 * Ulp;

    const int Rows = 3;

    [Fact]
    public void ForwardMatchesNaiveForEveryRowLength()
    {
        for (int cols = 1; cols <= 257; cols++)
        {
            var x = Uniform(Rows * cols, cols, scale: 8f);
            x[0] = 40f;  // a dominant logit: the others underflow towards 0 and must stay accurate relative to themselves
            var expected = new float[x.Length]; var actual = new float[x.Length];
            SoftmaxNaive.Forward<float>(x, expected, Rows, cols);
            Softmax.Forward<float>(x, actual, Rows, cols);
            AssertClose(expected, actual, ForwardAbsTol, ForwardRelTol, $"softmax cols={cols}");
        }
    }

    [Fact]
    public void LogForwardMatchesNaiveForEveryRowLength()
    {
        for (int cols = 1; cols <= 257; cols++)
        {
            var x = Uniform(Rows * cols, cols + 1000, scale: 8f);
            var expected = new float[x.Length]; var actual = new float[x.Length];
            SoftmaxNaive.LogForward<float>(x, expected, Rows, cols);
            Softmax.LogForward<float>(x, actual, Rows, cols);
            // y = x − logsumexp: absolute error a few ulp of max(|x|, |logsumexp|) ≤ 8 + ln 257.
            AssertClose(expected, actual, 8 * Ulp * (8 + MathF.Log(257) + 1), 0, $"log-softmax cols={cols}");
        }
    }

    [Fact]
    public void BackwardsMatchNaiveForEveryRowLength()
    {
        for (int cols = 1; cols <= 257; cols++)
        {
            var x = Uniform(Rows * cols, cols, scale: 4f);
            var dy = Uniform(Rows * cols, cols + 7);
            var dx0 = Uniform(Rows * cols, cols + 9);  // backward adds into dx
            var y = new float[x.Length];
            SoftmaxNaive.Forward<float>(x, y, Rows, cols);
            var expected = (float[])dx0.Clone(); var actual = (float[])dx0.Clone();
            SoftmaxNaive.Backward<float>(y, dy, expected, Rows, cols);
            Softmax.Backward<float>(y, dy, actual, Rows, cols);
            AssertClose(expected, actual, BackwardAbsTol, 0, $"softmax backward cols={cols}");

            SoftmaxNaive.LogForward<float>(x, y, Rows, cols);
            expected = (float[])dx0.Clone(); actual = (float[])dx0.Clone();
            SoftmaxNaive.LogBackward<float>(y, dy, expected, Rows, cols);
            Softmax.LogBackward<float>(y, dy, actual, Rows, cols);
            // Σdy over up to 257 terms of magnitude 1 multiplies exp(y) ≤ 1.
            AssertClose(expected, actual, BackwardAbsTol * 4, 0, $"log-softmax backward cols={cols}");
        }
    }

    [Fact]
    public void LongRowsCrossTheChunkedBackwardBuffer()
    {
        int cols = 3000;  // > the 1024-float stack chunk
        var x = Uniform(2 * cols, 1, scale: 4f); var dy = Uniform(2 * cols, 2); var y = new float[x.Length];
        SoftmaxNaive.LogForward<float>(x, y, 2, cols);
        var expected = new float[x.Length]; var actual = new float[x.Length];
        SoftmaxNaive.LogBackward<float>(y, dy, expected, 2, cols);
        Softmax.LogBackward<float>(y, dy, actual, 2, cols);
        AssertClose(expected, actual, 64 * BackwardAbsTol, 0, "log-softmax backward cols=3000");
    }

    [Fact]
    public void DoubleGoesToNaive()
    {
        var x = new double[] { 1, 2, 3 }; var y = new double[3]; var e = new double[3];
        Softmax.Forward<double>(x, y, 1, 3);
        SoftmaxNaive.Forward<double>(x, e, 1, 3);
        Assert.Equal(e, y);
    }
}

[Collection(ThreadCountCollection.Name)]
public class SoftmaxDeterminismTests
{
    [Fact]
    public void OneAndTwoThreadsAgreeBitwise()
    {
        int rows = 384, cols = 128;
        var x = Uniform(rows * cols, 1, 6f); var dy = Uniform(rows * cols, 2);
        float[] Run(int threads)
        {
            var y = new float[x.Length]; var dx = Uniform(x.Length, 3); var ly = new float[x.Length];
            ThreadCountCollection.With(threads, () =>
            {
                Softmax.Forward<float>(x, y, rows, cols);
                Softmax.Backward<float>(y, dy, dx, rows, cols);
                Softmax.LogForward<float>(x, ly, rows, cols);
                Softmax.LogBackward<float>(ly, dy, dx, rows, cols);
            });
            return [.. y, .. ly, .. dx];
        }
        AssertBitwiseEqual(Run(1), Run(2), "softmax 1 vs 2 threads");
    }
}
