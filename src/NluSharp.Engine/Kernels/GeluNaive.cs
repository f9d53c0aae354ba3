// Reference GELU in both forms Hugging Face uses: exact "gelu" (x·Φ(x), erf) and "gelu_new"/"gelu_pytorch_tanh"
// (tanh approximation, Hendrycks & Gimpel 2016 eq. 2). The oracle for Gelu's SIMD paths.
using System.Numerics;

namespace NluSharp.Engine.Kernels;

public static class GeluNaive
{
    const double InvSqrt2 = 0.70710678118654752440, InvSqrt2Pi = 0.39894228040143267794;
    const double SqrtTwoOverPi = 0.79788456080286535588, Cubic = 0.044715;

    /// <summary>y = gelu(x), computed in double and rounded to T.</summary>
    public static void Forward<T>(ReadOnlySpan<T> x, Span<T> y, bool tanhApproximation) where T : unmanaged, IFloatingPointIeee754<T>
    {
        for (int i = 0; i < x.Length; i++)
            y[i] = T.CreateChecked(Value(double.CreateChecked(x[i]), tanhApproximation));
    }

    /// <summary>dx += dy · gelu'(x).</summary>
    public static void Backward<T>(ReadOnlySpan<T> x, ReadOnlySpan<T> dy, Span<T> dx, bool tanhApproximation) where T : unmanaged, IFloatingPointIeee754<T>
    {
        for (int i = 0; i < x.Length; i++)
            dx[i] += dy[i] * T.CreateChecked(Derivative(double.CreateChecked(x[i]), tanhApproximation));
    }

    public static double Value(double x, bool tanhApproximation) => tanhApproximation
        ? 0.5 * x * (1.0 + Math.Tanh(SqrtTwoOverPi * (x + Cubic * x * x * x)))
        : 0.5 * x * (1.0 + SpecialFunctions.Erf(x * InvSqrt2));

    public static double Derivative(double x, bool tanhApproximation)
    {
        if (tanhApproximation)
        {
            double u = SqrtTwoOverPi * (x + Cubic * x * x * x);
            double t = Math.Tanh(u);
            return 0.5 * (1.0 + t) + 0.5 * x * (1.0 - t * t) * SqrtTwoOverPi * (1.0 + 3.0 * Cubic * x * x);
        }
        return 0.5 * (1.0 + SpecialFunctions.Erf(x * InvSqrt2)) + x * InvSqrt2Pi * Math.Exp(-0.5 * x * x);
    }
}
