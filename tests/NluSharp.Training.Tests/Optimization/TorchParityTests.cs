// AdamW, SGD and clip_grad_norm_ against torch 1.13 bit for bit (TorchOptimizerReferences.cs), on sizes that
// exercise torch's vectorized body and scalar tail (1, 7, 33 elements).
using NluSharp.Engine;
using NluSharp.Training.Optimization;

namespace NluSharp.Training.Tests.Optimization;

public class TorchParityTests
{
    internal static float[] Values(int n, int a, int b, int c, double scale) =>
        Enumerable.Range(0, n).Select(i => (float)(((i * a + b) % c - c / 2) / 64.0 / scale)).ToArray();

    static NamedParameter Param(string name, float[] values)
    {
        var t = Tensor<float>.FromArray(values, values.Length);
        t.RequiresGrad = true;
        return new NamedParameter(name, t);
    }

    static void SetGrad(NamedParameter p, float[] grad)
    {
        // A backward of sum(p * g) leaves exactly g in p.Grad, through the public API.
        p.Value.ZeroGrad();
        p.Value.Mul(Tensor<float>.FromArray(grad, grad.Length)).Sum().Backward();
    }

    static void AssertBits(string key, ReadOnlySpan<float> actual)
    {
        var expected = TorchOptimizerReferences.Bits[key];
        Assert.Equal(expected.Length, actual.Length);
        for (int i = 0; i < expected.Length; i++)
            Assert.True(expected[i] == BitConverter.SingleToUInt32Bits(actual[i]),
                $"{key}[{i}]: torch {BitConverter.UInt32BitsToSingle(expected[i]):R}, got {actual[i]:R}");
    }

    [Theory]
    [InlineData(1)]
    [InlineData(7)]
    [InlineData(33)]
    public void AdamWMatchesTorchBitwise(int n)
    {
        var p = Param("layer.weight", Values(n, 37, 5, 101, 1));
        var q = Param("layer.bias", Values(n, 13, 2, 29, 1));
        var adam = new AdamW([new ParameterGroup([p], 0.01), new ParameterGroup([q], 0.0)]);
        double[] lrs = [0.0, 5e-4, 1e-3, 2e-3 / 3, 1e-3 / 3];
        for (int k = 0; k < lrs.Length; k++)
        {
            SetGrad(p, Values(n, 17 + k, k, 53, 8));
            SetGrad(q, Values(n, 23 + k, 3 * k, 47, 8));
            adam.Step(lrs[k]);
        }
        AssertBits($"adamw/{n}/decayed", p.Value.AsSpan());
        AssertBits($"adamw/{n}/not_decayed", q.Value.AsSpan());
    }

    [Theory]
    [InlineData(1, false)]
    [InlineData(7, true)]
    [InlineData(33, false)]
    [InlineData(33, true)]
    public void SgdMatchesTorchBitwise(int n, bool nesterov)
    {
        var p = Param("w", Values(n, 37, 5, 101, 1));
        var sgd = new Sgd([new ParameterGroup([p], 0.01)], momentum: 0.9, nesterov: nesterov);
        for (int k = 0; k < 4; k++)
        {
            SetGrad(p, Values(n, 17 + k, k, 53, 8));
            sgd.Step(0.1);
        }
        AssertBits($"sgd/{n}/nesterov={(nesterov ? "true" : "false")}", p.Value.AsSpan());
    }

    [Fact]
    public void ClipGradNormMatchesTorchBitwise()
    {
        var a = Param("a", new float[33]);
        var b = Param("b", new float[7]);
        SetGrad(a, Values(33, 17, 1, 53, 1));
        SetGrad(b, Values(7, 23, 2, 47, 1));
        var result = GradientClipping.ClipByGlobalNorm([a.Value, b.Value], 1.0);
        AssertBits("clip/norm", [result.TotalNorm]);
        AssertBits("clip/a", a.Value.Grad!.AsSpan());
        AssertBits("clip/b", b.Value.Grad!.AsSpan());
    }
}
