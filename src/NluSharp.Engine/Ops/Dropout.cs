// dropout: zero each element with probability p and scale the rest by 1/(1−p) (inverted dropout, as PyTorch).
// The mask comes from a counter-based generator keyed by (seed, step, site, element index), so the backward
// regenerates it instead of storing it.
using System.Numerics;

namespace NluSharp.Engine;

public static partial class Ops
{
    public static Tensor<T> Dropout<T>(this Tensor<T> x, double p, DropoutKey key, bool training = true) where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (p < 0 || p >= 1) throw new ArgumentOutOfRangeException(nameof(p), p, "dropout probability must be in [0, 1)");
        if (!training || p == 0) return x;
        x = x.Contiguous();
        ulong stream = key.StreamKey;
        float threshold = (float)p;
        T scale = T.CreateChecked(1.0 / (1.0 - p));
        var y = Tensor<T>.Uninitialized(x.Shape);
        T[] xa = x.storage.Array, ya = y.storage.Array; int xo = x.offset;
        Elementwise.ForChunks((int)x.Length, (s, e) =>
        {
            for (int i = s; i < e; i++)
                ya[i] = CounterRandom.Uniform(stream, (ulong)i) >= threshold ? xa[xo + i] * scale : T.Zero;
        });
        if (Autograd.ShouldRecord(x))
            Autograd.Record(y, () =>
            {
                var g = x.GradBuffer(); T[] ga = g.storage.Array, dya = y.Grad!.storage.Array;
                int go = g.offset, dyo = y.Grad!.offset;
                Elementwise.ForChunks((int)x.Length, (s, e) =>
                {
                    for (int i = s; i < e; i++)
                        if (CounterRandom.Uniform(stream, (ulong)i) >= threshold) ga[go + i] += dya[dyo + i] * scale;
                });
            });
        return y;
    }
}
