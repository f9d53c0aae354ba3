// clip_grad_norm_: returns the pre-clip norm; scales by max / (norm + 1e-6) only when that is below 1.
using NluSharp.Engine;
using NluSharp.Training.Optimization;

namespace NluSharp.Training.Tests.Optimization;

public class ClippingTests
{
    static Tensor<float> WithGrad(params float[] grad)
    {
        var t = Tensor<float>.Zeros(grad.Length);
        t.RequiresGrad = true;
        t.Mul(Tensor<float>.FromArray(grad, grad.Length)).Sum().Backward();
        return t;
    }

    [Fact]
    public void ThreeFourFiveByHand()
    {
        var a = WithGrad(3f); var b = WithGrad(0f, 4f);
        var r = GradientClipping.ClipByGlobalNorm([a, b], 1.0);
        Assert.Equal(5f, r.TotalNorm);
        Assert.Equal(1f / (5f + 1e-6f), r.Coefficient);
        Assert.Equal(3f * r.Coefficient, a.Grad!.AsSpan()[0]);
        Assert.Equal(4f * r.Coefficient, b.Grad!.AsSpan()[1]);
    }

    [Fact]
    public void BlockedParallelNormMatchesADoubleLoopAndIgnoresTheThreadCount()
    {
        var rng = new Random(5);
        var values = new float[3 * 4096 + 123];
        for (int i = 0; i < values.Length; i++) values[i] = (float)(rng.NextDouble() * 2 - 1);
        double expected = 0;
        foreach (var v in values) expected += (double)v * v;
        int saved = Threads.Count;
        try
        {
            float[] norms = new float[2], scaled0 = [], scaled1 = [];
            for (int threads = 1; threads <= 2; threads++)
            {
                Threads.Count = threads;
                var t = WithGrad(values);
                var r = GradientClipping.ClipByGlobalNorm([t], 0.5);
                norms[threads - 1] = r.TotalNorm;
                if (threads == 1) scaled0 = t.Grad!.ToArray(); else scaled1 = t.Grad!.ToArray();
            }
            Assert.Equal((float)Math.Sqrt(expected), norms[0], 4);
            Assert.Equal(BitConverter.SingleToInt32Bits(norms[0]), BitConverter.SingleToInt32Bits(norms[1]));
            Assert.Equal(scaled0, scaled1);
            Assert.Equal(values[7] * (0.5f / (norms[0] + 1e-6f)), scaled0[7]);
        }
        finally { Threads.Count = saved; }
    }

    [Fact]
    public void BelowThresholdLeavesGradientsAlone()
    {
        var a = WithGrad(0.3f, -0.4f);
        var r = GradientClipping.ClipByGlobalNorm([a], 1.0);
        Assert.Equal(0.5f, r.TotalNorm, 6);
        Assert.Equal(1f, r.Coefficient);
        Assert.Equal(new[] { 0.3f, -0.4f }, a.Grad!.ToArray());
    }

    [Fact]
    public void NoGradientsGiveZeroNorm()
    {
        var t = Tensor<float>.Zeros(3);
        t.RequiresGrad = true;
        Assert.Equal(new ClipResult(0f, 1f), GradientClipping.ClipByGlobalNorm([t], 1.0));
    }
}
