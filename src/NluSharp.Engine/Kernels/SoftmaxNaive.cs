// Reference softmax / log-softmax over the last axis of a rows×cols matrix: the oracle for Softmax's SIMD paths.
using System.Numerics;

namespace NluSharp.Engine.Kernels;

public static class SoftmaxNaive
{
    /// <summary>y = exp(x − max) / Σ exp(x − max), row by row (subtracting the max keeps exp from overflowing).</summary>
    public static void Forward<T>(ReadOnlySpan<T> x, Span<T> y, int rows, int cols) where T : unmanaged, IFloatingPointIeee754<T>
    {
        for (int r = 0; r < rows; r++)
        {
            var xr = x.Slice(r * cols, cols); var yr = y.Slice(r * cols, cols);
            T max = T.NegativeInfinity;
            for (int c = 0; c < cols; c++) max = T.Max(max, xr[c]);
            T sum = T.Zero;
            for (int c = 0; c < cols; c++) { yr[c] = T.Exp(xr[c] - max); sum += yr[c]; }
            T inv = T.One / sum;
            for (int c = 0; c < cols; c++) yr[c] *= inv;
        }
    }

    /// <summary>dx += y ⊙ (dy − Σ dy⊙y), row by row.</summary>
    public static void Backward<T>(ReadOnlySpan<T> y, ReadOnlySpan<T> dy, Span<T> dx, int rows, int cols) where T : unmanaged, IFloatingPointIeee754<T>
    {
        for (int r = 0; r < rows; r++)
        {
            int o = r * cols;
            T dot = T.Zero;
            for (int c = 0; c < cols; c++) dot += dy[o + c] * y[o + c];
            for (int c = 0; c < cols; c++) dx[o + c] += y[o + c] * (dy[o + c] - dot);
        }
    }

    /// <summary>y = x − max − log Σ exp(x − max), row by row.</summary>
    public static void LogForward<T>(ReadOnlySpan<T> x, Span<T> y, int rows, int cols) where T : unmanaged, IFloatingPointIeee754<T>
    {
        for (int r = 0; r < rows; r++)
        {
            var xr = x.Slice(r * cols, cols); var yr = y.Slice(r * cols, cols);
            T max = T.NegativeInfinity;
            for (int c = 0; c < cols; c++) max = T.Max(max, xr[c]);
            T sum = T.Zero;
            for (int c = 0; c < cols; c++) sum += T.Exp(xr[c] - max);
            T logSum = max + T.Log(sum);
            for (int c = 0; c < cols; c++) yr[c] = xr[c] - logSum;
        }
    }

    /// <summary>dx += dy − exp(y) · Σ dy, row by row (y is the log-softmax output).</summary>
    public static void LogBackward<T>(ReadOnlySpan<T> y, ReadOnlySpan<T> dy, Span<T> dx, int rows, int cols) where T : unmanaged, IFloatingPointIeee754<T>
    {
        for (int r = 0; r < rows; r++)
        {
            int o = r * cols;
            T sum = T.Zero;
            for (int c = 0; c < cols; c++) sum += dy[o + c];
            for (int c = 0; c < cols; c++) dx[o + c] += dy[o + c] - T.Exp(y[o + c]) * sum;
        }
    }
}
