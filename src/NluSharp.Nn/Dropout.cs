// Dropout that is active only in training mode. Each call takes the next key of the current DropoutContext, so
// masks depend on (seed, step, call order) only: reproducible, and independent of the thread count.
using NluSharp.Engine;

namespace NluSharp.Nn;

/// <summary>Inverted dropout with probability P (no parameters).</summary>
public sealed class Dropout : Module
{
    /// <summary>Probability of zeroing an element.</summary>
    public double P { get; }

    /// <summary>A dropout layer.</summary>
    public Dropout(double p)
    {
        if (p < 0 || p >= 1) throw new ArgumentOutOfRangeException(nameof(p), p, "dropout probability must be in [0, 1)");
        P = p;
    }

    /// <summary>x unchanged in evaluation mode (or p = 0); else x with elements zeroed and the rest scaled by 1/(1−p).</summary>
    public Tensor<float> Forward(Tensor<float> x) =>
        !Training || P == 0 ? x : x.Dropout(P, DropoutContext.NextKey(), training: true);
}

/// <summary>
/// The seed and step that dropout masks are drawn from; begin one per training step
/// (<c>using (DropoutContext.Begin(seed, step)) { ... }</c>). Without one, masks come from a process-wide counter:
/// random, but not reproducible across runs.
/// </summary>
public sealed class DropoutContext : IDisposable
{
    [ThreadStatic] static DropoutContext? current;
    static long fallbackStep;

    readonly DropoutContext? parent;
    ulong nextSite;

    /// <summary>The run's seed.</summary>
    public ulong Seed { get; }
    /// <summary>The step number.</summary>
    public ulong Step { get; }

    DropoutContext(ulong seed, ulong step, DropoutContext? parent) { Seed = seed; Step = step; this.parent = parent; }

    /// <summary>Makes (seed, step) the source of dropout masks on this thread until disposed.</summary>
    public static DropoutContext Begin(ulong seed, ulong step) => current = new DropoutContext(seed, step, current);

    internal static DropoutKey NextKey()
    {
        if (current is { } c) return new DropoutKey(c.Seed, c.Step, ++c.nextSite);
        return new DropoutKey(0x5EED, (ulong)Interlocked.Increment(ref fallbackStep), 1);
    }

    /// <summary>Restores the previous context.</summary>
    public void Dispose()
    {
        if (current == this) current = parent;
    }
}
