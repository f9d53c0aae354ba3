// Global L2-norm gradient clipping as torch.nn.utils.clip_grad_norm_ (torch 1.13, norm_type 2):
//   norms = [‖g_i‖₂ per tensor]; total = ‖norms‖₂; coef = clamp(max_norm / (total + 1e-6), max=1); g_i *= coef.
// torch reduces each norm in float32 with its own summation order; here each sum of squares is accumulated in
// double and rounded once, which is at least as accurate. The sum runs over fixed 4096-element blocks (in parallel),
// then over the block sums in order, so it does not depend on the thread count.
using TensorPrimitives = System.Numerics.Tensors.TensorPrimitives;
using System.Runtime.Intrinsics;
using NluSharp.Engine;

namespace NluSharp.Training.Optimization;

/// <summary>Result of one clipping call.</summary>
/// <param name="TotalNorm">The global gradient norm BEFORE clipping (what clip_grad_norm_ returns and HF logs as grad_norm).</param>
/// <param name="Coefficient">The factor the gradients were multiplied by (1 when no clipping happened).</param>
public readonly record struct ClipResult(float TotalNorm, float Coefficient);

/// <summary>torch.nn.utils.clip_grad_norm_ over the gradients of a set of parameters.</summary>
public static class GradientClipping
{
    /// <summary>Scales all gradients so their global L2 norm is at most <paramref name="maxNorm"/>; returns the pre-clip norm.</summary>
    /// <remarks>Parameters without a gradient are ignored; with none at all the norm is 0. A non-finite norm propagates into
    /// the gradients, as torch does with error_if_nonfinite=False; the trainer reports it.</remarks>
    public static ClipResult ClipByGlobalNorm(IEnumerable<Tensor<float>> parameters, double maxNorm)
    {
        if (!(maxNorm > 0)) throw new ArgumentOutOfRangeException(nameof(maxNorm), maxNorm, "max gradient norm must be > 0");
        var grads = parameters.Select(p => p.Grad).OfType<Tensor<float>>().ToList();
        if (grads.Count == 0) return new ClipResult(0f, 1f);
        double sumOfSquaredNorms = 0;
        foreach (var g in grads)
        {
            float norm = (float)Math.Sqrt(SumOfSquares(g.AsMemory()));   // torch.norm(p.grad) in float32
            sumOfSquaredNorms += (double)norm * norm;
        }
        float total = (float)Math.Sqrt(sumOfSquaredNorms);
        float coefficient = (float)maxNorm / (total + 1e-6f);
        if (coefficient > 1f) coefficient = 1f;      // clamp(max=1); NaN stays NaN, as torch.clamp
        using (Autograd.NoGrad())
            foreach (var g in grads)
            {
                var buffer = g.AsMemory();
                int blocks = (buffer.Length + Block - 1) / Block;
                Threads.For(blocks, 8, (b0, b1) =>
                {
                    var s = buffer.Span[(b0 * Block)..Math.Min(buffer.Length, b1 * Block)];
                    TensorPrimitives.Multiply(s, coefficient, s);
                });
            }
        return new ClipResult(total, coefficient);
    }

    /// <summary>The global L2 norm of the gradients without changing them.</summary>
    public static float GlobalNorm(IEnumerable<Tensor<float>> parameters)
    {
        double sum = 0;
        foreach (var g in parameters.Select(p => p.Grad).OfType<Tensor<float>>())
        {
            float norm = (float)Math.Sqrt(SumOfSquares(g.AsMemory()));
            sum += (double)norm * norm;
        }
        return (float)Math.Sqrt(sum);
    }

    const int Block = 4096;

    static double SumOfSquares(Memory<float> values)
    {
        int blocks = (values.Length + Block - 1) / Block;
        if (blocks <= 1) return BlockSumOfSquares(values.Span);
        var partial = new double[blocks];
        Threads.For(blocks, 8, (b0, b1) =>
        {
            var span = values.Span;
            for (int b = b0; b < b1; b++) partial[b] = BlockSumOfSquares(span[(b * Block)..Math.Min(span.Length, (b + 1) * Block)]);
        });
        double sum = 0;
        foreach (var p in partial) sum += p;
        return sum;
    }

    // Σ v² in double: 16 floats at a time widened into two 8-lane double accumulators, then the scalar tail.
    static double BlockSumOfSquares(ReadOnlySpan<float> values)
    {
        int i = 0;
        double sum = 0;
        if (Vector512.IsHardwareAccelerated && values.Length >= 16)
        {
            Vector512<double> low = Vector512<double>.Zero, high = Vector512<double>.Zero;
            for (; i + 16 <= values.Length; i += 16)
            {
                var (l, h) = Vector512.Widen(Vector512.Create(values.Slice(i, 16)));
                low += l * l; high += h * h;
            }
            sum = Vector512.Sum(low + high);
        }
        for (; i < values.Length; i++) sum += (double)values[i] * values[i];
        return sum;
    }
}
