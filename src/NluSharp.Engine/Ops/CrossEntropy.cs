// cross-entropy fused with log-softmax, as torch.nn.functional.cross_entropy(logits, target, ignore_index,
// label_smoothing, reduction="mean"): loss_i = (1−ε)·(−log p[t_i]) + ε·mean_c(−log p[c]), averaged over the
// targets that are not ignore_index (NaN when all are ignored, as PyTorch). dlogits = (p − q)/count.
using System.Numerics;

namespace NluSharp.Engine;

public static partial class Ops
{
    public static Tensor<T> CrossEntropy<T>(this Tensor<T> logits, Tensor<int> targets, int ignoreIndex = -100, double labelSmoothing = 0.0)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (labelSmoothing < 0 || labelSmoothing > 1) throw new ArgumentOutOfRangeException(nameof(labelSmoothing), labelSmoothing, "label smoothing must be in [0, 1]");
        int C = logits.Size(-1), N = (int)(logits.Length / Math.Max(C, 1));
        if (targets.Length != N)
            throw new ArgumentException($"cross-entropy: {N} rows of logits {Shapes.Format(logits.Shape)} but {targets.Length} targets {Shapes.Format(targets.Shape)}");
        var x = logits.Contiguous();
        var t = targets.Contiguous().AsSpan().ToArray();
        var logp = Tensor<T>.Uninitialized(x.Shape);
        Kernels.Softmax.LogForward<T>(x.AsSpan(), logp.AsSpan(), N, C);

        T eps = T.CreateChecked(labelSmoothing), onTarget = T.One - eps, perClass = eps / T.CreateChecked(C);
        ReadOnlySpan<T> lp = logp.AsSpan();
        T total = T.Zero; int count = 0;
        for (int i = 0; i < N; i++)
        {
            if (t[i] == ignoreIndex) continue;
            if ((uint)t[i] >= (uint)C) throw new ArgumentOutOfRangeException(nameof(targets), $"target {t[i]} at position {i} is not a class index in [0, {C}) nor ignore_index {ignoreIndex}");
            T rowLoss = -lp[i * C + t[i]] * onTarget;
            if (eps != T.Zero)
            {
                T sum = T.Zero;
                for (int c = 0; c < C; c++) sum += lp[i * C + c];
                rowLoss -= sum * perClass;
            }
            total += rowLoss; count++;
        }
        var y = Tensor<T>.Scalar(total / T.CreateChecked(count));

        if (Autograd.ShouldRecord(x))
            Autograd.Record(y, () =>
            {
                T scale = y.Grad!.AsSpan()[0] / T.CreateChecked(count);
                if (typeof(T) == typeof(float))
                {
                    // Vocabulary-wide rows (MLM heads): rows split over threads, exp vectorized; each row is written by
                    // one thread only, so the result does not depend on the thread count. The loop below is its naive twin.
                    CrossEntropyRowsBackward(x, logp, t, ignoreIndex, float.CreateTruncating(scale), float.CreateTruncating(onTarget), float.CreateTruncating(perClass), N, C);
                    return;
                }
                Span<T> g = Elementwise.GradSpan(x); ReadOnlySpan<T> lps = logp.AsSpan();
                for (int i = 0; i < N; i++)
                {
                    if (t[i] == ignoreIndex) continue;
                    for (int c = 0; c < C; c++)
                    {
                        T q = (c == t[i] ? onTarget : T.Zero) + perClass;
                        g[i * C + c] += (T.Exp(lps[i * C + c]) - q) * scale;
                    }
                }
            });
        return y;
    }

    static void CrossEntropyRowsBackward<T>(Tensor<T> x, Tensor<T> logp, int[] targets, int ignoreIndex, float scale, float onTarget, float perClass, int N, int C)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var gradients = x.GradBuffer();
        Threads.For(N, 1, (start, end) =>
        {
            var gAll = System.Runtime.InteropServices.MemoryMarshal.Cast<T, float>(gradients.AsSpan());
            var lpAll = System.Runtime.InteropServices.MemoryMarshal.Cast<T, float>(logp.AsSpan());
            Span<float> buffer = stackalloc float[1024];
            for (int i = start; i < end; i++)
            {
                if (targets[i] == ignoreIndex) continue;
                var gRow = gAll.Slice(i * C, C);
                var lpRow = lpAll.Slice(i * C, C);
                // g += (exp(logp) − q)·scale with q = onTarget·[c = t] + perClass.
                for (int c = 0; c < C; c += buffer.Length)
                {
                    int len = Math.Min(buffer.Length, C - c);
                    var chunk = buffer[..len];
                    System.Numerics.Tensors.TensorPrimitives.Exp(lpRow.Slice(c, len), chunk);
                    System.Numerics.Tensors.TensorPrimitives.Subtract(chunk, perClass, chunk);
                    System.Numerics.Tensors.TensorPrimitives.FusedMultiplyAdd(chunk, scale, gRow.Slice(c, len), gRow.Slice(c, len));
                }
                gRow[targets[i]] -= onTarget * scale;
            }
        });
    }
}
