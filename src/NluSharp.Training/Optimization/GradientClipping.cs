// Global L2-norm gradient clipping as torch.nn.utils.clip_grad_norm_ (torch 1.13, norm_type 2):
//   norms = [‖g_i‖₂ per tensor]; total = ‖norms‖₂; coef = clamp(max_norm / (total + 1e-6), max=1); g_i *= coef.
// torch reduces each norm in float32 with its own summation order; here each sum of squares is accumulated in
// double and rounded once, which is at least as accurate and independent of the thread count.
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
            float norm = (float)Math.Sqrt(SumOfSquares(g.AsSpan()));   // torch.norm(p.grad) in float32
            sumOfSquaredNorms += (double)norm * norm;
        }
        float total = (float)Math.Sqrt(sumOfSquaredNorms);
        float coefficient = (float)maxNorm / (total + 1e-6f);
        if (coefficient > 1f) coefficient = 1f;      // clamp(max=1); NaN stays NaN, as torch.clamp
        using (Autograd.NoGrad())
            foreach (var g in grads)
            {
                var s = g.AsSpan();
                for (int i = 0; i < s.Length; i++) s[i] *= coefficient;
            }
        return new ClipResult(total, coefficient);
    }

    /// <summary>The global L2 norm of the gradients without changing them.</summary>
    public static float GlobalNorm(IEnumerable<Tensor<float>> parameters)
    {
        double sum = 0;
        foreach (var g in parameters.Select(p => p.Grad).OfType<Tensor<float>>())
        {
            float norm = (float)Math.Sqrt(SumOfSquares(g.AsSpan()));
            sum += (double)norm * norm;
        }
        return (float)Math.Sqrt(sum);
    }

    static double SumOfSquares(ReadOnlySpan<float> values)
    {
        double sum = 0;
        foreach (var v in values) sum += (double)v * v;
        return sum;
    }
}
