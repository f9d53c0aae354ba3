// The element-wise AdamW update on spans (no autograd, no threading): a Vector256 path and its scalar twin, which is
// the oracle in tests and the fallback without AVX2/FMA. Both evaluate the same float32 operations in the same order
// (torch 1.13 `_single_tensor_adamw`, see AdamW.cs), and vector lanes round exactly like scalars, so the two agree
// bit for bit.
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace NluSharp.Training.Optimization;

/// <summary>float32 coefficients of one AdamW step of one parameter.</summary>
/// <param name="Decay">1 − lr·wd.</param>
/// <param name="Beta1">β1.</param>
/// <param name="OneMinusBeta1">1 − β1.</param>
/// <param name="Beta2">β2.</param>
/// <param name="OneMinusBeta2">1 − β2.</param>
/// <param name="BiasCorrection2Sqrt">sqrt(1 − β2^step).</param>
/// <param name="Epsilon">ε.</param>
/// <param name="NegativeStepSize">−lr / (1 − β1^step).</param>
public readonly record struct AdamWCoefficients(float Decay, float Beta1, float OneMinusBeta1, float Beta2, float OneMinusBeta2,
    float BiasCorrection2Sqrt, float Epsilon, float NegativeStepSize);

/// <summary>AdamW element updates: p, m, v updated in place from g.</summary>
public static class AdamWKernel
{
    /// <summary>Vectorized update (AVX2 + FMA), scalar for the tail and on other hardware.</summary>
    public static void Update(Span<float> p, ReadOnlySpan<float> g, Span<float> m, Span<float> v, in AdamWCoefficients c)
    {
        if (g.Length != p.Length || m.Length != p.Length || v.Length != p.Length)
            throw new ArgumentException($"AdamW spans differ in length: p {p.Length}, g {g.Length}, m {m.Length}, v {v.Length}");
        int i = 0;
        if (Fma.IsSupported && Vector256.IsHardwareAccelerated && p.Length >= Vector256<float>.Count)
        {
            var decay = Vector256.Create(c.Decay); var b1 = Vector256.Create(c.Beta1); var ob1 = Vector256.Create(c.OneMinusBeta1);
            var b2 = Vector256.Create(c.Beta2); var ob2 = Vector256.Create(c.OneMinusBeta2); var bc2 = Vector256.Create(c.BiasCorrection2Sqrt);
            var eps = Vector256.Create(c.Epsilon); var step = Vector256.Create(c.NegativeStepSize);
            ref float pr = ref p[0]; ref readonly float gr = ref g[0]; ref float mr = ref m[0]; ref float vr = ref v[0];
            for (; i <= p.Length - Vector256<float>.Count; i += Vector256<float>.Count)
            {
                var gi = Vector256.LoadUnsafe(in gr, (nuint)i);
                var pi = Vector256.LoadUnsafe(ref pr, (nuint)i) * decay;
                var mi = Fma.MultiplyAdd(gi, ob1, Vector256.LoadUnsafe(ref mr, (nuint)i) * b1);
                var vi = Vector256.LoadUnsafe(ref vr, (nuint)i) * b2 + ob2 * gi * gi;
                var denom = Vector256.Sqrt(vi) / bc2 + eps;
                mi.StoreUnsafe(ref mr, (nuint)i);
                vi.StoreUnsafe(ref vr, (nuint)i);
                (pi + step * mi / denom).StoreUnsafe(ref pr, (nuint)i);
            }
        }
        UpdateNaive(p[i..], g[i..], m[i..], v[i..], c);
    }

    /// <summary>The scalar reference: one element at a time, in torch's operation order.</summary>
    public static void UpdateNaive(Span<float> p, ReadOnlySpan<float> g, Span<float> m, Span<float> v, in AdamWCoefficients c)
    {
        for (int i = 0; i < p.Length; i++)
        {
            float gi = g[i];
            float pi = p[i] * c.Decay;                                           // param.mul_(1 - lr * wd)
            float mi = MathF.FusedMultiplyAdd(gi, c.OneMinusBeta1, m[i] * c.Beta1);   // exp_avg.mul_(β1).add_(g, alpha=1-β1)
            float vi = v[i] * c.Beta2 + c.OneMinusBeta2 * gi * gi;               // exp_avg_sq.mul_(β2).addcmul_(g, g, value=1-β2)
            float denom = MathF.Sqrt(vi) / c.BiasCorrection2Sqrt + c.Epsilon;    // (exp_avg_sq.sqrt() / bc2_sqrt).add_(eps)
            m[i] = mi; v[i] = vi;
            p[i] = pi + c.NegativeStepSize * mi / denom;                         // param.addcdiv_(exp_avg, denom, value=-step_size)
        }
    }
}
