// LAMB (You et al. 2020, "Large Batch Optimization for Deep Learning: Training BERT in 76 minutes", ICLR 2020,
// arXiv:1904.00962, Algorithm 2), with the element order of timm's `_single_tensor_lamb` (timm/optim/lamb.py, a pure
// torch port of NVIDIA apex FusedLAMB), per parameter tensor, float32 element by element:
//   step += 1
//   m = m·β1 + (1-β1)·g                               (fused multiply-add, as AdamW.cs)
//   v = v·β2 + ((1-β2)·g)·g
//   u = (m / (1-β1^step)) / (sqrt(v) / sqrt(1-β2^step) + eps)      (= m̂ / (sqrt(v̂) + ε); both corrections are 1
//                                                                     when bias correction is off)
//   u = u + wd·p                                      (decoupled weight decay inside the update; skipped when wd = 0)
//   r = ‖p‖ / ‖u‖ when both norms are > 0, else 1     (timm's `_lamb_trust_ratio`; no clamp, i.e. trust_clip=False)
//   p = p + (-lr·r)·u                                 (fused multiply-add; -lr·r computed in double, rounded once)
// Differences from the references, on purpose:
// - The trust ratio is applied to EVERY parameter, including those with weight decay 0 (biases, LayerNorm), as the
//   paper's Algorithm 2 does. timm applies it only where wd != 0 unless always_adapt=True, and apex FusedLAMB only where
//   wd != 0 unless use_nvlamb=True; this matches those two with always_adapt=True / use_nvlamb=True.
// - No gradient pre-normalization inside the optimizer (timm's max_grad_norm=1.0, apex's max_grad_norm): the trainer
//   clips the global gradient norm before the step, as Hugging Face does for every optimizer.
// - The step count is per parameter (as AdamW.cs and torch's per-parameter state), not per group.
// - ‖p‖ and ‖u‖ are sums of squares accumulated in double (torch reduces in float32): over fixed 4096-element blocks
//   in parallel, then over the block sums in order (the GradientClipping.cs scheme), so they do not depend on the
//   thread count. The update u is computed twice (once for its norm, once to apply it) by the same float32
//   operations, instead of being stored, so no parameter-sized scratch buffer is needed.
// Every element operation is the same in the Vector256 path and its scalar tail, so the result is bitwise identical
// for any thread count.
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using NluSharp.Engine;

namespace NluSharp.Training.Optimization;

/// <summary>LAMB (layer-wise adaptive moments, You et al. 2020 Algorithm 2) over parameter groups.</summary>
public sealed class Lamb : IOptimizer
{
    sealed class Slot(NamedParameter parameter)
    {
        public readonly NamedParameter Parameter = parameter;
        public long Step;
        public float[]? ExpAvg, ExpAvgSq;   // allocated on the first update, as torch's lazy state
        public double[]? Partials;          // per-block sums of squares (scratch, not state)
    }

    readonly List<(ParameterGroup Group, Slot[] Slots)> groups;

    /// <summary>β1 (default 0.9).</summary>
    public double Beta1 { get; }
    /// <summary>β2 (default 0.999).</summary>
    public double Beta2 { get; }
    /// <summary>Added to sqrt(v̂) in the denominator (default 1e-6, as apex FusedLAMB and timm Lamb).</summary>
    public double Epsilon { get; }
    /// <summary>Whether the moments are bias-corrected (default true, as apex FusedLAMB and timm Lamb).</summary>
    public bool BiasCorrection { get; }

    /// <summary>Creates the optimizer; state is allocated lazily on each parameter's first update.</summary>
    public Lamb(IReadOnlyList<ParameterGroup> groups, double beta1 = 0.9, double beta2 = 0.999, double epsilon = 1e-6, bool biasCorrection = true)
    {
        if (!(beta1 >= 0 && beta1 < 1)) throw new ArgumentOutOfRangeException(nameof(beta1), beta1, "beta1 must be in [0, 1)");
        if (!(beta2 >= 0 && beta2 < 1)) throw new ArgumentOutOfRangeException(nameof(beta2), beta2, "beta2 must be in [0, 1)");
        if (!(epsilon >= 0)) throw new ArgumentOutOfRangeException(nameof(epsilon), epsilon, "epsilon must be >= 0");
        OptimizerChecks.RequireUniqueContiguous(groups);
        (Beta1, Beta2, Epsilon, BiasCorrection) = (beta1, beta2, epsilon, biasCorrection);
        this.groups = groups.Select(g => (g, g.Parameters.Select(p => new Slot(p)).ToArray())).ToList();
    }

    /// <inheritdoc/>
    public IReadOnlyList<ParameterGroup> Groups => groups.Select(g => g.Group).ToList();

    /// <inheritdoc/>
    public void Step(double learningRate)
    {
        using var _ = Autograd.NoGrad();
        foreach (var (group, slots) in groups)
            foreach (var slot in slots)
            {
                var grad = slot.Parameter.Value.Grad;
                if (grad == null) continue;
                slot.Step++;
                slot.ExpAvg ??= new float[slot.Parameter.Value.Length];
                slot.ExpAvgSq ??= new float[slot.Parameter.Value.Length];
                double biasCorrection1 = BiasCorrection ? 1 - Math.Pow(Beta1, slot.Step) : 1;
                double biasCorrection2 = BiasCorrection ? 1 - Math.Pow(Beta2, slot.Step) : 1;
                var c = new LambCoefficients(
                    Beta1: (float)Beta1, OneMinusBeta1: (float)(1 - Beta1),
                    Beta2: (float)Beta2, OneMinusBeta2: (float)(1 - Beta2),
                    BiasCorrection1: (float)biasCorrection1, BiasCorrection2Sqrt: (float)Math.Sqrt(biasCorrection2),
                    Epsilon: (float)Epsilon, WeightDecay: (float)group.WeightDecay);
                Update(slot, grad, c, learningRate);
            }
    }

    const int Block = 4096;

    static void Update(Slot slot, Tensor<float> gradient, LambCoefficients c, double learningRate)
    {
        var parameter = slot.Parameter.Value;
        var pStorage = parameter.Storage; int pOffset = parameter.Offset;
        var gStorage = gradient.Storage; int gOffset = gradient.Offset;
        float[] m = slot.ExpAvg!, v = slot.ExpAvgSq!;
        int n = m.Length, blocks = (n + Block - 1) / Block;
        var partials = slot.Partials ??= new double[2 * blocks];

        // Pass 1: moments, and Σp², Σu² per fixed block (p is not written yet).
        Threads.For(blocks, 8, (b0, b1) =>
        {
            for (int b = b0; b < b1; b++)
            {
                int start = b * Block, length = Math.Min(n, start + Block) - start;
                (partials[2 * b], partials[2 * b + 1]) = LambKernel.Moments(
                    pStorage.Span.Slice(pOffset + start, length), gStorage.Span.Slice(gOffset + start, length),
                    m.AsSpan(start, length), v.AsSpan(start, length), c);
            }
        });
        double pSq = 0, uSq = 0;
        for (int b = 0; b < blocks; b++) { pSq += partials[2 * b]; uSq += partials[2 * b + 1]; }
        double ratio = TrustRatio(Math.Sqrt(pSq), Math.Sqrt(uSq));
        float scale = (float)(-learningRate * ratio);

        // Pass 2: p += scale·u, with u recomputed from the stored m, v and the unchanged p (element-wise only).
        Threads.For(blocks, 8, (b0, b1) =>
        {
            int start = b0 * Block, end = Math.Min(n, b1 * Block);
            LambKernel.Apply(pStorage.Span.Slice(pOffset + start, end - start), m.AsSpan(start, end - start),
                v.AsSpan(start, end - start), c, scale);
        });
    }

    /// <summary>‖p‖ / ‖u‖ when both are &gt; 0, else 1 (timm's rule; a NaN norm also gives 1, the NaN reaches p through u).</summary>
    internal static double TrustRatio(double parameterNorm, double updateNorm) =>
        parameterNorm > 0 && updateNorm > 0 ? parameterNorm / updateNorm : 1.0;

    /// <inheritdoc/>
    public void ZeroGrad() { foreach (var (_, slots) in groups) foreach (var s in slots) s.Parameter.Value.ZeroGrad(); }

    IReadOnlyDictionary<string, double> Hyperparameters() => new Dictionary<string, double>
    {
        ["beta1"] = Beta1, ["beta2"] = Beta2, ["eps"] = Epsilon, ["bias_correction"] = BiasCorrection ? 1 : 0,
    };

    /// <inheritdoc/>
    public OptimizerState SaveState()
    {
        var steps = new Dictionary<string, long>(StringComparer.Ordinal);
        var buffers = new Dictionary<string, float[]>(StringComparer.Ordinal);
        foreach (var (_, slots) in groups)
            foreach (var s in slots)
            {
                if (s.ExpAvg == null) continue;   // never updated: no state, as torch
                steps[s.Parameter.Name] = s.Step;
                buffers["exp_avg/" + s.Parameter.Name] = (float[])s.ExpAvg.Clone();
                buffers["exp_avg_sq/" + s.Parameter.Name] = (float[])s.ExpAvgSq!.Clone();
            }
        return new OptimizerState("lamb", Hyperparameters(), steps, buffers);
    }

    /// <inheritdoc/>
    public void LoadState(OptimizerState state)
    {
        state.RequireCompatible("lamb", Hyperparameters());
        state.RequireKnownParameters(groups.Select(g => g.Group));
        foreach (var (_, slots) in groups)
            foreach (var s in slots)
            {
                if (state.Steps.TryGetValue(s.Parameter.Name, out var step))
                {
                    s.Step = step;
                    s.ExpAvg = state.Buffer("exp_avg", s.Parameter);
                    s.ExpAvgSq = state.Buffer("exp_avg_sq", s.Parameter);
                }
                else (s.Step, s.ExpAvg, s.ExpAvgSq) = (0, null, null);
            }
    }
}

/// <summary>float32 coefficients of one LAMB step of one parameter.</summary>
/// <param name="Beta1">β1.</param>
/// <param name="OneMinusBeta1">1 − β1.</param>
/// <param name="Beta2">β2.</param>
/// <param name="OneMinusBeta2">1 − β2.</param>
/// <param name="BiasCorrection1">1 − β1^step (1 without bias correction).</param>
/// <param name="BiasCorrection2Sqrt">sqrt(1 − β2^step) (1 without bias correction).</param>
/// <param name="Epsilon">ε.</param>
/// <param name="WeightDecay">The group's weight decay.</param>
readonly record struct LambCoefficients(float Beta1, float OneMinusBeta1, float Beta2, float OneMinusBeta2,
    float BiasCorrection1, float BiasCorrection2Sqrt, float Epsilon, float WeightDecay);

/// <summary>LAMB element loops on spans: a Vector256 path (AVX2 + FMA) and a scalar tail doing the same float32 operations.</summary>
static class LambKernel
{
    /// <summary>Updates m and v from g and returns (Σp², Σu²) in double, u being the LAMB update before the trust ratio.</summary>
    public static (double ParameterSq, double UpdateSq) Moments(ReadOnlySpan<float> p, ReadOnlySpan<float> g, Span<float> m, Span<float> v, in LambCoefficients c)
    {
        int i = 0;
        double pSq = 0, uSq = 0;
        if (Fma.IsSupported && Vector256.IsHardwareAccelerated && p.Length >= Vector256<float>.Count)
        {
            var b1 = Vector256.Create(c.Beta1); var ob1 = Vector256.Create(c.OneMinusBeta1);
            var b2 = Vector256.Create(c.Beta2); var ob2 = Vector256.Create(c.OneMinusBeta2);
            var pLow = Vector256<double>.Zero; var pHigh = Vector256<double>.Zero;
            var uLow = Vector256<double>.Zero; var uHigh = Vector256<double>.Zero;
            ref readonly float pr = ref p[0]; ref readonly float gr = ref g[0]; ref float mr = ref m[0]; ref float vr = ref v[0];
            for (; i <= p.Length - Vector256<float>.Count; i += Vector256<float>.Count)
            {
                var gi = Vector256.LoadUnsafe(in gr, (nuint)i);
                var pi = Vector256.LoadUnsafe(in pr, (nuint)i);
                var mi = Fma.MultiplyAdd(gi, ob1, Vector256.LoadUnsafe(ref mr, (nuint)i) * b1);
                var vi = Vector256.LoadUnsafe(ref vr, (nuint)i) * b2 + ob2 * gi * gi;
                mi.StoreUnsafe(ref mr, (nuint)i);
                vi.StoreUnsafe(ref vr, (nuint)i);
                var ui = Update(pi, mi, vi, c);
                var (pl, ph) = Vector256.Widen(pi);
                var (ul, uh) = Vector256.Widen(ui);
                pLow += pl * pl; pHigh += ph * ph;
                uLow += ul * ul; uHigh += uh * uh;
            }
            pSq = Vector256.Sum(pLow + pHigh);
            uSq = Vector256.Sum(uLow + uHigh);
        }
        for (; i < p.Length; i++)
        {
            float gi = g[i];
            float mi = MathF.FusedMultiplyAdd(gi, c.OneMinusBeta1, m[i] * c.Beta1);   // exp_avg.mul_(β1).add_(g, alpha=1-β1)
            float vi = v[i] * c.Beta2 + c.OneMinusBeta2 * gi * gi;                   // exp_avg_sq.mul_(β2).addcmul_(g, g, value=1-β2)
            m[i] = mi; v[i] = vi;
            float ui = Update(p[i], mi, vi, c);
            pSq += (double)p[i] * p[i];
            uSq += (double)ui * ui;
        }
        return (pSq, uSq);
    }

    /// <summary>p += scale·u, u recomputed from p, m, v exactly as <see cref="Moments"/> computed it.</summary>
    public static void Apply(Span<float> p, ReadOnlySpan<float> m, ReadOnlySpan<float> v, in LambCoefficients c, float scale)
    {
        int i = 0;
        if (Fma.IsSupported && Vector256.IsHardwareAccelerated && p.Length >= Vector256<float>.Count)
        {
            var s = Vector256.Create(scale);
            ref float pr = ref p[0]; ref readonly float mr = ref m[0]; ref readonly float vr = ref v[0];
            for (; i <= p.Length - Vector256<float>.Count; i += Vector256<float>.Count)
            {
                var pi = Vector256.LoadUnsafe(ref pr, (nuint)i);
                var ui = Update(pi, Vector256.LoadUnsafe(in mr, (nuint)i), Vector256.LoadUnsafe(in vr, (nuint)i), c);
                Fma.MultiplyAdd(ui, s, pi).StoreUnsafe(ref pr, (nuint)i);
            }
        }
        for (; i < p.Length; i++) p[i] = MathF.FusedMultiplyAdd(Update(p[i], m[i], v[i], c), scale, p[i]);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static float Update(float p, float m, float v, in LambCoefficients c)
    {
        float denom = MathF.Sqrt(v) / c.BiasCorrection2Sqrt + c.Epsilon;   // (exp_avg_sq.sqrt() / sqrt(bc2)).add_(eps)
        float u = m / c.BiasCorrection1 / denom;                          // (exp_avg / bc1).div_(denom)
        return c.WeightDecay != 0 ? MathF.FusedMultiplyAdd(p, c.WeightDecay, u) : u;   // update.add_(p, alpha=wd)
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static Vector256<float> Update(Vector256<float> p, Vector256<float> m, Vector256<float> v, in LambCoefficients c)
    {
        var denom = Vector256.Sqrt(v) / Vector256.Create(c.BiasCorrection2Sqrt) + Vector256.Create(c.Epsilon);
        var u = m / Vector256.Create(c.BiasCorrection1) / denom;
        return c.WeightDecay != 0 ? Fma.MultiplyAdd(p, Vector256.Create(c.WeightDecay), u) : u;
    }
}
