// SGD with momentum against hand-computed steps (torch semantics: the first step copies the gradient into the buffer).
using NluSharp.Engine;
using NluSharp.Training.Optimization;

namespace NluSharp.Training.Tests.Optimization;

public class SgdTests
{
    static NamedParameter Param(float value)
    {
        var t = Tensor<float>.FromArray([value], 1);
        t.RequiresGrad = true;
        return new NamedParameter("w", t);
    }

    static void Step(IOptimizer o, NamedParameter p, float grad, double lr)
    {
        p.Value.ZeroGrad();
        p.Value.MulScalar(grad).Sum().Backward();
        o.Step(lr);
    }

    [Fact]
    public void MomentumByHand()
    {
        // g = 1 each step, μ = 0.9, lr = 0.1: buf 1, 1.9, 2.71 → p = 1 − 0.1, − 0.19, − 0.271 = 0.439.
        var p = Param(1f);
        var sgd = new Sgd([new ParameterGroup([p], 0.0)], momentum: 0.9);
        Step(sgd, p, 1f, 0.1); Assert.Equal(0.9, p.Value.AsSpan()[0], 6);
        Step(sgd, p, 1f, 0.1); Assert.Equal(0.71, p.Value.AsSpan()[0], 6);
        Step(sgd, p, 1f, 0.1); Assert.Equal(0.439, p.Value.AsSpan()[0], 6);
    }

    [Fact]
    public void NesterovByHand()
    {
        // Nesterov: d = g + μ·buf. Step 1: buf 1, d 1.9 → p 0.81. Step 2: buf 1.9, d 2.71 → p 0.539.
        var p = Param(1f);
        var sgd = new Sgd([new ParameterGroup([p], 0.0)], momentum: 0.9, nesterov: true);
        Step(sgd, p, 1f, 0.1); Assert.Equal(0.81, p.Value.AsSpan()[0], 6);
        Step(sgd, p, 1f, 0.1); Assert.Equal(0.539, p.Value.AsSpan()[0], 6);
    }

    [Fact]
    public void PlainSgdWithCoupledWeightDecay()
    {
        // d = g + wd·p = 1 + 0.5·2 = 2 → p = 2 − 0.1·2 = 1.8.
        var p = Param(2f);
        var sgd = new Sgd([new ParameterGroup([p], 0.5)]);
        Step(sgd, p, 1f, 0.1);
        Assert.Equal(1.8, p.Value.AsSpan()[0], 6);
    }

    [Fact]
    public void NesterovWithoutMomentumIsRejected() =>
        Assert.Throws<ArgumentException>(() => new Sgd([new ParameterGroup([Param(1f)], 0.0)], nesterov: true));
}
