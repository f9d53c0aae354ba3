// The data order of an epoch: a Fisher–Yates shuffle driven by a counter-based generator keyed by (seed, epoch),
// so the order depends only on those two numbers — not on thread count, earlier epochs or where a run resumed.
// (Not torch.randperm's stream: HF's exact order cannot be reproduced without torch's Mersenne Twister.)
using NluSharp.Engine;

namespace NluSharp.Training.Data;

/// <summary>Seeded permutations of dataset indices.</summary>
public static class SeededPermutation
{
    // SplitMix64 (Steele, Lea & Flood 2014; the mixer is CounterRandom.Mix): stateless, so draw k of (seed, epoch) is Mix(key + k·γ).
    /// <summary>A permutation of 0..count-1 that is a pure function of (<paramref name="seed"/>, <paramref name="epoch"/>).</summary>
    public static int[] For(int count, ulong seed, int epoch)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        var order = new int[count];
        for (int i = 0; i < count; i++) order[i] = i;
        ulong key = CounterRandom.Mix(CounterRandom.Mix(seed ^ 0x5DEECE66DUL) + (ulong)epoch * 0x9E3779B97F4A7C15UL);
        ulong counter = 0;
        for (int i = count - 1; i > 0; i--)
        {
            int j = Below((uint)(i + 1), key, ref counter);
            (order[i], order[j]) = (order[j], order[i]);
        }
        return order;
    }

    // Unbiased integer in [0, bound) by Lemire's multiply-shift with rejection (Lemire 2019, "Fast random integer generation in an interval").
    static int Below(uint bound, ulong key, ref ulong counter)
    {
        while (true)
        {
            uint x = (uint)(CounterRandom.Mix(key + ++counter * 0x9E3779B97F4A7C15UL) >> 32);
            ulong m = (ulong)x * bound;
            uint low = (uint)m;
            if (low >= bound || low >= (uint)(-bound) % bound) return (int)(m >> 32);
        }
    }
}
