// Reference matrix multiply: the oracle for Gemm's blocked SIMD kernels and the path for non-float element types.
using System.Numerics;

namespace NluSharp.Engine.Kernels;

public static class GemmNaive
{
    /// <summary>
    /// C = op(A)·op(B) (+ C when accumulate). Row-major; op(A) is m×k, op(B) is k×n, C is m×n.
    /// transA: A is stored k×m (element (i,p) at a[p*lda+i]); transB: B is stored n×k (element (p,j) at b[j*ldb+p]).
    /// Sums over p in increasing order in type T.
    /// </summary>
    public static void Multiply<T>(bool transA, bool transB, int m, int n, int k,
        ReadOnlySpan<T> a, int lda, ReadOnlySpan<T> b, int ldb, Span<T> c, int ldc, bool accumulate)
        where T : unmanaged, INumber<T>
    {
        for (int i = 0; i < m; i++)
            for (int j = 0; j < n; j++)
            {
                T sum = T.Zero;
                for (int p = 0; p < k; p++)
                {
                    T av = transA ? a[p * lda + i] : a[i * lda + p];
                    T bv = transB ? b[j * ldb + p] : b[p * ldb + j];
                    sum += av * bv;
                }
                c[i * ldc + j] = accumulate ? c[i * ldc + j] + sum : sum;
            }
    }
}
