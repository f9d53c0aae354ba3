// AdamW as torch.optim.AdamW (PyTorch 1.13 single-tensor path): p ← p·(1 − lr·wd); m ← β1·m + (1−β1)·g;
// v ← β2·v + (1−β2)·g²; p ← p − (lr / (1 − β1ᵗ)) · m / (√v / √(1 − β2ᵗ) + ε). Decoupled decay applies to every element.
using TensorPrimitives = System.Numerics.Tensors.TensorPrimitives;
using NluSharp.Engine;

namespace NluSharp.Nn;

/// <summary>One parameter group: its tensors and weight decay.</summary>
public sealed record ParameterGroup(IReadOnlyList<Tensor<float>> Parameters, double WeightDecay);

/// <summary>The AdamW optimizer with per-group weight decay.</summary>
public sealed class AdamW
{
    readonly IReadOnlyList<ParameterGroup> groups;
    readonly Dictionary<Tensor<float>, (float[] M, float[] V)> state = new(ReferenceEqualityComparer.Instance);

    /// <summary>Learning rate of the next step (a scheduler sets it).</summary>
    public double LearningRate { get; set; }
    /// <summary>β1, β2.</summary>
    public (double Beta1, double Beta2) Betas { get; }
    /// <summary>ε.</summary>
    public double Eps { get; }
    /// <summary>Steps taken.</summary>
    public int Step { get; private set; }

    /// <summary>An optimizer over parameter groups (torch defaults: betas 0.9/0.999, eps 1e-8).</summary>
    public AdamW(IReadOnlyList<ParameterGroup> groups, double learningRate, double beta1 = 0.9, double beta2 = 0.999, double eps = 1e-8)
    {
        this.groups = groups;
        LearningRate = learningRate;
        Betas = (beta1, beta2);
        Eps = eps;
    }

    /// <summary>One group with one weight decay.</summary>
    public AdamW(IEnumerable<Tensor<float>> parameters, double learningRate, double weightDecay = 0.01)
        : this([new ParameterGroup(parameters.ToList(), weightDecay)], learningRate) { }

    /// <summary>Updates every parameter that has a gradient (parameters without one are skipped, as torch does).</summary>
    public void StepOnce()
    {
        Step++;
        double lr = LearningRate;
        var (b1, b2) = Betas;
        float bias1 = (float)(1 - Math.Pow(b1, Step)), sqrtBias2 = (float)Math.Sqrt(1 - Math.Pow(b2, Step));
        float stepSize = (float)lr / bias1;
        using var _ = Autograd.NoGrad();
        foreach (var group in groups)
        {
            float decay = (float)(1 - lr * group.WeightDecay);
            foreach (var p in group.Parameters)
            {
                if (p.Grad is not { } grad) continue;
                if (!state.TryGetValue(p, out var s)) state[p] = s = (new float[p.Length], new float[p.Length]);
                Span<float> w = p.AsSpan(); ReadOnlySpan<float> g = grad.AsSpan();
                if (decay != 1f) TensorPrimitives.Multiply(w, decay, w);
                float fb1 = (float)b1, fb2 = (float)b2, eps = (float)Eps;
                var m = s.M; var v = s.V;
                for (int i = 0; i < w.Length; i++)
                {
                    m[i] = fb1 * m[i] + (1 - fb1) * g[i];
                    v[i] = fb2 * v[i] + (1 - fb2) * g[i] * g[i];
                    w[i] -= stepSize * m[i] / (MathF.Sqrt(v[i]) / sqrtBias2 + eps);
                }
            }
        }
    }

    /// <summary>Clears the gradients of every parameter.</summary>
    public void ZeroGrad()
    {
        foreach (var group in groups) foreach (var p in group.Parameters) p.ZeroGrad();
    }
}
