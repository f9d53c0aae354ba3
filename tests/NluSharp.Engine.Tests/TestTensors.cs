// Deterministic random tensors for tests.
using NluSharp.Engine;

namespace NluSharp.Engine.Tests;

public static class TestTensors
{
    public static double[] Normal(int count, int seed, double scale = 1.0, double shift = 0.0)
    {
        var rng = new Random(seed);
        var v = new double[count];
        for (int i = 0; i < count; i++)
        {
            // Box-Muller
            double u1 = 1.0 - rng.NextDouble(), u2 = rng.NextDouble();
            v[i] = shift + scale * Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2);
        }
        return v;
    }

    public static Tensor<double> Double(int seed, params int[] shape) => Tensor<double>.FromArray(Normal((int)Shapes.Count(shape), seed), shape);

    public static Tensor<double> Positive(int seed, params int[] shape) =>
        Tensor<double>.FromArray(Normal((int)Shapes.Count(shape), seed).Select(v => 0.5 + Math.Abs(v)).ToArray(), shape);

    public static Tensor<float> Float(int seed, params int[] shape) =>
        Tensor<float>.FromArray(Normal((int)Shapes.Count(shape), seed).Select(v => (float)v).ToArray(), shape);

    public static Tensor<float> ToFloat(this Tensor<double> t) => Tensor<float>.FromArray(t.ToArray().Select(v => (float)v).ToArray(), t.Shape.ToArray());

    public static Tensor<int> Ints(int seed, int maxExclusive, params int[] shape)
    {
        var rng = new Random(seed);
        return Tensor<int>.FromArray(Enumerable.Range(0, (int)Shapes.Count(shape)).Select(_ => rng.Next(maxExclusive)).ToArray(), shape);
    }

    public static Tensor<bool> Bools(int seed, params int[] shape)
    {
        var rng = new Random(seed);
        return Tensor<bool>.FromArray(Enumerable.Range(0, (int)Shapes.Count(shape)).Select(_ => rng.Next(3) == 0).ToArray(), shape);
    }
}
