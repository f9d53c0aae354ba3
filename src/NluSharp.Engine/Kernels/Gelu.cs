// GELU (erf and tanh forms): entry points used by the ops (contracts in GeluNaive).
// The erf form (BERT's "gelu") runs in float lanes: 1 + erf(x/√2) = erfc(−x/√2), with erfc(a) = t·R(t)·e^(−a²),
// t = 1/(1 + a/2), R a degree-10 polynomial fitted to erfc(a)·e^(a²)/t (relative error 4e-9 for a ≤ 10.5, fitted for this
// file by iteratively reweighted least squares), and e^(−x²/2) taken from the exactly split x² = h + l so the left tail keeps its
// relative accuracy (within 4 ulp of the double reference; see GeluTests). The tanh form and the scalar tails evaluate in
// double: the tanh form from 1 + tanh(u) = 2/(1 + e^(−2u)), the erf form from the Chebyshev erfc of Press et al.,
// Numerical Recipes (2nd ed., §6.2 "erfcc", relative error < 1.2e-7).
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace NluSharp.Engine.Kernels;

public static class Gelu
{
    const double InvSqrt2 = 0.70710678118654752440, InvSqrt2Pi = 0.39894228040143267794;
    const double SqrtTwoOverPi = 0.79788456080286535588, Cubic = 0.044715;
    // Numerical Recipes erfcc: erfc(z) ≈ t·exp(−z² + P(t)), t = 1/(1 + z/2), P of degree 9.
    const double P0 = -1.26551223, P1 = 1.00002368, P2 = 0.37409196, P3 = 0.09678418, P4 = -0.18628806,
                 P5 = 0.27886807, P6 = -1.13520398, P7 = 1.48851587, P8 = -0.82215223, P9 = 0.17087277;
    // exp(−2u) for the tanh form is clamped at e^600 (finite in double; the result is 0 well before).
    const double MinU = -300;

    /// <summary>y = gelu(x) (contract: <see cref="GeluNaive.Forward{T}"/>); float is split over threads in 64-element blocks.</summary>
    public static void Forward<T>(ReadOnlySpan<T> x, Span<T> y, bool tanhApproximation) where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (typeof(T) != typeof(float)) { GeluNaive.Forward(x, y, tanhApproximation); return; }
        if (y.Length < x.Length) throw new ArgumentException($"GELU output has {y.Length} elements, input {x.Length}", nameof(y));
        Elementwise(MemoryMarshal.Cast<T, float>(x), default, MemoryMarshal.Cast<T, float>(y), tanhApproximation, backward: false);
    }

    /// <summary>dx += dy·gelu'(x) (contract: <see cref="GeluNaive.Backward{T}"/>).</summary>
    public static void Backward<T>(ReadOnlySpan<T> x, ReadOnlySpan<T> dy, Span<T> dx, bool tanhApproximation) where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (typeof(T) != typeof(float)) { GeluNaive.Backward(x, dy, dx, tanhApproximation); return; }
        if (dy.Length < x.Length || dx.Length < x.Length)
            throw new ArgumentException($"GELU backward: x has {x.Length} elements, dy {dy.Length}, dx {dx.Length}; expected equal lengths");
        Elementwise(MemoryMarshal.Cast<T, float>(x), MemoryMarshal.Cast<T, float>(dy), MemoryMarshal.Cast<T, float>(dx), tanhApproximation, backward: true);
    }

    // Blocks of 64 keep every element on the same (vector or scalar) code path whatever the thread split.
    static unsafe void Elementwise(ReadOnlySpan<float> x, ReadOnlySpan<float> dy, Span<float> output, bool tanh, bool backward)
    {
        int n = x.Length;
        if (n == 0) return;
        fixed (float* px = x, pdy = dy, po = output)
        {
            float* cx = px, cdy = pdy, co = po;
            Threads.For((n + 63) / 64, 256, (s, e) =>
            {
                int start = s * 64, end = Math.Min(n, e * 64);
                Run(cx + start, backward ? cdy + start : null, co + start, end - start, tanh);
            });
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    static unsafe void Run(float* x, float* dy, float* o, int n, bool tanh)
    {
        int i = 0;
        if (Vector512.IsHardwareAccelerated && !tanh)
            for (; i + 32 <= n; i += 32)
            {
                // Two independent vectors per iteration: each lane is a ~40-deep chain of dependent FMAs.
                ErfStep(x + i, dy is null ? null : dy + i, o + i);
                ErfStep(x + i + 16, dy is null ? null : dy + i + 16, o + i + 16);
            }
        if (Vector512.IsHardwareAccelerated)
            for (; i + 16 <= n; i += 16)
            {
                var xv = Vector512.Load(x + i);
                if (!tanh)
                {
                    ErfStep(x + i, dy is null ? null : dy + i, o + i);
                    continue;
                }
                var (lo, hi) = Vector512.Widen(xv);
                if (dy is null) Vector512.Narrow(TanhValue(lo), TanhValue(hi)).Store(o + i);
                else
                {
                    var d = Vector512.Narrow(TanhDerivative(lo), TanhDerivative(hi));
                    (Vector512.Load(o + i) + Vector512.Load(dy + i) * d).Store(o + i);
                }
            }
        if (Vector256.IsHardwareAccelerated)
            for (; i + 8 <= n; i += 8)
            {
                var xv = Vector256.Load(x + i);
                if (!tanh)
                {
                    var onePlusErf = OnePlusErf(xv, out var gauss);
                    if (dy is null) (xv * 0.5f * onePlusErf).Store(o + i);
                    else
                    {
                        var d = onePlusErf * 0.5f + xv * (float)InvSqrt2Pi * gauss;
                        (Vector256.Load(o + i) + Vector256.Load(dy + i) * d).Store(o + i);
                    }
                    continue;
                }
                var (lo, hi) = Vector256.Widen(xv);
                if (dy is null) Vector256.Narrow(TanhValue(lo), TanhValue(hi)).Store(o + i);
                else
                {
                    var d = Vector256.Narrow(TanhDerivative(lo), TanhDerivative(hi));
                    (Vector256.Load(o + i) + Vector256.Load(dy + i) * d).Store(o + i);
                }
            }
        for (; i < n; i++)
        {
            double v = x[i];
            if (dy is null) o[i] = (float)(tanh ? TanhValue(v) : ErfValue(v));
            else o[i] += dy[i] * (float)(tanh ? TanhDerivative(v) : ErfDerivative(v));
        }
    }

    // y = x·½(1 + erf(x/√2)), or dx += dy·(½(1 + erf(x/√2)) + x·φ(x)), on 16 floats.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static unsafe void ErfStep(float* x, float* dy, float* o)
    {
        var xv = Vector512.Load(x);
        var onePlusErf = OnePlusErf(xv, out var gauss);
        if (dy is null) (xv * 0.5f * onePlusErf).Store(o);
        else
        {
            var d = onePlusErf * 0.5f + xv * (float)InvSqrt2Pi * gauss;
            (Vector512.Load(o) + Vector512.Load(dy) * d).Store(o);
        }
    }

    // ---- scalar lanes (the same formulas as the vector lanes below) ----

    // 1 + erf(x/√2) = erfc(−x/√2): from erfc(|z|) directly for x < 0, as 2 − erfc(z) for x ≥ 0.
    static double OnePlusErf(double x)
    {
        double z = Math.Abs(x) * InvSqrt2, t = 1.0 / (1.0 + 0.5 * z);
        double p = P0 + t * (P1 + t * (P2 + t * (P3 + t * (P4 + t * (P5 + t * (P6 + t * (P7 + t * (P8 + t * P9))))))));
        double erfc = t * Math.Exp(p - z * z);
        return x < 0 ? erfc : 2.0 - erfc;
    }

    static double ErfValue(double x) => 0.5 * x * OnePlusErf(x);
    static double ErfDerivative(double x) => 0.5 * OnePlusErf(x) + x * InvSqrt2Pi * Math.Exp(-0.5 * x * x);

    // 1 + tanh(u) = 2/(1 + e^(−2u)): no cancellation in the left tail.
    static double TanhValue(double x)
    {
        double u = Math.Max(SqrtTwoOverPi * (x + Cubic * x * x * x), MinU);
        return 0.5 * x * (2.0 / (1.0 + Math.Exp(-2.0 * u)));
    }

    // d/dx = ½(1+t) + ½x(1−t²)·u', with 1+t = 2/(1+e) and 1−t² = (1+t)²·e, e = e^(−2u).
    static double TanhDerivative(double x)
    {
        double u = Math.Max(SqrtTwoOverPi * (x + Cubic * x * x * x), MinU);
        double e = Math.Exp(-2.0 * u), opt = 2.0 / (1.0 + e);
        return 0.5 * opt + 0.5 * x * opt * opt * e * SqrtTwoOverPi * (1.0 + 3.0 * Cubic * x * x);
    }

    // ---- Vector512<double> lanes (tanh form) ----

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static Vector512<double> TanhValue(Vector512<double> x)
    {
        var u = Vector512.Max((x + x * x * x * Cubic) * SqrtTwoOverPi, Vector512.Create(MinU));
        return x / (Vector512<double>.One + Vector512.Exp(u * -2.0));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static Vector512<double> TanhDerivative(Vector512<double> x)
    {
        var u = Vector512.Max((x + x * x * x * Cubic) * SqrtTwoOverPi, Vector512.Create(MinU));
        var e = Vector512.Exp(u * -2.0);
        var opt = Vector512.Create(2.0) / (Vector512<double>.One + e);
        return opt * 0.5 + x * 0.5 * opt * opt * e * SqrtTwoOverPi * (Vector512<double>.One + x * x * (3.0 * Cubic));
    }

    // ---- Vector256<double> lanes (tanh form, for AVX2 machines) ----

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static Vector256<double> TanhValue(Vector256<double> x)
    {
        var u = Vector256.Max((x + x * x * x * Cubic) * SqrtTwoOverPi, Vector256.Create(MinU));
        return x * 0.5 * (Vector256.Create(2.0) / (Vector256<double>.One + Vector256.Exp(u * -2.0)));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static Vector256<double> TanhDerivative(Vector256<double> x)
    {
        var u = Vector256.Max((x + x * x * x * Cubic) * SqrtTwoOverPi, Vector256.Create(MinU));
        var e = Vector256.Exp(u * -2.0);
        var opt = Vector256.Create(2.0) / (Vector256<double>.One + e);
        return opt * 0.5 + x * 0.5 * opt * opt * e * SqrtTwoOverPi * (Vector256<double>.One + x * x * (3.0 * Cubic));
    }

    // ---- float lanes of the erf form ----

    // R ≈ erfc(a)·e^(a²)/t as a polynomial in s = t − ½ (centering halves Horner's rounding error), t = 1/(1 + a/2),
    // 0 ≤ a ≤ 10.5; coefficients rounded to float, highest power first.
    const float R10 = 0.036326732486486435f, R9 = -0.012711784802377224f, R8 = -0.07586909085512161f, R7 = 0.05341096594929695f,
                R6 = 0.09798457473516464f, R5 = -0.10362627357244492f, R4 = -0.1720440834760666f, R3 = 0.14576749503612518f,
                R2 = 0.558943510055542f, R1 = 0.6871606707572937f, R0 = 0.5107913613319397f;
    // |x| beyond this saturates: erfc(20/√2) < 1e-88.
    const float Saturate = 20f;

    /// <summary>1 + erf(x/√2), and gauss = e^(−x²/2).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static Vector512<float> OnePlusErf(Vector512<float> x, out Vector512<float> gauss)
    {
        var xc = Vector512.Clamp(x, Vector512.Create(-Saturate), Vector512.Create(Saturate));
        var h = xc * xc;
        var l = Vector512.FusedMultiplyAdd(xc, xc, -h);                      // x² = h + l exactly
        gauss = VectorExp.NonPositive(h * -0.5f) * Vector512.FusedMultiplyAdd(l, Vector512.Create(-0.5f), Vector512<float>.One);
        var a = Vector512.Abs(xc) * (float)InvSqrt2;
        var d = Vector512<float>.One + a * 0.5f;
        Vector512<float> t;
        if (Avx512F.IsSupported)
        {
            // 14-bit estimate, then one Newton step with the residual 1 − d·t taken exactly by an FMA (≤ 0.5 ulp more).
            t = Avx512F.Reciprocal14(d);
            t = Vector512.FusedMultiplyAdd(t, Vector512.FusedMultiplyAdd(-d, t, Vector512<float>.One), t);
        }
        else t = Vector512<float>.One / d;
        var u = t - Vector512.Create(0.5f);
        var r = Vector512.Create(R10);
        r = Vector512.FusedMultiplyAdd(r, u, Vector512.Create(R9)); r = Vector512.FusedMultiplyAdd(r, u, Vector512.Create(R8)); r = Vector512.FusedMultiplyAdd(r, u, Vector512.Create(R7));
        r = Vector512.FusedMultiplyAdd(r, u, Vector512.Create(R6)); r = Vector512.FusedMultiplyAdd(r, u, Vector512.Create(R5)); r = Vector512.FusedMultiplyAdd(r, u, Vector512.Create(R4));
        r = Vector512.FusedMultiplyAdd(r, u, Vector512.Create(R3)); r = Vector512.FusedMultiplyAdd(r, u, Vector512.Create(R2)); r = Vector512.FusedMultiplyAdd(r, u, Vector512.Create(R1));
        r = Vector512.FusedMultiplyAdd(r, u, Vector512.Create(R0));
        var erfc = t * r * gauss;
        return Vector512.ConditionalSelect(Vector512.LessThan(xc, Vector512<float>.Zero), erfc, Vector512.Create(2f) - erfc);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static Vector256<float> OnePlusErf(Vector256<float> x, out Vector256<float> gauss)
    {
        var xc = Vector256.Clamp(x, Vector256.Create(-Saturate), Vector256.Create(Saturate));
        var h = xc * xc;
        var l = Vector256.FusedMultiplyAdd(xc, xc, -h);
        gauss = VectorExp.NonPositive(h * -0.5f) * Vector256.FusedMultiplyAdd(l, Vector256.Create(-0.5f), Vector256<float>.One);
        var a = Vector256.Abs(xc) * (float)InvSqrt2;
        var t = Vector256<float>.One / (Vector256<float>.One + a * 0.5f);
        var u = t - Vector256.Create(0.5f);
        var r = Vector256.Create(R10);
        r = Vector256.FusedMultiplyAdd(r, u, Vector256.Create(R9)); r = Vector256.FusedMultiplyAdd(r, u, Vector256.Create(R8)); r = Vector256.FusedMultiplyAdd(r, u, Vector256.Create(R7));
        r = Vector256.FusedMultiplyAdd(r, u, Vector256.Create(R6)); r = Vector256.FusedMultiplyAdd(r, u, Vector256.Create(R5)); r = Vector256.FusedMultiplyAdd(r, u, Vector256.Create(R4));
        r = Vector256.FusedMultiplyAdd(r, u, Vector256.Create(R3)); r = Vector256.FusedMultiplyAdd(r, u, Vector256.Create(R2)); r = Vector256.FusedMultiplyAdd(r, u, Vector256.Create(R1));
        r = Vector256.FusedMultiplyAdd(r, u, Vector256.Create(R0));
        var erfc = t * r * gauss;
        return Vector256.ConditionalSelect(Vector256.LessThan(xc, Vector256<float>.Zero), erfc, Vector256.Create(2f) - erfc);
    }
}
