// The per-element twin of DropoutMask and the test oracle for it: one CounterRandom.Uniform per element.
using System.Numerics;

namespace NluSharp.Engine.Kernels;

public static class DropoutMaskNaive
{
    /// <summary>y[j] = (uniform(first + j) >= p) ? x[j]·scale : 0.</summary>
    public static void Forward<T>(ReadOnlySpan<T> x, Span<T> y, ulong streamKey, long first, float p, T scale) where T : INumber<T>
    {
        for (int j = 0; j < x.Length; j++)
            y[j] = CounterRandom.Uniform(streamKey, (ulong)(first + j)) >= p ? x[j] * scale : T.Zero;
    }

    /// <summary>g[j] += dy[j]·scale where uniform(first + j) >= p.</summary>
    public static void AccumulateGradient<T>(ReadOnlySpan<T> dy, Span<T> g, ulong streamKey, long first, float p, T scale) where T : INumber<T>
    {
        for (int j = 0; j < dy.Length; j++)
            if (CounterRandom.Uniform(streamKey, (ulong)(first + j)) >= p) g[j] += dy[j] * scale;
    }
}
