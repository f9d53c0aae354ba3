// Counter-based random numbers: a value is a pure function of (seed, stream, counter), so a dropout mask
// depends only on the seed, the step, the call site and the element index — never on thread count or call order.
namespace NluSharp.Engine;

public static class CounterRandom
{
    // SplitMix64's finalizer (Steele, Lea & Flood 2014): a bijective 64-bit mixer with full avalanche.
    // The constants are shared with the vectorized dropout kernel (Kernels/DropoutMask), which must draw the same bits.
    internal const ulong Golden = 0x9E3779B97F4A7C15UL, MixMultiplier1 = 0xBF58476D1CE4E5B9UL, MixMultiplier2 = 0x94D049BB133111EBUL;

    /// <summary>SplitMix64's output function: the one copy of the mixer (data order, validation splits and dropout use it).</summary>
    public static ulong Mix(ulong z)
    {
        z = (z ^ (z >> 30)) * MixMultiplier1;
        z = (z ^ (z >> 27)) * MixMultiplier2;
        return z ^ (z >> 31);
    }

    /// <summary>A 64-bit key for a stream of a seed (e.g. stream = hash of step and call site).</summary>
    public static ulong StreamKey(ulong seed, ulong stream) => Mix(Mix(seed ^ Golden) + Mix(stream + 0x632BE59BD9B4E019UL));

    /// <summary>Uniform in [0, 1) with 24 random bits, for element counter of a stream key.</summary>
    public static float Uniform(ulong streamKey, ulong counter) => (Mix(streamKey + counter * Golden) >> 40) * (1.0f / (1 << 24));
}

/// <summary>Identifies one dropout call: the run's seed, the training step and a site id unique per dropout layer.</summary>
public readonly record struct DropoutKey(ulong Seed, ulong Step, ulong Site)
{
    internal ulong StreamKey => CounterRandom.StreamKey(Seed, Step * 0x100000001B3UL ^ Site);
}
