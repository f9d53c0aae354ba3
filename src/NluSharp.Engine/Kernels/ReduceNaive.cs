// Reference reductions over a [outer, axis, inner] view of a contiguous tensor (sum and max along one axis),
// summing in increasing index order: the oracle for Reduce's SIMD paths.
using System.Numerics;

namespace NluSharp.Engine.Kernels;

public static class ReduceNaive
{
    /// <summary>y[o, i] = Σ_a x[o, a, i] (+ y when accumulate).</summary>
    public static void Sum<T>(ReadOnlySpan<T> x, Span<T> y, int outer, int axis, int inner, bool accumulate) where T : unmanaged, INumber<T>
    {
        for (int o = 0; o < outer; o++)
            for (int i = 0; i < inner; i++)
            {
                T s = T.Zero;
                for (int a = 0; a < axis; a++) s += x[(o * axis + a) * inner + i];
                y[o * inner + i] = accumulate ? y[o * inner + i] + s : s;
            }
    }

    /// <summary>y[o, i] = max_a x[o, a, i]; argmax[o, i] = the first index attaining it (NaN propagates, as torch.max).</summary>
    public static void Max<T>(ReadOnlySpan<T> x, Span<T> y, Span<int> argmax, int outer, int axis, int inner) where T : unmanaged, IFloatingPointIeee754<T>
    {
        for (int o = 0; o < outer; o++)
            for (int i = 0; i < inner; i++)
            {
                int best = 0; T m = x[o * axis * inner + i];
                for (int a = 1; a < axis && !T.IsNaN(m); a++)
                {
                    T v = x[(o * axis + a) * inner + i];
                    if (v > m || T.IsNaN(v)) { m = v; best = a; }
                }
                y[o * inner + i] = m; argmax[o * inner + i] = best;
            }
    }
}
