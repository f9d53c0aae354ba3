// Central-difference gradient checks in float64: perturb each input element by ±h, compare
// (f(x+h) − f(x−h)) / 2h, contracted with a random upstream gradient, against the analytic backward.
using NluSharp.Engine;

namespace NluSharp.Engine.Tests.Ops;

public static class GradCheck
{
    const double H = 1e-6, AbsoluteTolerance = 1e-7, RelativeTolerance = 1e-6;

    /// <summary>Checks d(Σ w ⊙ f(inputs))/d(inputs) for up to maxElements elements per input.</summary>
    public static void Check(Func<Tensor<double>[], Tensor<double>> f, Tensor<double>[] inputs, int maxElements = 64)
    {
        foreach (var x in inputs) { x.RequiresGrad = true; x.Grad = null; }
        var y = f(inputs);
        var w = Tensor<double>.FromArray(TestTensors.Normal((int)y.Length, 12345), y.Shape.ToArray());
        y.Backward(w);

        for (int k = 0; k < inputs.Length; k++)
        {
            var x = inputs[k];
            Assert.True(x.Grad != null, $"input {k} received no gradient");
            var data = x.Storage.Span;
            var analytic = x.Grad!.ToArray();
            int step = Math.Max(1, data.Length / maxElements);
            for (int j = 0; j < data.Length; j += step)
            {
                double original = data[j];
                data[j] = original + H; double plus = Objective(f, inputs, w);
                data[j] = original - H; double minus = Objective(f, inputs, w);
                data[j] = original;
                double numeric = (plus - minus) / (2 * H);
                double tolerance = AbsoluteTolerance + RelativeTolerance * Math.Abs(numeric);
                Assert.True(Math.Abs(analytic[j] - numeric) <= tolerance,
                    $"input {k} element {j}: analytic {analytic[j]:R} vs numeric {numeric:R} (|diff| {Math.Abs(analytic[j] - numeric):E2} > {tolerance:E2})");
            }
        }
    }

    static double Objective(Func<Tensor<double>[], Tensor<double>> f, Tensor<double>[] inputs, Tensor<double> w)
    {
        using var _ = Autograd.NoGrad();
        var y = f(inputs).ToArray();
        var wv = w.AsSpan();
        double s = 0;
        for (int i = 0; i < y.Length; i++) s += y[i] * wv[i];
        return s;
    }
}
