// linear: y = x · Wᵀ + b, as torch.nn.functional.linear (W is [out, in], the Hugging Face layout).
// Fused: the bias is written first and the GEMM accumulates onto it.
using System.Numerics;
using NluSharp.Engine.Kernels;

namespace NluSharp.Engine;

public static partial class Ops
{
    public static Tensor<T> Linear<T>(this Tensor<T> x, Tensor<T> weight, Tensor<T>? bias = null) where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (weight.Rank != 2) throw new ArgumentException($"linear weight must be [out, in], got {Shapes.Format(weight.Shape)}");
        int outF = weight.Size(0), inF = weight.Size(1);
        if (x.Size(-1) != inF) throw new ArgumentException($"linear input has {x.Size(-1)} features, weight {Shapes.Format(weight.Shape)} expects {inF}");
        if (bias != null && (bias.Rank != 1 || bias.Size(0) != outF)) throw new ArgumentException($"linear bias must be [{outF}], got {Shapes.Format(bias.Shape)}");
        x = x.Contiguous(); weight = weight.Contiguous(); bias = bias?.Contiguous();
        int rows = (int)(x.Length / inF);
        var shape = x.Shape.ToArray(); shape[^1] = outF;
        var y = Tensor<T>.Uninitialized(shape);
        var ys = y.AsSpan();
        if (bias != null)
        {
            T[] ba = bias.storage.Array, ya = y.storage.Array; int bo = bias.offset;
            Threads.For(rows, Math.Max(1, (1 << 15) / outF), (r0, r1) =>
            {
                for (int r = r0; r < r1; r++) Array.Copy(ba, bo, ya, (long)r * outF, outF);
            });
        }
        Gemm.Multiply<T>(false, true, rows, outF, inF, x.AsSpan(), inF, weight.AsSpan(), inF, ys, outF, accumulate: bias != null);

        var w = weight; var b = bias;
        if (Autograd.ShouldRecord(x, w) || (b != null && Autograd.ShouldRecord(b)))
            Autograd.Record(y, () =>
            {
                var dy = y.Grad!.AsSpan();
                if (x.RequiresGrad) Gemm.Multiply<T>(false, false, rows, inF, outF, dy, outF, w.AsSpan(), inF, Elementwise.GradSpan(x), inF, accumulate: true);
                if (w.RequiresGrad) Gemm.Multiply<T>(true, false, outF, inF, rows, dy, outF, x.AsSpan(), inF, Elementwise.GradSpan(w), inF, accumulate: true);
                if (b != null && b.RequiresGrad) Reduce.Sum<T>(dy, Elementwise.GradSpan(b), 1, rows, outF, accumulate: true);
            });
        return y;
    }
}
