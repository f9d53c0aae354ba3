// Inverted dropout on float spans, 16 elements per step: the keep decision of element i is the counter-based uniform of
// CounterRandom (SplitMix64 finalizer of streamKey + i·golden, top 24 bits) compared with p, computed in 64-bit vector
// lanes. Decisions and results are bit-identical to DropoutMaskNaive, the per-element loop they replace: a 24-bit
// integer r times 2^-24 is exact in float, so "r·2^-24 >= p" is the integer test "r >= ceil(p·2^24)".
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace NluSharp.Engine.Kernels;

public static class DropoutMask
{
    /// <summary>The smallest 24-bit draw that keeps an element under drop probability <paramref name="p"/>.</summary>
    public static ulong KeepThreshold(float p) => (ulong)Math.Ceiling(p * (double)(1 << 24));

    /// <summary>y[j] = keep(first + j) ? x[j]·scale : 0.</summary>
    public static void Forward(ReadOnlySpan<float> x, Span<float> y, ulong streamKey, long first, float p, float scale)
    {
        if (y.Length < x.Length) throw new ArgumentException("y is shorter than x");
        int j = 0;
        if (Avx512DQ.IsSupported)
        {
            var keepFrom = Vector512.Create(KeepThreshold(p)); var s = Vector512.Create(scale);
            for (; j + 16 <= x.Length; j += 16)
            {
                var keep = Keep16(streamKey, first + j, keepFrom);
                var v = Vector512.Create(x.Slice(j, 16));
                Vector512.ConditionalSelect(keep, v * s, Vector512<float>.Zero).CopyTo(y.Slice(j, 16));
            }
        }
        DropoutMaskNaive.Forward(x[j..], y[j..x.Length], streamKey, first + j, p, scale);
    }

    /// <summary>g[j] += dy[j]·scale where keep(first + j); g[j] is left as it is (not +0) where dropped.</summary>
    public static void AccumulateGradient(ReadOnlySpan<float> dy, Span<float> g, ulong streamKey, long first, float p, float scale)
    {
        if (g.Length < dy.Length) throw new ArgumentException("g is shorter than dy");
        int j = 0;
        if (Avx512DQ.IsSupported)
        {
            var keepFrom = Vector512.Create(KeepThreshold(p)); var s = Vector512.Create(scale);
            for (; j + 16 <= dy.Length; j += 16)
            {
                var keep = Keep16(streamKey, first + j, keepFrom);
                var gv = Vector512.Create(g.Slice(j, 16));
                Vector512.ConditionalSelect(keep, gv + Vector512.Create(dy.Slice(j, 16)) * s, gv).CopyTo(g.Slice(j, 16));
            }
        }
        DropoutMaskNaive.AccumulateGradient(dy[j..], g[j..dy.Length], streamKey, first + j, p, scale);
    }

    // All-ones float lanes where elements index..index+15 are kept.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static Vector512<float> Keep16(ulong streamKey, long index, Vector512<ulong> keepFrom)
    {
        var lane = Vector512.Create(0UL, 1, 2, 3, 4, 5, 6, 7);
        var low = Draw(streamKey, lane + Vector512.Create((ulong)index));
        var high = Draw(streamKey, lane + Vector512.Create((ulong)index + 8));
        var keepLow = Vector512.GreaterThanOrEqual(low, keepFrom);
        var keepHigh = Vector512.GreaterThanOrEqual(high, keepFrom);
        return Vector512.Narrow(keepLow, keepHigh).AsSingle();   // 64-bit all-ones → 32-bit all-ones, lanes in order
    }

    // CounterRandom.Uniform's 24 bits for 8 counters.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static Vector512<ulong> Draw(ulong streamKey, Vector512<ulong> counter)
    {
        var z = Vector512.Create(streamKey) + counter * Vector512.Create(CounterRandom.Golden);
        z = (z ^ (z >>> 30)) * Vector512.Create(CounterRandom.MixMultiplier1);
        z = (z ^ (z >>> 27)) * Vector512.Create(CounterRandom.MixMultiplier2);
        z ^= z >>> 31;
        return z >>> 40;
    }
}
