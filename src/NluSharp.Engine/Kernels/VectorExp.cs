// e^v for v ≤ 0 on float vectors, ~1 ulp (0.88 ulp measured over [−80, 0]): the exponentials of softmax (x − max ≤ 0),
// log-softmax backward (y ≤ 0) and GELU's Gaussian factor. Cody–Waite reduction v = n·ln2 + r, |r| ≤ ln2/2, e^r by its
// degree-7 Taylor polynomial (truncation 6e-9), and 2^n applied in two halves so results reach the subnormal range
// gradually instead of flushing at 2^−126.
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace NluSharp.Engine.Kernels;

internal static class VectorExp
{
    // ln 2 split so that n·Ln2Hi is exact (Ln2Hi has 16 significant bits), and log2(e).
    const float Ln2Hi = 0.693145751953125f, Ln2Lo = 1.428606820286227e-06f, Log2E = 1.44269504088896341f;
    // Below this e^v < 2^−150 rounds to 0; clamping keeps 2^n's two halves representable.
    const float Lowest = -104f;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> NonPositive(Vector512<float> v)
    {
        v = Vector512.Max(v, Vector512.Create(Lowest));
        var n = Vector512.Round(v * Log2E);
        var r = Vector512.FusedMultiplyAdd(n, Vector512.Create(-Ln2Hi), v);
        r = Vector512.FusedMultiplyAdd(n, Vector512.Create(-Ln2Lo), r);
        var p = Vector512.Create(1f / 5040);
        p = Vector512.FusedMultiplyAdd(p, r, Vector512.Create(1f / 720));
        p = Vector512.FusedMultiplyAdd(p, r, Vector512.Create(1f / 120));
        p = Vector512.FusedMultiplyAdd(p, r, Vector512.Create(1f / 24));
        p = Vector512.FusedMultiplyAdd(p, r, Vector512.Create(1f / 6));
        p = Vector512.FusedMultiplyAdd(p, r, Vector512.Create(0.5f));
        p = Vector512.FusedMultiplyAdd(p, r, Vector512<float>.One);
        p = Vector512.FusedMultiplyAdd(p, r, Vector512<float>.One);
        var ni = Vector512.ConvertToInt32(n);
        var n1 = Vector512.ShiftRightArithmetic(ni, 1);
        var s1 = Vector512.ShiftLeft(n1 + Vector512.Create(127), 23).AsSingle();
        var s2 = Vector512.ShiftLeft(ni - n1 + Vector512.Create(127), 23).AsSingle();
        return p * s1 * s2;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> NonPositive(Vector256<float> v)
    {
        v = Vector256.Max(v, Vector256.Create(Lowest));
        var n = Vector256.Round(v * Log2E);
        var r = Vector256.FusedMultiplyAdd(n, Vector256.Create(-Ln2Hi), v);
        r = Vector256.FusedMultiplyAdd(n, Vector256.Create(-Ln2Lo), r);
        var p = Vector256.Create(1f / 5040);
        p = Vector256.FusedMultiplyAdd(p, r, Vector256.Create(1f / 720));
        p = Vector256.FusedMultiplyAdd(p, r, Vector256.Create(1f / 120));
        p = Vector256.FusedMultiplyAdd(p, r, Vector256.Create(1f / 24));
        p = Vector256.FusedMultiplyAdd(p, r, Vector256.Create(1f / 6));
        p = Vector256.FusedMultiplyAdd(p, r, Vector256.Create(0.5f));
        p = Vector256.FusedMultiplyAdd(p, r, Vector256<float>.One);
        p = Vector256.FusedMultiplyAdd(p, r, Vector256<float>.One);
        var ni = Vector256.ConvertToInt32(n);
        var n1 = Vector256.ShiftRightArithmetic(ni, 1);
        var s1 = Vector256.ShiftLeft(n1 + Vector256.Create(127), 23).AsSingle();
        var s2 = Vector256.ShiftLeft(ni - n1 + Vector256.Create(127), 23).AsSingle();
        return p * s1 * s2;
    }

    /// <summary>y[i] = e^(x[i] − shift) for x[i] ≤ shift, returning Σ y (vector lanes, then a scalar tail with MathF.Exp).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static unsafe float ShiftedExpSum(ReadOnlySpan<float> x, float shift, Span<float> y)
    {
        int n = x.Length, i = 0;
        float sum = 0;
        fixed (float* px = x, py = y)
        {
            if (Vector512.IsHardwareAccelerated && n >= 16)
            {
                var s = Vector512.Create(shift); var acc = Vector512<float>.Zero;
                for (; i + 16 <= n; i += 16)
                {
                    var e = NonPositive(Vector512.Load(px + i) - s);
                    e.Store(py + i);
                    acc += e;
                }
                sum = Vector512.Sum(acc);
            }
            else if (Vector256.IsHardwareAccelerated && n >= 8)
            {
                var s = Vector256.Create(shift); var acc = Vector256<float>.Zero;
                for (; i + 8 <= n; i += 8)
                {
                    var e = NonPositive(Vector256.Load(px + i) - s);
                    e.Store(py + i);
                    acc += e;
                }
                sum = Vector256.Sum(acc);
            }
            for (; i < n; i++) { float e = MathF.Exp(px[i] - shift); py[i] = e; sum += e; }
        }
        return sum;
    }
}
