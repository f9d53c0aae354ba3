// The vectorized AdamW kernel against its scalar twin, bit for bit, for every length 0..130 and unaligned slices.
using NluSharp.Training.Optimization;

namespace NluSharp.Training.Tests.Optimization;

public class AdamWKernelTests
{
    [Fact]
    public void VectorPathEqualsScalarTwinBitwise()
    {
        var rng = new Random(17);
        var c = new AdamWCoefficients(Decay: (float)(1 - 3e-4 * 0.01), Beta1: 0.9f, OneMinusBeta1: (float)(1 - 0.9), Beta2: 0.999f,
            OneMinusBeta2: (float)(1 - 0.999), BiasCorrection2Sqrt: (float)Math.Sqrt(1 - Math.Pow(0.999, 7)), Epsilon: 1e-8f,
            NegativeStepSize: (float)(-3e-4 / (1 - Math.Pow(0.9, 7))));
        for (int n = 0; n <= 130; n++)
            foreach (int offset in new[] { 0, 3 })
            {
                float[] R(double scale) => Enumerable.Range(0, n + offset).Select(_ => (float)((rng.NextDouble() - 0.5) * scale)).ToArray();
                var (p, g, m) = (R(2), R(Math.Pow(10, rng.Next(-6, 2))), R(0.01));
                var v = R(1e-4).Select(Math.Abs).ToArray();
                var (p2, m2, v2) = ((float[])p.Clone(), (float[])m.Clone(), (float[])v.Clone());
                AdamWKernel.Update(p.AsSpan(offset), g.AsSpan(offset), m.AsSpan(offset), v.AsSpan(offset), c);
                AdamWKernel.UpdateNaive(p2.AsSpan(offset), g.AsSpan(offset), m2.AsSpan(offset), v2.AsSpan(offset), c);
                Assert.True(p.SequenceEqual(p2) && m.SequenceEqual(m2) && v.SequenceEqual(v2), $"length {n}, offset {offset}");
            }
    }

    [Fact]
    public void MismatchedLengthsAreRejected() =>
        Assert.Throws<ArgumentException>(() => AdamWKernel.Update(new float[4], new float[3], new float[4], new float[4], default));
}
