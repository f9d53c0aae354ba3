// Layer norm and RMS norm over the last axis: entry points used by the ops (contracts in LayerNormNaive).
using System.Numerics;

namespace NluSharp.Engine.Kernels;

public static class LayerNorm
{
    public static void Forward<T>(ReadOnlySpan<T> x, ReadOnlySpan<T> gamma, ReadOnlySpan<T> beta, Span<T> y,
        Span<T> mean, Span<T> rstd, int rows, int cols, T eps) where T : unmanaged, IFloatingPointIeee754<T>
        => LayerNormNaive.Forward(x, gamma, beta, y, mean, rstd, rows, cols, eps);

    public static void Backward<T>(ReadOnlySpan<T> dy, ReadOnlySpan<T> x, ReadOnlySpan<T> gamma, ReadOnlySpan<T> mean, ReadOnlySpan<T> rstd,
        Span<T> dx, Span<T> dgamma, Span<T> dbeta, int rows, int cols) where T : unmanaged, IFloatingPointIeee754<T>
        => LayerNormNaive.Backward(dy, x, gamma, mean, rstd, dx, dgamma, dbeta, rows, cols);

    public static void RmsForward<T>(ReadOnlySpan<T> x, ReadOnlySpan<T> gamma, Span<T> y, Span<T> rstd, int rows, int cols, T eps)
        where T : unmanaged, IFloatingPointIeee754<T>
        => LayerNormNaive.RmsForward(x, gamma, y, rstd, rows, cols, eps);

    public static void RmsBackward<T>(ReadOnlySpan<T> dy, ReadOnlySpan<T> x, ReadOnlySpan<T> gamma, ReadOnlySpan<T> rstd,
        Span<T> dx, Span<T> dgamma, int rows, int cols) where T : unmanaged, IFloatingPointIeee754<T>
        => LayerNormNaive.RmsBackward(dy, x, gamma, rstd, dx, dgamma, rows, cols);
}
