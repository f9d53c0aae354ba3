// Copies GEMM operands into the panel layouts the micro-kernels stream through (Goto & van de Geijn 2008,
// "Anatomy of high-performance matrix multiplication"): A as MR-row panels (MR floats per k step), B as
// NR-column panels (NR floats per k step), zero-padded at ragged edges. The transpose forms differ only here.
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace NluSharp.Engine.Kernels;

internal static unsafe class GemmPacking
{
    /// <summary>
    /// Packs op(A)[i0..i0+rows, p0..p0+kc] as ⌈rows/mr⌉ panels of kc × mr (panel q's element (i,p) at
    /// dst[q*mr*kc + p*mr + i]); rows past the end of a ragged last panel are 0.
    /// transA: A is stored k×m, so element (i,p) is a[p*lda+i]; otherwise a[i*lda+p].
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void PackA(bool transA, float* a, long lda, int i0, int rows, int p0, int kc, int mr, float* dst)
    {
        if (!transA)
        {
            for (int q = 0; q < rows; q += mr)
                Transpose(a + (i0 + q) * lda + p0, lda, Math.Min(mr, rows - q), kc, mr, dst + (long)q * kc);
            return;
        }
        // Stored rows of Aᵀ are contiguous along m: walk each once across all panels of the block.
        for (int p = 0; p < kc; p++)
        {
            float* s = a + (p0 + p) * lda + i0;
            for (int q = 0; q < rows; q += mr)
            {
                float* d = dst + (long)q * kc + p * mr;
                int count = Math.Min(mr, rows - q);
                if (count == 8 && mr == 8 && Vector256.IsHardwareAccelerated)
                    Vector256.Store(Vector256.Load(s + q), d);
                else
                {
                    int i = 0;
                    for (; i < count; i++) d[i] = s[q + i];
                    for (; i < mr; i++) d[i] = 0f;
                }
            }
        }
    }

    /// <summary>
    /// Packs op(B)[p0..p0+kc, j0..j0+cols] as ⌈cols/nr⌉ panels of kc × nr (panel q's element (p,j) at
    /// dst[q*nr*kc + p*nr + j]); columns past the end of a ragged last panel are 0.
    /// transB: B is stored n×k, so element (p,j) is b[j*ldb+p]; otherwise b[p*ldb+j].
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void PackB(bool transB, float* b, long ldb, int j0, int cols, int p0, int kc, int nr, float* dst)
    {
        for (int q = 0; q < cols; q += nr)
        {
            int count = Math.Min(nr, cols - q);
            if (transB)
                Transpose(b + (j0 + q) * ldb + p0, ldb, count, kc, nr, dst + (long)q * kc);
            else
                CopyRows(b + p0 * ldb + j0 + q, ldb, count, kc, nr, dst + (long)q * kc);
        }
    }

    // dst[p*width + j] = src[p*ld + j] for j < count, 0 for count ≤ j < width.
    static void CopyRows(float* src, long ld, int count, int kc, int width, float* dst)
    {
        if (count == width && width % 16 == 0 && Vector512.IsHardwareAccelerated)
        {
            for (int p = 0; p < kc; p++, src += ld, dst += width)
                for (int j = 0; j < width; j += 16) Vector512.Store(Vector512.Load(src + j), dst + j);
            return;
        }
        if (count == width && width % 8 == 0 && Vector256.IsHardwareAccelerated)
        {
            for (int p = 0; p < kc; p++, src += ld, dst += width)
                for (int j = 0; j < width; j += 8) Vector256.Store(Vector256.Load(src + j), dst + j);
            return;
        }
        for (int p = 0; p < kc; p++, src += ld, dst += width)
        {
            int j = 0;
            for (; j < count; j++) dst[j] = src[j];
            for (; j < width; j++) dst[j] = 0f;
        }
    }

    // dst[p*width + i] = src[i*ld + p] for i < count, 0 for count ≤ i < width: the transposing pack, 8×8 blocks at a time.
    static void Transpose(float* src, long ld, int count, int kc, int width, float* dst)
    {
        int i = 0;
        if (Avx.IsSupported)
            for (; i + 8 <= count; i += 8)
            {
                int p = 0;
                for (; p + 8 <= kc; p += 8) Transpose8x8(src + i * ld + p, ld, dst + p * width + i, width);
                for (; p < kc; p++)
                    for (int r = 0; r < 8; r++) dst[p * width + i + r] = src[(i + r) * ld + p];
            }
        for (; i < count; i++)
        {
            float* s = src + i * ld;
            for (int p = 0; p < kc; p++) dst[p * width + i] = s[p];
        }
        for (; i < width; i++)
            for (int p = 0; p < kc; p++) dst[p * width + i] = 0f;
    }

    // Loads 8 rows of 8 floats (row stride ld) and stores their transpose (row stride ldd); the standard
    // unpack / shuffle / permute2f128 sequence (Intel optimization manual, "8x8 matrix transpose").
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static void Transpose8x8(float* s, long ld, float* d, long ldd)
    {
        var r0 = Avx.LoadVector256(s); var r1 = Avx.LoadVector256(s + ld);
        var r2 = Avx.LoadVector256(s + 2 * ld); var r3 = Avx.LoadVector256(s + 3 * ld);
        var r4 = Avx.LoadVector256(s + 4 * ld); var r5 = Avx.LoadVector256(s + 5 * ld);
        var r6 = Avx.LoadVector256(s + 6 * ld); var r7 = Avx.LoadVector256(s + 7 * ld);
        var t0 = Avx.UnpackLow(r0, r1); var t1 = Avx.UnpackHigh(r0, r1);
        var t2 = Avx.UnpackLow(r2, r3); var t3 = Avx.UnpackHigh(r2, r3);
        var t4 = Avx.UnpackLow(r4, r5); var t5 = Avx.UnpackHigh(r4, r5);
        var t6 = Avx.UnpackLow(r6, r7); var t7 = Avx.UnpackHigh(r6, r7);
        var u0 = Avx.Shuffle(t0, t2, 0x44); var u1 = Avx.Shuffle(t0, t2, 0xEE);
        var u2 = Avx.Shuffle(t1, t3, 0x44); var u3 = Avx.Shuffle(t1, t3, 0xEE);
        var u4 = Avx.Shuffle(t4, t6, 0x44); var u5 = Avx.Shuffle(t4, t6, 0xEE);
        var u6 = Avx.Shuffle(t5, t7, 0x44); var u7 = Avx.Shuffle(t5, t7, 0xEE);
        Avx.Store(d, Avx.Permute2x128(u0, u4, 0x20));
        Avx.Store(d + ldd, Avx.Permute2x128(u1, u5, 0x20));
        Avx.Store(d + 2 * ldd, Avx.Permute2x128(u2, u6, 0x20));
        Avx.Store(d + 3 * ldd, Avx.Permute2x128(u3, u7, 0x20));
        Avx.Store(d + 4 * ldd, Avx.Permute2x128(u0, u4, 0x31));
        Avx.Store(d + 5 * ldd, Avx.Permute2x128(u1, u5, 0x31));
        Avx.Store(d + 6 * ldd, Avx.Permute2x128(u2, u6, 0x31));
        Avx.Store(d + 7 * ldd, Avx.Permute2x128(u3, u7, 0x31));
    }
}
