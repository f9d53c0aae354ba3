// Seeded random inputs and tolerance helpers shared by the kernel tests.
namespace NluSharp.Engine.Tests.Kernels;

internal static class KernelTestData
{
    /// <summary>Uniform values in [-scale, scale) from a fixed seed.</summary>
    public static float[] Uniform(int length, int seed, float scale = 1f)
    {
        var rng = new Random(seed);
        var v = new float[length];
        for (int i = 0; i < v.Length; i++) v[i] = (float)((rng.NextDouble() * 2 - 1) * scale);
        return v;
    }

    public static float MaxAbs(ReadOnlySpan<float> v)
    {
        float m = 0;
        foreach (var x in v) m = Math.Max(m, Math.Abs(x));
        return m;
    }

    /// <summary>Asserts |actual − expected| ≤ absTol + relTol·|expected| elementwise, naming the first failing index.</summary>
    public static void AssertClose(ReadOnlySpan<float> expected, ReadOnlySpan<float> actual, double absTol, double relTol, string what)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (int i = 0; i < expected.Length; i++)
        {
            double e = expected[i], a = actual[i];
            if (double.IsNaN(e) && double.IsNaN(a)) continue;
            if (e == a) continue;  // covers matching infinities
            double err = Math.Abs(a - e), tol = absTol + relTol * Math.Abs(e);
            if (!(err <= tol))
                Assert.Fail($"{what}: element {i} is {a:R}, expected {e:R} (error {err:E3} > tolerance {tol:E3})");
        }
    }

    public static void AssertBitwiseEqual(ReadOnlySpan<float> expected, ReadOnlySpan<float> actual, string what)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (int i = 0; i < expected.Length; i++)
            if (BitConverter.SingleToInt32Bits(expected[i]) != BitConverter.SingleToInt32Bits(actual[i]))
                Assert.Fail($"{what}: element {i} differs: {actual[i]:R} vs {expected[i]:R}");
    }
}
