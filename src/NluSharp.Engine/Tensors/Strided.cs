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
    // Below this many elements a strided loop stays on the calling thread (waking a worker costs more).
    const int ParallelMinimum = 1 << 15;

    /// <summary>
    /// Visits every index of shape; strides may be empty (treated as all-zero) for unused operands. Operand C is the
    /// one written. Large loops are split over rows (outer indices) when no two rows write the same C element, so
    /// each element is still produced by one thread with the same code (deterministic); when C has a zero stride on
    /// an outer dimension (a sum over broadcast rows) the rows run in order on one thread.
    /// </summary>
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
        if (outer > 1 && total >= ParallelMinimum && Threads.Count > 1 && RowsWriteDisjoint(shape, stridesC))
        {
            int[] dims = shape.ToArray(), sa = stridesA.ToArray(), sb = stridesB.ToArray(), sc = stridesC.ToArray();
            var template = run;  // the run actions hold only array references and strides: one copy per chunk
            Threads.For((int)outer, Math.Max(1, ParallelMinimum / n), (o0, o1) =>
            {
                var chunk = template;
                Rows(dims, sa, offsetA, sb, offsetB, sc, offsetC, o0, o1, ref chunk);
            });
            return;
        }
        Rows(shape, stridesA, offsetA, stridesB, offsetB, stridesC, offsetC, 0, outer, ref run);
    }

    // Views here come from reshape, permute, slice and expand of dense buffers, so a nonzero stride on every outer
    // dimension (of size > 1) means distinct rows address distinct elements.
    static bool RowsWriteDisjoint(ReadOnlySpan<int> shape, ReadOnlySpan<int> stridesC)
    {
        if (stridesC.IsEmpty) return false;
        for (int d = 0; d < shape.Length - 1; d++)
            if (shape[d] > 1 && stridesC[d] == 0) return false;
        return true;
    }

    // Rows [o0, o1) of the row-major visit, starting from row o0's offsets.
    static void Rows<TRun>(ReadOnlySpan<int> shape, ReadOnlySpan<int> stridesA, int offsetA,
        ReadOnlySpan<int> stridesB, int offsetB, ReadOnlySpan<int> stridesC, int offsetC, long o0, long o1, ref TRun run)
        where TRun : struct, IRunAction
    {
        int rank = shape.Length, n = shape[rank - 1];
        Span<int> index = stackalloc int[rank];
        index.Clear();
        int a = offsetA, b = offsetB, c = offsetC;
        long rest = o0;
        for (int d = rank - 2; d >= 0 && rest > 0; d--)
        {
            int i = (int)(rest % shape[d]); rest /= shape[d];
            index[d] = i;
            a += i * (stridesA.IsEmpty ? 0 : stridesA[d]); b += i * (stridesB.IsEmpty ? 0 : stridesB[d]); c += i * (stridesC.IsEmpty ? 0 : stridesC[d]);
        }
        for (long o = o0; o < o1; o++)
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
