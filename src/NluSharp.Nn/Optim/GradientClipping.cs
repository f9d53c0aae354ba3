// torch.nn.utils.clip_grad_norm_: scale all gradients by min(1, max_norm / (‖g‖₂ + 1e-6)), ‖g‖₂ taken over every
// parameter's gradient together (the norm of the per-tensor norms); returns the pre-clip norm.
using NluSharp.Engine;

namespace NluSharp.Nn;

/// <summary>Global gradient-norm clipping.</summary>
public static class GradientClipping
{
    /// <summary>Clips in place and returns the total norm before clipping.</summary>
    public static double ClipGradNorm(IEnumerable<Tensor<float>> parameters, double maxNorm)
    {
        var grads = parameters.Select(p => p.Grad).OfType<Tensor<float>>().ToList();
        // Per-tensor norms in double, then the norm of those (torch: norm of the stacked per-tensor norms).
        double total = Math.Sqrt(grads.Sum(g =>
        {
            double s = 0;
            foreach (var v in g.AsSpan()) s += (double)v * v;
            return s;
        }));
        double coef = maxNorm / (total + 1e-6);
        if (coef < 1)
            foreach (var g in grads) System.Numerics.Tensors.TensorPrimitives.Multiply(g.AsSpan(), (float)coef, g.AsSpan());
        return total;
    }
}
