// Matrix multiply entry point used by matmul/linear and their backward passes.
// float32 goes to the optimized kernel; other element types (float64 for gradient checks) to GemmNaive.
using System.Numerics;
using System.Runtime.InteropServices;

namespace NluSharp.Engine.Kernels;

public static class Gemm
{
    /// <summary>
    /// C = op(A)·op(B) (+ C when accumulate). Same layout contract as <see cref="GemmNaive.Multiply{T}"/>.
    /// Multi-threaded over output tiles; bitwise identical for any <see cref="Threads.Count"/>.
    /// </summary>
    public static void Multiply<T>(bool transA, bool transB, int m, int n, int k,
        ReadOnlySpan<T> a, int lda, ReadOnlySpan<T> b, int ldb, Span<T> c, int ldc, bool accumulate)
        where T : unmanaged, INumber<T>
    {
        if (typeof(T) == typeof(float))
            MultiplyFloat(transA, transB, m, n, k, MemoryMarshal.Cast<T, float>(a), lda,
                MemoryMarshal.Cast<T, float>(b), ldb, MemoryMarshal.Cast<T, float>(c), ldc, accumulate);
        else
            GemmNaive.Multiply(transA, transB, m, n, k, a, lda, b, ldb, c, ldc, accumulate);
    }

    /// <summary>
    /// batch independent products: C_i = op(A_i)·op(B_i) (+ C_i), with A_i at a[i*strideA..], etc.
    /// A stride of 0 broadcasts one matrix over the batch (e.g. shared weights).
    /// </summary>
    public static void MultiplyBatched<T>(int batch, bool transA, bool transB, int m, int n, int k,
        ReadOnlySpan<T> a, int lda, long strideA, ReadOnlySpan<T> b, int ldb, long strideB,
        Span<T> c, int ldc, long strideC, bool accumulate)
        where T : unmanaged, INumber<T>
    {
        int aLen = transA ? (k - 1) * lda + m : (m - 1) * lda + k;
        int bLen = transB ? (n - 1) * ldb + k : (k - 1) * ldb + n;
        int cLen = (m - 1) * ldc + n;
        for (int i = 0; i < batch; i++)
            Multiply(transA, transB, m, n, k, a.Slice((int)(i * strideA), aLen), lda,
                b.Slice((int)(i * strideB), bLen), ldb, c.Slice((int)(i * strideC), cLen), ldc, accumulate);
    }

    // Placeholder routing until the blocked AVX-512/AVX2 kernel lands (kernel work in progress).
    static void MultiplyFloat(bool transA, bool transB, int m, int n, int k,
        ReadOnlySpan<float> a, int lda, ReadOnlySpan<float> b, int ldb, Span<float> c, int ldc, bool accumulate)
        => GemmNaive.Multiply(transA, transB, m, n, k, a, lda, b, ldb, c, ldc, accumulate);
}
