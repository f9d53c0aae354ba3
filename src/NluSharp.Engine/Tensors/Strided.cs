// Row-major iteration over up to three strided operands of one shape, in runs along the last dimension, so
// elementwise work, broadcasting and view gradients share one loop. Runs are visited in increasing index order.
using System.Numerics;
using System.Numerics.Tensors;

namespace NluSharp.Engine;

internal interface IRunAction
{
    /// <summary>Processes shape[^1] consecutive positions starting at the three operands' offsets.</summary>
    void Run(int offsetA, int offsetB, int offsetC, int count);
}

internal static class Strided
{
    /// <summary>Visits every index of shape; strides may be empty (treated as all-zero) for unused operands.</summary>
    public static void ForEachRun<TRun>(ReadOnlySpan<int> shape, ReadOnlySpan<int> stridesA, int offsetA,
        ReadOnlySpan<int> stridesB, int offsetB, ReadOnlySpan<int> stridesC, int offsetC, ref TRun run)
        where TRun : struct, IRunAction
    {
        int rank = shape.Length;
        long total = Shapes.Count(shape);
        if (total == 0) return;
        if (rank == 0) { run.Run(offsetA, offsetB, offsetC, 1); return; }
        int n = shape[rank - 1];
        long outer = total / n;
        Span<int> index = stackalloc int[rank];
        index.Clear();
        int a = offsetA, b = offsetB, c = offsetC;
        for (long o = 0; o < outer; o++)
        {
            run.Run(a, b, c, n);
            for (int d = rank - 2; d >= 0; d--)
            {
                int sa = stridesA.IsEmpty ? 0 : stridesA[d], sb = stridesB.IsEmpty ? 0 : stridesB[d], sc = stridesC.IsEmpty ? 0 : stridesC[d];
                index[d]++; a += sa; b += sb; c += sc;
                if (index[d] < shape[d]) break;
                a -= sa * shape[d]; b -= sb * shape[d]; c -= sc * shape[d];
                index[d] = 0;
            }
        }
    }

    static int Last(ReadOnlySpan<int> strides) => strides.IsEmpty ? 0 : strides[^1];

    struct CopyRun<T> : IRunAction where T : unmanaged
    {
        public T[] Src, Dst; public int SrcStride, DstStride;
        public void Run(int a, int b, int c, int n)
        {
            if (SrcStride == 1 && DstStride == 1) Array.Copy(Src, a, Dst, c, n);
            else for (int i = 0; i < n; i++) Dst[c + i * DstStride] = Src[a + i * SrcStride];
        }
    }

    /// <summary>Copies any view into a dense row-major destination.</summary>
    public static void Copy<T>(Tensor<T> src, T[] dst, int dstOffset = 0) where T : unmanaged
        => CopyInto(src, dst, Shapes.ContiguousStrides(src.shape), dstOffset);

    /// <summary>Copies any view into a strided destination of the same shape.</summary>
    public static void CopyInto<T>(Tensor<T> src, T[] dst, ReadOnlySpan<int> dstStrides, int dstOffset) where T : unmanaged
    {
        var run = new CopyRun<T> { Src = src.storage.Array, Dst = dst, SrcStride = Last(src.strides), DstStride = Last(dstStrides) };
        ForEachRun(src.shape, src.strides, src.offset, default, 0, dstStrides, dstOffset, ref run);
    }

    struct AddRun<T> : IRunAction where T : unmanaged, INumber<T>
    {
        public T[] Src, Dst; public int SrcStride, DstStride;
        public void Run(int a, int b, int c, int n)
        {
            if (SrcStride == 1 && DstStride == 1) TensorPrimitives.Add(Dst.AsSpan(c, n), Src.AsSpan(a, n), Dst.AsSpan(c, n));
            else if (SrcStride == 1 && DstStride == 0) Dst[c] += TensorPrimitives.Sum<T>(Src.AsSpan(a, n));
            else if (SrcStride == 0 && DstStride == 1) TensorPrimitives.Add(Dst.AsSpan(c, n), Src[a], Dst.AsSpan(c, n));
            else for (int i = 0; i < n; i++) Dst[c + i * DstStride] += Src[a + i * SrcStride];
        }
    }

    /// <summary>
    /// dst += src over one logical shape, each operand addressed by its own strides and offset. Zero strides in dst
    /// sum the broadcast positions into one element (the backward of broadcasting and of expand); zero strides in
    /// src broadcast it (the backward of a reduction).
    /// </summary>
    public static void AddInto<T>(ReadOnlySpan<int> shape, T[] src, ReadOnlySpan<int> srcStrides, int srcOffset,
        T[] dst, ReadOnlySpan<int> dstStrides, int dstOffset) where T : unmanaged, INumber<T>
    {
        var run = new AddRun<T> { Src = src, Dst = dst, SrcStride = Last(srcStrides), DstStride = Last(dstStrides) };
        ForEachRun(shape, srcStrides, srcOffset, default, 0, dstStrides, dstOffset, ref run);
    }
}
