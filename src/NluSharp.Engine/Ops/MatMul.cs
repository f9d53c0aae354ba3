// matmul: a [..., m, k] · b [..., k, n] → [..., m, n], batched over equal leading dims, or with a 2-D b shared by
// every batch entry. A transposed view (e.g. k.Transpose(-1, -2) in attention) is passed to GEMM as a transpose
// flag instead of being copied.
using System.Numerics;
using NluSharp.Engine.Kernels;

namespace NluSharp.Engine;

public static partial class Ops
{
    public static Tensor<T> MatMul<T>(this Tensor<T> a, Tensor<T> b) where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (a.Rank < 2 || b.Rank < 2) throw new ArgumentException($"matmul needs rank >= 2 operands, got {Shapes.Format(a.Shape)} and {Shapes.Format(b.Shape)}");
        int m = a.Size(-2), k = a.Size(-1), n = b.Size(-1);
        if (b.Size(-2) != k) throw new ArgumentException($"matmul inner dimensions differ: {Shapes.Format(a.Shape)} · {Shapes.Format(b.Shape)}");

        if (b.Rank == 2 && a.Rank > 2)
        {
            // Shared right operand: fold the batch into m, one large GEMM (also for the weight gradient).
            var a2 = a.Reshape(-1, k);
            var y2 = a2.MatMul(b);
            var outShape = a.Shape.ToArray(); outShape[^1] = n;
            return y2.Reshape(outShape);
        }
        if (a.Rank != b.Rank || !a.Shape[..^2].SequenceEqual(b.Shape[..^2]))
            throw new ArgumentException($"matmul batch dimensions must match (or b must be 2-D): {Shapes.Format(a.Shape)} · {Shapes.Format(b.Shape)}");

        var (ad, ta, lda) = GemmOperand(a);
        var (bd, tb, ldb) = GemmOperand(b);
        int batch = (int)(a.Length / ((long)m * k));
        var shape = a.Shape.ToArray(); shape[^1] = n;
        var y = Tensor<T>.Uninitialized(shape);
        Gemm.MultiplyBatched<T>(batch, ta, tb, m, n, k, ad.storage.Span[ad.offset..], lda, (long)m * k,
            bd.storage.Span[bd.offset..], ldb, (long)k * n, y.AsSpan(), n, (long)m * n, accumulate: false);

        if (Autograd.ShouldRecord(a, b))
            Autograd.Record(y, () =>
            {
                var dy = y.Grad!.AsSpan();
                // dA = dY · Bᵀ and dB = Aᵀ · dY, with the stored operands' transpose flags flipped accordingly.
                if (a.RequiresGrad)
                    Gemm.MultiplyBatched<T>(batch, false, !tb, m, k, n, dy, n, (long)m * n,
                        bd.storage.Span[bd.offset..], ldb, (long)k * n, Elementwise.GradSpan(a), k, (long)m * k, accumulate: true);
                if (b.RequiresGrad)
                    Gemm.MultiplyBatched<T>(batch, !ta, false, k, n, m, ad.storage.Span[ad.offset..], lda, (long)m * k,
                        dy, n, (long)m * n, Elementwise.GradSpan(b), n, (long)k * n, accumulate: true);
            });
        return y;
    }

    /// <summary>The dense buffer GEMM reads for x, whether it is a transpose of a dense matrix, and its leading dimension.</summary>
    static (Tensor<T> data, bool transposed, int ld) GemmOperand<T>(Tensor<T> x) where T : unmanaged
    {
        // Detached: these only choose how GEMM reads the data; gradients go to x itself.
        var view = x.Detach();
        if (view.IsContiguous) return (view, false, x.Size(-1));
        if (view.Transpose(-1, -2).IsContiguous) return (view, true, x.Size(-2));
        return (view.Contiguous(), false, x.Size(-1));
    }
}
