// Tolerance assertions used by the parity tests (tolerances from ../shared/fixtures/models/README.md).
using NluSharp.Engine;

namespace NluSharp.Models.Tests;

public static class Close
{
    /// <summary>|actual − expected| ≤ atol + rtol·|expected| everywhere, same shape; exact zeros must stay exact when zerosExact.</summary>
    public static void Assert(string what, Tensor<float> actual, (long[] Shape, double[] Data) expected, double atol, double rtol, bool zerosExact = false)
    {
        Xunit.Assert.True(actual.Shape.ToArray().Select(d => (long)d).SequenceEqual(expected.Shape),
            $"{what}: shape [{string.Join(", ", actual.Shape.ToArray())}] vs expected [{string.Join(", ", expected.Shape)}]");
        var a = actual.ToArray();
        double worst = 0; int at = -1;
        for (int i = 0; i < a.Length; i++)
        {
            double e = expected.Data[i], err = Math.Abs(a[i] - e);
            if (zerosExact && e == 0 && a[i] != 0) Xunit.Assert.Fail($"{what}[{i}]: {a[i]:R}, expected exactly 0");
            double excess = err - (atol + rtol * Math.Abs(e));
            if (!(excess <= worst)) { worst = double.IsNaN(err) ? double.PositiveInfinity : excess; at = i; }
        }
        if (at >= 0) Xunit.Assert.Fail($"{what}[{at}]: {a[at]:R} vs expected {expected.Data[at]:R} (|diff| {Math.Abs(a[at] - expected.Data[at]):E2} > {atol:E0} + {rtol:E0}·|expected|)");
    }

    /// <summary>A gradient within tol of the reference relative to the reference tensor's largest magnitude (floor atol).</summary>
    public static void Gradient(string name, Tensor<float> actual, (long[] Shape, double[] Data) expected, double relToMax, double atol)
    {
        double max = expected.Data.Max(Math.Abs);
        Assert(name + ".grad", actual, expected, Math.Max(atol, relToMax * max), 0);
    }
}
