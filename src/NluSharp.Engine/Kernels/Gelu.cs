// GELU (erf and tanh forms): entry points used by the ops (contracts in GeluNaive).
// float evaluates each lane in double (Vector512, Vector256 or scalar) and rounds once, so the result is within
// ~1 ulp of GeluNaive: 1 + erf(z) = erfc(−z) comes from the Chebyshev-fitted erfc of Press et al., Numerical Recipes
// (2nd ed., §6.2 "erfcc", relative error < 1.2e-7 for all z ≥ 0), written so that the left tail keeps its relative accuracy.
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

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
        if (Vector512.IsHardwareAccelerated)
            for (; i + 16 <= n; i += 16)
            {
                var (lo, hi) = Vector512.Widen(Vector512.Load(x + i));
                if (dy is null)
                    Vector512.Narrow(tanh ? TanhValue(lo) : ErfValue(lo), tanh ? TanhValue(hi) : ErfValue(hi)).Store(o + i);
                else
                {
                    var d = Vector512.Narrow(tanh ? TanhDerivative(lo) : ErfDerivative(lo), tanh ? TanhDerivative(hi) : ErfDerivative(hi));
                    (Vector512.Load(o + i) + Vector512.Load(dy + i) * d).Store(o + i);
                }
            }
        if (Vector256.IsHardwareAccelerated)
            for (; i + 8 <= n; i += 8)
            {
                var (lo, hi) = Vector256.Widen(Vector256.Load(x + i));
                if (dy is null)
                    Vector256.Narrow(tanh ? TanhValue(lo) : ErfValue(lo), tanh ? TanhValue(hi) : ErfValue(hi)).Store(o + i);
                else
                {
                    var d = Vector256.Narrow(tanh ? TanhDerivative(lo) : ErfDerivative(lo), tanh ? TanhDerivative(hi) : ErfDerivative(hi));
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

    // ---- Vector512<double> lanes ----

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static Vector512<double> OnePlusErf(Vector512<double> x)
    {
        var z = Vector512.Abs(x) * InvSqrt2;
        var t = Vector512<double>.One / (Vector512<double>.One + z * 0.5);
        var p = Vector512.Create(P9);
        p = p * t + Vector512.Create(P8); p = p * t + Vector512.Create(P7); p = p * t + Vector512.Create(P6);
        p = p * t + Vector512.Create(P5); p = p * t + Vector512.Create(P4); p = p * t + Vector512.Create(P3);
        p = p * t + Vector512.Create(P2); p = p * t + Vector512.Create(P1); p = p * t + Vector512.Create(P0);
        var erfc = t * Vector512.Exp(p - z * z);
        return Vector512.ConditionalSelect(Vector512.LessThan(x, Vector512<double>.Zero), erfc, Vector512.Create(2.0) - erfc);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static Vector512<double> ErfValue(Vector512<double> x) => x * 0.5 * OnePlusErf(x);
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static Vector512<double> ErfDerivative(Vector512<double> x) => OnePlusErf(x) * 0.5 + x * InvSqrt2Pi * Vector512.Exp(x * x * -0.5);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static Vector512<double> TanhValue(Vector512<double> x)
    {
        var u = Vector512.Max((x + x * x * x * Cubic) * SqrtTwoOverPi, Vector512.Create(MinU));
        return x * 0.5 * (Vector512.Create(2.0) / (Vector512<double>.One + Vector512.Exp(u * -2.0)));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static Vector512<double> TanhDerivative(Vector512<double> x)
    {
        var u = Vector512.Max((x + x * x * x * Cubic) * SqrtTwoOverPi, Vector512.Create(MinU));
        var e = Vector512.Exp(u * -2.0);
        var opt = Vector512.Create(2.0) / (Vector512<double>.One + e);
        return opt * 0.5 + x * 0.5 * opt * opt * e * SqrtTwoOverPi * (Vector512<double>.One + x * x * (3.0 * Cubic));
    }

    // ---- Vector256<double> lanes (the same, for AVX2 machines) ----

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static Vector256<double> OnePlusErf(Vector256<double> x)
    {
        var z = Vector256.Abs(x) * InvSqrt2;
        var t = Vector256<double>.One / (Vector256<double>.One + z * 0.5);
        var p = Vector256.Create(P9);
        p = p * t + Vector256.Create(P8); p = p * t + Vector256.Create(P7); p = p * t + Vector256.Create(P6);
        p = p * t + Vector256.Create(P5); p = p * t + Vector256.Create(P4); p = p * t + Vector256.Create(P3);
        p = p * t + Vector256.Create(P2); p = p * t + Vector256.Create(P1); p = p * t + Vector256.Create(P0);
        var erfc = t * Vector256.Exp(p - z * z);
        return Vector256.ConditionalSelect(Vector256.LessThan(x, Vector256<double>.Zero), erfc, Vector256.Create(2.0) - erfc);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static Vector256<double> ErfValue(Vector256<double> x) => x * 0.5 * OnePlusErf(x);
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static Vector256<double> ErfDerivative(Vector256<double> x) => OnePlusErf(x) * 0.5 + x * InvSqrt2Pi * Vector256.Exp(x * x * -0.5);

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
}
