// The float cross-entropy backward runs rows over threads with a vectorized exp; its naive twin is the generic loop
// the double path takes. Vocabulary-wide rows (longer than the 1024-element chunk) and ignored targets included.
using NluSharp.Engine;

namespace NluSharp.Engine.Tests.Ops;

public class CrossEntropyRowsTests
{
    static (float[] Float, double[] Double) Gradients(float[] logits, int[] targets, int rows, int cols, double smoothing)
    {
        var xf = Tensor<float>.FromArray(logits, rows, cols); xf.RequiresGrad = true;
        xf.CrossEntropy(Tensor<int>.FromArray(targets, rows), labelSmoothing: smoothing).Backward();
        var xd = Tensor<double>.FromArray(logits.Select(v => (double)v).ToArray(), rows, cols); xd.RequiresGrad = true;
        xd.CrossEntropy(Tensor<int>.FromArray(targets, rows), labelSmoothing: smoothing).Backward();
        return (xf.Grad!.ToArray(), xd.Grad!.ToArray());
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(0.1)]
    public void FloatRowsMatchTheGenericLoopAndDoNotDependOnThreads(double smoothing)
    {
        const int rows = 9, cols = 2500;
        var random = new Random(3);
        var logits = Enumerable.Range(0, rows * cols).Select(_ => (float)(random.NextDouble() * 8 - 4)).ToArray();
        int[] targets = [5, -100, 2499, 0, 1024, 1023, -100, 7, 1800];
        int saved = Threads.Count;
        try
        {
            Threads.Count = 1;
            var (one, reference) = Gradients(logits, targets, rows, cols, smoothing);
            Threads.Count = 2;
            var (two, _) = Gradients(logits, targets, rows, cols, smoothing);
            Assert.Equal(one, two);
            for (int i = 0; i < one.Length; i++)
                Assert.True(Math.Abs(one[i] - reference[i]) <= 1e-7 + 1e-5 * Math.Abs(reference[i]), $"element {i}: {one[i]} vs {reference[i]}");
            Assert.All(one.AsSpan(cols, cols).ToArray(), g => Assert.Equal(0f, g));   // ignored row
        }
        finally { Threads.Count = saved; }
    }
}
