// Softmax and log-softmax over the last axis: entry points used by the ops. Rows are split over threads
// (each row is one output), so results do not depend on the thread count. float rows fuse exp and sum in one pass
// (VectorExp, ~1 ulp) and use TensorPrimitives (Vector512/256/128 with scalar tails) for the rest; double and others
// go to SoftmaxNaive.
using System.Numerics;
using System.Numerics.Tensors;
using System.Runtime.InteropServices;

namespace NluSharp.Engine.Kernels;

public static class Softmax
{
    /// <summary>y = softmax(x) row by row (contract: <see cref="SoftmaxNaive.Forward{T}"/>).</summary>
    public static void Forward<T>(ReadOnlySpan<T> x, Span<T> y, int rows, int cols) where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (typeof(T) != typeof(float)) { SoftmaxNaive.Forward(x, y, rows, cols); return; }
        var rowsOf = new RowKernel(MemoryMarshal.Cast<T, float>(x), default, MemoryMarshal.Cast<T, float>(y), rows, cols);
        rowsOf.Run(static (x, _, y) =>
        {
            float max = TensorPrimitives.Max(x);
            float sum = VectorExp.ShiftedExpSum(x, max, y);
            TensorPrimitives.Multiply(y, 1f / sum, y);
        });
    }

    /// <summary>dx += y ⊙ (dy − Σ dy⊙y) row by row (contract: <see cref="SoftmaxNaive.Backward{T}"/>).</summary>
    public static void Backward<T>(ReadOnlySpan<T> y, ReadOnlySpan<T> dy, Span<T> dx, int rows, int cols) where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (typeof(T) != typeof(float)) { SoftmaxNaive.Backward(y, dy, dx, rows, cols); return; }
        var rowsOf = new RowKernel(MemoryMarshal.Cast<T, float>(y), MemoryMarshal.Cast<T, float>(dy), MemoryMarshal.Cast<T, float>(dx), rows, cols);
        rowsOf.Run(static (y, dy, dx) =>
        {
            float dot = TensorPrimitives.Dot(dy, y);
            // dx = y·(dy − dot) + dx in chunks through a stack buffer (rows may be vocabulary-long).
            Span<float> t = stackalloc float[ChunkLength];
            for (int c = 0; c < y.Length; c += ChunkLength)
            {
                int len = Math.Min(ChunkLength, y.Length - c);
                var tc = t[..len];
                TensorPrimitives.Subtract(dy.Slice(c, len), dot, tc);
                TensorPrimitives.FusedMultiplyAdd(y.Slice(c, len), tc, dx.Slice(c, len), dx.Slice(c, len));
            }
        });
    }

    /// <summary>y = log_softmax(x) row by row (contract: <see cref="SoftmaxNaive.LogForward{T}"/>).</summary>
    public static void LogForward<T>(ReadOnlySpan<T> x, Span<T> y, int rows, int cols) where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (typeof(T) != typeof(float)) { SoftmaxNaive.LogForward(x, y, rows, cols); return; }
        var rowsOf = new RowKernel(MemoryMarshal.Cast<T, float>(x), default, MemoryMarshal.Cast<T, float>(y), rows, cols);
        rowsOf.Run(static (x, _, y) =>
        {
            float max = TensorPrimitives.Max(x);
            float logSum = max + MathF.Log(VectorExp.ShiftedExpSum(x, max, y));  // y is scratch here
            TensorPrimitives.Subtract(x, logSum, y);
        });
    }

    /// <summary>dx += dy − exp(y)·Σ dy row by row, y the log-softmax output (contract: <see cref="SoftmaxNaive.LogBackward{T}"/>).</summary>
    public static void LogBackward<T>(ReadOnlySpan<T> y, ReadOnlySpan<T> dy, Span<T> dx, int rows, int cols) where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (typeof(T) != typeof(float)) { SoftmaxNaive.LogBackward(y, dy, dx, rows, cols); return; }
        var rowsOf = new RowKernel(MemoryMarshal.Cast<T, float>(y), MemoryMarshal.Cast<T, float>(dy), MemoryMarshal.Cast<T, float>(dx), rows, cols);
        rowsOf.Run(static (y, dy, dx) =>
        {
            float sum = TensorPrimitives.Sum(dy);
            Span<float> t = stackalloc float[ChunkLength];
            for (int c = 0; c < y.Length; c += ChunkLength)
            {
                int len = Math.Min(ChunkLength, y.Length - c);
                var tc = t[..len];
                VectorExp.ShiftedExpSum(y.Slice(c, len), 0f, tc);  // log-probabilities are ≤ 0
                TensorPrimitives.MultiplyAdd(tc, -sum, dy.Slice(c, len), tc);  // dy − exp(y)·sum
                TensorPrimitives.Add(dx.Slice(c, len), tc, dx.Slice(c, len));
            }
        });
    }

    const int ChunkLength = 1024;
}
