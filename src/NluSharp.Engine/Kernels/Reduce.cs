// Reductions along one axis: entry points used by sum/mean/max, bias gradients and broadcasting backward.
// float: a contiguous axis (inner = 1) is summed with TensorPrimitives per output; a strided axis is summed in increasing
// axis order, vectorized across the inner outputs (each output's order matches ReduceNaive exactly). Work is split over
// outputs only, so results do not depend on the thread count.
using System.Numerics;
using System.Numerics.Tensors;
using System.Runtime.InteropServices;

namespace NluSharp.Engine.Kernels;

public static class Reduce
{
    const int InnerBlock = 512;

    /// <summary>y[o, i] = Σ_a x[o, a, i] (+ y when accumulate) (contract: <see cref="ReduceNaive.Sum{T}"/>).</summary>
    public static void Sum<T>(ReadOnlySpan<T> x, Span<T> y, int outer, int axis, int inner, bool accumulate) where T : unmanaged, INumber<T>
    {
        if (typeof(T) != typeof(float)) { ReduceNaive.Sum(x, y, outer, axis, inner, accumulate); return; }
        Check(x.Length, y.Length, outer, axis, inner);
        SumFloat(MemoryMarshal.Cast<T, float>(x), MemoryMarshal.Cast<T, float>(y), outer, axis, inner, accumulate);
    }

    /// <summary>y[o, i] = max_a x[o, a, i] and its first index (contract: <see cref="ReduceNaive.Max{T}"/>).</summary>
    public static void Max<T>(ReadOnlySpan<T> x, Span<T> y, Span<int> argmax, int outer, int axis, int inner) where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (typeof(T) != typeof(float) || inner != 1) { ReduceNaive.Max(x, y, argmax, outer, axis, inner); return; }
        Check(x.Length, y.Length, outer, axis, inner);
        if (axis < 1) throw new ArgumentOutOfRangeException(nameof(axis), axis, "max over an empty axis is undefined");
        if (argmax.Length < outer) throw new ArgumentException($"argmax has {argmax.Length} elements, expected {outer}", nameof(argmax));
        MaxLastAxis(MemoryMarshal.Cast<T, float>(x), MemoryMarshal.Cast<T, float>(y), argmax, outer, axis);
    }

    static void Check(int xLength, int yLength, int outer, int axis, int inner)
    {
        if (outer < 0 || axis < 0 || inner < 0) throw new ArgumentOutOfRangeException(nameof(outer), $"outer, axis, inner must be >= 0, got {outer}, {axis}, {inner}");
        if (xLength < (long)outer * axis * inner) throw new ArgumentException($"x has {xLength} elements, [{outer}, {axis}, {inner}] needs {(long)outer * axis * inner}");
        if (yLength < (long)outer * inner) throw new ArgumentException($"y has {yLength} elements, [{outer}, {inner}] needs {(long)outer * inner}");
    }

    static unsafe void SumFloat(ReadOnlySpan<float> x, Span<float> y, int outer, int axis, int inner, bool accumulate)
    {
        if (outer == 0 || inner == 0) return;
        fixed (float* px = x, py = y)
        {
            float* cx = px, cy = py;
            if (inner == 1)
            {
                Threads.For(outer, Math.Max(1, 32768 / Math.Max(1, axis)), (s, e) =>
                {
                    for (int o = s; o < e; o++)
                    {
                        float sum = TensorPrimitives.Sum(new ReadOnlySpan<float>(cx + (long)o * axis, axis));
                        cy[o] = accumulate ? cy[o] + sum : sum;
                    }
                });
                return;
            }
            // Work items: (outer index, block of InnerBlock inner outputs); each sums its axis in increasing order.
            int blocks = (inner + InnerBlock - 1) / InnerBlock;
            Threads.For(outer * blocks, Math.Max(1, 32768 / Math.Max(1, axis * Math.Min(inner, InnerBlock))), (s, e) =>
            {
                Span<float> acc = stackalloc float[InnerBlock];
                for (int w = s; w < e; w++)
                {
                    int o = w / blocks, i0 = w % blocks * InnerBlock, len = Math.Min(InnerBlock, inner - i0);
                    var a = acc[..len];
                    a.Clear();
                    for (int ax = 0; ax < axis; ax++)
                        TensorPrimitives.Add(a, new ReadOnlySpan<float>(cx + ((long)o * axis + ax) * inner + i0, len), a);
                    var yo = new Span<float>(cy + (long)o * inner + i0, len);
                    if (accumulate) TensorPrimitives.Add(yo, a, yo);
                    else a.CopyTo(yo);
                }
            });
        }
    }

    static unsafe void MaxLastAxis(ReadOnlySpan<float> x, Span<float> y, Span<int> argmax, int outer, int axis)
    {
        fixed (float* px = x, py = y)
        fixed (int* pi = argmax)
        {
            float* cx = px, cy = py; int* ci = pi;
            Threads.For(outer, Math.Max(1, 32768 / axis), (s, e) =>
            {
                for (int o = s; o < e; o++)
                {
                    var row = new ReadOnlySpan<float>(cx + (long)o * axis, axis);
                    float m = TensorPrimitives.Max(row);  // vectorized; NaN if any element is NaN
                    // The first index attaining it: == also matches −0 against +0, and y takes that element itself,
                    // which is what ReduceNaive's first-wins "v > m" scan returns.
                    int best = 0;
                    if (float.IsNaN(m)) { while (!float.IsNaN(row[best])) best++; }
                    else { while (row[best] != m) best++; }
                    cy[o] = row[best]; ci[o] = best;
                }
            });
        }
    }
}
