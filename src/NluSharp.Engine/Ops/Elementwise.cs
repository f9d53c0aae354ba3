// Shared machinery for elementwise ops: broadcasting binary maps, unary maps over dense buffers, and the
// gradient helpers that reduce a broadcast gradient back to an input's shape. Work is split over output
// chunks aligned to 64 elements, so every element is computed by the same code whatever the thread count.
using System.Numerics;
using System.Numerics.Tensors;
using System.Runtime.CompilerServices;

namespace NluSharp.Engine;

/// <summary>A binary elementwise operator with span forms for the dense, scalar-right and scalar-left cases.</summary>
internal interface IBinaryOperator<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    static abstract T Apply(T a, T b);
    static abstract void Apply(ReadOnlySpan<T> a, ReadOnlySpan<T> b, Span<T> y);
    static abstract void Apply(ReadOnlySpan<T> a, T b, Span<T> y);
    static abstract void Apply(T a, ReadOnlySpan<T> b, Span<T> y);
}

internal delegate void SpanMap<T>(ReadOnlySpan<T> x, Span<T> y);

/// <summary>Backward of a unary elementwise op: dx += f'(x, y) ⊙ dy, with x the input and y the saved output.</summary>
internal delegate void UnaryBackward<T>(ReadOnlySpan<T> x, ReadOnlySpan<T> y, ReadOnlySpan<T> dy, Span<T> dx);

internal static class Elementwise
{
    const int MinChunk = 1 << 15, Align = 64;

    /// <summary>Runs body over [0, n) in chunks (multiples of 64 elements), in parallel when n is large.</summary>
    public static void ForChunks(int n, Action<int, int> body)
    {
        int blocks = (n + Align - 1) / Align;
        Threads.For(blocks, MinChunk / Align, (b0, b1) => body(b0 * Align, Math.Min(n, b1 * Align)));
    }

    /// <summary>y = map(x) for a dense copy of x (x is made contiguous first by the caller's op).</summary>
    public static Tensor<T> Map<T>(Tensor<T> x, SpanMap<T> map) where T : unmanaged
    {
        var y = Tensor<T>.Uninitialized(x.Shape);
        var xa = x.storage.Array; int xo = x.offset; var ya = y.storage.Array;
        ForChunks((int)x.Length, (s, e) => map(xa.AsSpan(xo + s, e - s), ya.AsSpan(s, e - s)));
        return y;
    }

    /// <summary>A unary elementwise op: y = forward(x) on a dense copy of x, with its backward recorded when needed.</summary>
    public static Tensor<T> Unary<T>(Tensor<T> x, SpanMap<T> forward, UnaryBackward<T> backward) where T : unmanaged
    {
        x = x.Contiguous();
        var y = Map(x, forward);
        if (Autograd.ShouldRecord(x))
            Autograd.Record(y, () => backward(x.AsSpan(), y.AsSpan(), OutputGrad(y), GradSpan(x)));
        return y;
    }

    struct BinaryRun<T, TOp> : IRunAction where T : unmanaged, IFloatingPointIeee754<T> where TOp : IBinaryOperator<T>
    {
        public T[] A, B, Y; public int StrideA, StrideB;
        public void Run(int a, int b, int y, int n)
        {
            if (StrideA == 1 && StrideB == 1) TOp.Apply(A.AsSpan(a, n), B.AsSpan(b, n), Y.AsSpan(y, n));
            else if (StrideA == 1 && StrideB == 0) TOp.Apply(A.AsSpan(a, n), B[b], Y.AsSpan(y, n));
            else if (StrideA == 0 && StrideB == 1) TOp.Apply(A[a], B.AsSpan(b, n), Y.AsSpan(y, n));
            else for (int i = 0; i < n; i++) Y[y + i] = TOp.Apply(A[a + i * StrideA], B[b + i * StrideB]);
        }
    }

    /// <summary>y = op(a, b) with NumPy broadcasting; a and b may be any strided views.</summary>
    public static Tensor<T> Binary<T, TOp>(Tensor<T> a, Tensor<T> b)
        where T : unmanaged, IFloatingPointIeee754<T> where TOp : IBinaryOperator<T>
    {
        var shape = Shapes.Broadcast(a.shape, b.shape);
        var y = Tensor<T>.Uninitialized(shape);
        if (a.IsContiguous && b.IsContiguous && Shapes.SameShape(a.shape, shape) && Shapes.SameShape(b.shape, shape))
        {
            T[] aa = a.storage.Array, ba = b.storage.Array, ya = y.storage.Array; int ao = a.offset, bo = b.offset;
            ForChunks((int)y.Length, (s, e) => TOp.Apply(aa.AsSpan(ao + s, e - s), ba.AsSpan(bo + s, e - s), ya.AsSpan(s, e - s)));
            return y;
        }
        var sa = Shapes.BroadcastStrides(a.shape, a.strides, shape);
        var sb = Shapes.BroadcastStrides(b.shape, b.strides, shape);
        var run = new BinaryRun<T, TOp> { A = a.storage.Array, B = b.storage.Array, Y = y.storage.Array, StrideA = Last(sa), StrideB = Last(sb) };
        Strided.ForEachRun(shape, sa, a.offset, sb, b.offset, y.strides, 0, ref run);
        return y;
    }

    static int Last(int[] s) => s.Length == 0 ? 0 : s[^1];

    /// <summary>
    /// input.Grad += gradient summed down to input's shape (gradient is dense with the broadcast output's shape).
    /// Summation over broadcast positions runs in increasing index order: deterministic.
    /// </summary>
    public static void AccumulateReduced<T>(Tensor<T> gradient, Tensor<T> input) where T : unmanaged, INumber<T>
    {
        var g = input.GradBuffer();
        var dst = Shapes.BroadcastStrides(g.shape, g.strides, gradient.shape);
        Strided.AddInto(gradient.shape, gradient.storage.Array, gradient.strides, gradient.offset, g.storage.Array, dst, g.offset);
    }

    /// <summary>The dense gradient buffer of x as a span (created zero-filled on first use).</summary>
    public static Span<T> GradSpan<T>(Tensor<T> x) where T : unmanaged => x.GradBuffer().AsSpan();

    /// <summary>The dense data of the output's gradient (always contiguous).</summary>
    public static ReadOnlySpan<T> OutputGrad<T>(Tensor<T> y) where T : unmanaged => y.Grad!.AsSpan();
}

// The four arithmetic operators, mapped to TensorPrimitives' vectorized loops.
internal readonly struct AddOperator<T> : IBinaryOperator<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    public static T Apply(T a, T b) => a + b;
    public static void Apply(ReadOnlySpan<T> a, ReadOnlySpan<T> b, Span<T> y) => TensorPrimitives.Add(a, b, y);
    public static void Apply(ReadOnlySpan<T> a, T b, Span<T> y) => TensorPrimitives.Add(a, b, y);
    public static void Apply(T a, ReadOnlySpan<T> b, Span<T> y) => TensorPrimitives.Add(b, a, y);
}

internal readonly struct SubtractOperator<T> : IBinaryOperator<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    public static T Apply(T a, T b) => a - b;
    public static void Apply(ReadOnlySpan<T> a, ReadOnlySpan<T> b, Span<T> y) => TensorPrimitives.Subtract(a, b, y);
    public static void Apply(ReadOnlySpan<T> a, T b, Span<T> y) => TensorPrimitives.Subtract(a, b, y);
    public static void Apply(T a, ReadOnlySpan<T> b, Span<T> y) => TensorPrimitives.Subtract(a, b, y);
}

internal readonly struct MultiplyOperator<T> : IBinaryOperator<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    public static T Apply(T a, T b) => a * b;
    public static void Apply(ReadOnlySpan<T> a, ReadOnlySpan<T> b, Span<T> y) => TensorPrimitives.Multiply(a, b, y);
    public static void Apply(ReadOnlySpan<T> a, T b, Span<T> y) => TensorPrimitives.Multiply(a, b, y);
    public static void Apply(T a, ReadOnlySpan<T> b, Span<T> y) => TensorPrimitives.Multiply(b, a, y);
}

internal readonly struct DivideOperator<T> : IBinaryOperator<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    public static T Apply(T a, T b) => a / b;
    public static void Apply(ReadOnlySpan<T> a, ReadOnlySpan<T> b, Span<T> y) => TensorPrimitives.Divide(a, b, y);
    public static void Apply(ReadOnlySpan<T> a, T b, Span<T> y) => TensorPrimitives.Divide(a, b, y);
    public static void Apply(T a, ReadOnlySpan<T> b, Span<T> y) => TensorPrimitives.Divide(a, b, y);
}
