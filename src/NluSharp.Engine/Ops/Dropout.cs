// dropout: zero each element with probability p and scale the rest by 1/(1−p) (inverted dropout, as PyTorch).
// The mask comes from a counter-based generator keyed by (seed, step, site, element index), so the backward
// regenerates it instead of storing it.
using System.Numerics;
using System.Runtime.InteropServices;

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
        Elementwise.ForChunks((int)x.Length, (s, e) => DropoutForward(xa.AsSpan(xo + s, e - s), ya.AsSpan(s, e - s), stream, s, threshold, scale));
        if (Autograd.ShouldRecord(x))
            Autograd.Record(y, () =>
            {
                var g = x.GradBuffer(); T[] ga = g.storage.Array, dya = y.Grad!.storage.Array;
                int go = g.offset, dyo = y.Grad!.offset;
                Elementwise.ForChunks((int)x.Length, (s, e) => DropoutAccumulateGradient(dya.AsSpan(dyo + s, e - s), ga.AsSpan(go + s, e - s), stream, s, threshold, scale));
            });
        return y;
    }

    // float goes to the vectorized kernel, other types (double for gradient checks) to its per-element twin.
    static void DropoutForward<T>(ReadOnlySpan<T> x, Span<T> y, ulong stream, long first, float p, T scale) where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (typeof(T) == typeof(float))
            Kernels.DropoutMask.Forward(MemoryMarshal.Cast<T, float>(x), MemoryMarshal.Cast<T, float>(y), stream, first, p, float.CreateChecked(scale));
        else Kernels.DropoutMaskNaive.Forward(x, y, stream, first, p, scale);
    }

    static void DropoutAccumulateGradient<T>(ReadOnlySpan<T> dy, Span<T> g, ulong stream, long first, float p, T scale) where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (typeof(T) == typeof(float))
            Kernels.DropoutMask.AccumulateGradient(MemoryMarshal.Cast<T, float>(dy), MemoryMarshal.Cast<T, float>(g), stream, first, p, float.CreateChecked(scale));
        else Kernels.DropoutMaskNaive.AccumulateGradient(dy, g, stream, first, p, scale);
    }
}
