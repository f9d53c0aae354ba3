// Softmax and log-softmax over the last axis: entry points used by the ops. Rows are split over threads
// (each row is one output), so results do not depend on the thread count.
using System.Numerics;

namespace NluSharp.Engine.Kernels;

public static class Softmax
{
    public static void Forward<T>(ReadOnlySpan<T> x, Span<T> y, int rows, int cols) where T : unmanaged, IFloatingPointIeee754<T>
        => SoftmaxNaive.Forward(x, y, rows, cols);

    public static void Backward<T>(ReadOnlySpan<T> y, ReadOnlySpan<T> dy, Span<T> dx, int rows, int cols) where T : unmanaged, IFloatingPointIeee754<T>
        => SoftmaxNaive.Backward(y, dy, dx, rows, cols);

    public static void LogForward<T>(ReadOnlySpan<T> x, Span<T> y, int rows, int cols) where T : unmanaged, IFloatingPointIeee754<T>
        => SoftmaxNaive.LogForward(x, y, rows, cols);

    public static void LogBackward<T>(ReadOnlySpan<T> y, ReadOnlySpan<T> dy, Span<T> dx, int rows, int cols) where T : unmanaged, IFloatingPointIeee754<T>
        => SoftmaxNaive.LogBackward(y, dy, dx, rows, cols);
}
