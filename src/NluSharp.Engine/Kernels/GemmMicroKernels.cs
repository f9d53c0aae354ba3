// The innermost GEMM loops: C[MR×NR] (+)= Apanel[MR×kc]·Bpanel[kc×NR] on packed panels, one per instruction set.
// Apanel holds MR floats per k step (column p of the tile's rows), Bpanel NR floats per k step (row p).
// Every element is one chain acc = fma(a_p, b_p, acc) over p in order, started from 0 or from C, so the result
// does not depend on where an element sits in a tile, which kernel ran it (AVX-512 vs AVX2), or the thread split.
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace NluSharp.Engine.Kernels;

/// <summary>Instruction-set paths of the float GEMM, from slowest to fastest.</summary>
internal enum GemmIsa { Scalar, Avx2, Avx512 }

internal static unsafe class GemmMicroKernels
{
    /// <summary>AVX-512: 8 rows × 48 columns = 24 zmm accumulators, 3 B loads and one broadcast per k step
    /// (28 of 32 registers; 11 loads per 24 FMAs). On L1-resident panels it runs at ~92% of the FMA peak on Sapphire Rapids.</summary>
    public const int Avx512MR = 8, Avx512NR = 48;

    /// <summary>AVX2: the classic 6×16 tile (12 ymm accumulators + 2 B + 1 broadcast = 15 of 16 registers).</summary>
    public const int Avx2MR = 6, Avx2NR = 16;

    /// <summary>Scalar fallback for CPUs without FMA: a 4×4 tile of plain multiply-adds.</summary>
    public const int ScalarMR = 4, ScalarNR = 4;

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Avx512(int kc, float* a, float* b, float* c, long ldc, bool loadC)
    {
        Vector512<float> c00, c01, c02, c10, c11, c12, c20, c21, c22, c30, c31, c32,
                         c40, c41, c42, c50, c51, c52, c60, c61, c62, c70, c71, c72;
        if (loadC)
        {
            float* r = c;
            c00 = Vector512.Load(r); c01 = Vector512.Load(r + 16); c02 = Vector512.Load(r + 32); r += ldc;
            c10 = Vector512.Load(r); c11 = Vector512.Load(r + 16); c12 = Vector512.Load(r + 32); r += ldc;
            c20 = Vector512.Load(r); c21 = Vector512.Load(r + 16); c22 = Vector512.Load(r + 32); r += ldc;
            c30 = Vector512.Load(r); c31 = Vector512.Load(r + 16); c32 = Vector512.Load(r + 32); r += ldc;
            c40 = Vector512.Load(r); c41 = Vector512.Load(r + 16); c42 = Vector512.Load(r + 32); r += ldc;
            c50 = Vector512.Load(r); c51 = Vector512.Load(r + 16); c52 = Vector512.Load(r + 32); r += ldc;
            c60 = Vector512.Load(r); c61 = Vector512.Load(r + 16); c62 = Vector512.Load(r + 32); r += ldc;
            c70 = Vector512.Load(r); c71 = Vector512.Load(r + 16); c72 = Vector512.Load(r + 32);
        }
        else
        {
            c00 = c01 = c02 = c10 = c11 = c12 = c20 = c21 = c22 = c30 = c31 = c32 = Vector512<float>.Zero;
            c40 = c41 = c42 = c50 = c51 = c52 = c60 = c61 = c62 = c70 = c71 = c72 = Vector512<float>.Zero;
        }
        for (int p = 0; p < kc; p++)
        {
            var b0 = Vector512.Load(b); var b1 = Vector512.Load(b + 16); var b2 = Vector512.Load(b + 32);
            var av = Vector512.Create(a[0]);
            c00 = Avx512F.FusedMultiplyAdd(av, b0, c00); c01 = Avx512F.FusedMultiplyAdd(av, b1, c01); c02 = Avx512F.FusedMultiplyAdd(av, b2, c02);
            av = Vector512.Create(a[1]);
            c10 = Avx512F.FusedMultiplyAdd(av, b0, c10); c11 = Avx512F.FusedMultiplyAdd(av, b1, c11); c12 = Avx512F.FusedMultiplyAdd(av, b2, c12);
            av = Vector512.Create(a[2]);
            c20 = Avx512F.FusedMultiplyAdd(av, b0, c20); c21 = Avx512F.FusedMultiplyAdd(av, b1, c21); c22 = Avx512F.FusedMultiplyAdd(av, b2, c22);
            av = Vector512.Create(a[3]);
            c30 = Avx512F.FusedMultiplyAdd(av, b0, c30); c31 = Avx512F.FusedMultiplyAdd(av, b1, c31); c32 = Avx512F.FusedMultiplyAdd(av, b2, c32);
            av = Vector512.Create(a[4]);
            c40 = Avx512F.FusedMultiplyAdd(av, b0, c40); c41 = Avx512F.FusedMultiplyAdd(av, b1, c41); c42 = Avx512F.FusedMultiplyAdd(av, b2, c42);
            av = Vector512.Create(a[5]);
            c50 = Avx512F.FusedMultiplyAdd(av, b0, c50); c51 = Avx512F.FusedMultiplyAdd(av, b1, c51); c52 = Avx512F.FusedMultiplyAdd(av, b2, c52);
            av = Vector512.Create(a[6]);
            c60 = Avx512F.FusedMultiplyAdd(av, b0, c60); c61 = Avx512F.FusedMultiplyAdd(av, b1, c61); c62 = Avx512F.FusedMultiplyAdd(av, b2, c62);
            av = Vector512.Create(a[7]);
            c70 = Avx512F.FusedMultiplyAdd(av, b0, c70); c71 = Avx512F.FusedMultiplyAdd(av, b1, c71); c72 = Avx512F.FusedMultiplyAdd(av, b2, c72);
            a += 8; b += 48;
        }
        float* o = c;
        c00.Store(o); c01.Store(o + 16); c02.Store(o + 32); o += ldc;
        c10.Store(o); c11.Store(o + 16); c12.Store(o + 32); o += ldc;
        c20.Store(o); c21.Store(o + 16); c22.Store(o + 32); o += ldc;
        c30.Store(o); c31.Store(o + 16); c32.Store(o + 32); o += ldc;
        c40.Store(o); c41.Store(o + 16); c42.Store(o + 32); o += ldc;
        c50.Store(o); c51.Store(o + 16); c52.Store(o + 32); o += ldc;
        c60.Store(o); c61.Store(o + 16); c62.Store(o + 32); o += ldc;
        c70.Store(o); c71.Store(o + 16); c72.Store(o + 32);
    }

    /// <summary>
    /// The AVX-512 tile narrowed to 8 rows × 16·vectors columns (vectors = 1 or 2) on the same 48-wide packed B panel:
    /// the ragged last column panel (n = 64 or 128 in attention) then costs what it computes, not a full 48-wide tile.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Avx512Narrow(int kc, float* a, float* b, float* c, long ldc, bool loadC, int vectors)
    {
        if (vectors == 2) Avx512x32(kc, a, b, c, ldc, loadC);
        else Avx512x16(kc, a, b, c, ldc, loadC);
    }

    static void Avx512x32(int kc, float* a, float* b, float* c, long ldc, bool loadC)
    {
        Vector512<float> c00, c01, c10, c11, c20, c21, c30, c31, c40, c41, c50, c51, c60, c61, c70, c71;
        if (loadC)
        {
            float* r = c;
            c00 = Vector512.Load(r); c01 = Vector512.Load(r + 16); r += ldc;
            c10 = Vector512.Load(r); c11 = Vector512.Load(r + 16); r += ldc;
            c20 = Vector512.Load(r); c21 = Vector512.Load(r + 16); r += ldc;
            c30 = Vector512.Load(r); c31 = Vector512.Load(r + 16); r += ldc;
            c40 = Vector512.Load(r); c41 = Vector512.Load(r + 16); r += ldc;
            c50 = Vector512.Load(r); c51 = Vector512.Load(r + 16); r += ldc;
            c60 = Vector512.Load(r); c61 = Vector512.Load(r + 16); r += ldc;
            c70 = Vector512.Load(r); c71 = Vector512.Load(r + 16);
        }
        else c00 = c01 = c10 = c11 = c20 = c21 = c30 = c31 = c40 = c41 = c50 = c51 = c60 = c61 = c70 = c71 = Vector512<float>.Zero;
        for (int p = 0; p < kc; p++)
        {
            var b0 = Vector512.Load(b); var b1 = Vector512.Load(b + 16);
            var av = Vector512.Create(a[0]); c00 = Avx512F.FusedMultiplyAdd(av, b0, c00); c01 = Avx512F.FusedMultiplyAdd(av, b1, c01);
            av = Vector512.Create(a[1]); c10 = Avx512F.FusedMultiplyAdd(av, b0, c10); c11 = Avx512F.FusedMultiplyAdd(av, b1, c11);
            av = Vector512.Create(a[2]); c20 = Avx512F.FusedMultiplyAdd(av, b0, c20); c21 = Avx512F.FusedMultiplyAdd(av, b1, c21);
            av = Vector512.Create(a[3]); c30 = Avx512F.FusedMultiplyAdd(av, b0, c30); c31 = Avx512F.FusedMultiplyAdd(av, b1, c31);
            av = Vector512.Create(a[4]); c40 = Avx512F.FusedMultiplyAdd(av, b0, c40); c41 = Avx512F.FusedMultiplyAdd(av, b1, c41);
            av = Vector512.Create(a[5]); c50 = Avx512F.FusedMultiplyAdd(av, b0, c50); c51 = Avx512F.FusedMultiplyAdd(av, b1, c51);
            av = Vector512.Create(a[6]); c60 = Avx512F.FusedMultiplyAdd(av, b0, c60); c61 = Avx512F.FusedMultiplyAdd(av, b1, c61);
            av = Vector512.Create(a[7]); c70 = Avx512F.FusedMultiplyAdd(av, b0, c70); c71 = Avx512F.FusedMultiplyAdd(av, b1, c71);
            a += 8; b += Avx512NR;
        }
        float* o = c;
        c00.Store(o); c01.Store(o + 16); o += ldc;
        c10.Store(o); c11.Store(o + 16); o += ldc;
        c20.Store(o); c21.Store(o + 16); o += ldc;
        c30.Store(o); c31.Store(o + 16); o += ldc;
        c40.Store(o); c41.Store(o + 16); o += ldc;
        c50.Store(o); c51.Store(o + 16); o += ldc;
        c60.Store(o); c61.Store(o + 16); o += ldc;
        c70.Store(o); c71.Store(o + 16);
    }

    static void Avx512x16(int kc, float* a, float* b, float* c, long ldc, bool loadC)
    {
        Vector512<float> c0, c1, c2, c3, c4, c5, c6, c7;
        if (loadC)
        {
            c0 = Vector512.Load(c); c1 = Vector512.Load(c + ldc); c2 = Vector512.Load(c + 2 * ldc); c3 = Vector512.Load(c + 3 * ldc);
            c4 = Vector512.Load(c + 4 * ldc); c5 = Vector512.Load(c + 5 * ldc); c6 = Vector512.Load(c + 6 * ldc); c7 = Vector512.Load(c + 7 * ldc);
        }
        else c0 = c1 = c2 = c3 = c4 = c5 = c6 = c7 = Vector512<float>.Zero;
        for (int p = 0; p < kc; p++)
        {
            var b0 = Vector512.Load(b);
            c0 = Avx512F.FusedMultiplyAdd(Vector512.Create(a[0]), b0, c0); c1 = Avx512F.FusedMultiplyAdd(Vector512.Create(a[1]), b0, c1);
            c2 = Avx512F.FusedMultiplyAdd(Vector512.Create(a[2]), b0, c2); c3 = Avx512F.FusedMultiplyAdd(Vector512.Create(a[3]), b0, c3);
            c4 = Avx512F.FusedMultiplyAdd(Vector512.Create(a[4]), b0, c4); c5 = Avx512F.FusedMultiplyAdd(Vector512.Create(a[5]), b0, c5);
            c6 = Avx512F.FusedMultiplyAdd(Vector512.Create(a[6]), b0, c6); c7 = Avx512F.FusedMultiplyAdd(Vector512.Create(a[7]), b0, c7);
            a += 8; b += Avx512NR;
        }
        c0.Store(c); c1.Store(c + ldc); c2.Store(c + 2 * ldc); c3.Store(c + 3 * ldc);
        c4.Store(c + 4 * ldc); c5.Store(c + 5 * ldc); c6.Store(c + 6 * ldc); c7.Store(c + 7 * ldc);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Avx2(int kc, float* a, float* b, float* c, long ldc, bool loadC)
    {
        Vector256<float> c00, c01, c10, c11, c20, c21, c30, c31, c40, c41, c50, c51;
        if (loadC)
        {
            float* r = c;
            c00 = Vector256.Load(r); c01 = Vector256.Load(r + 8); r += ldc;
            c10 = Vector256.Load(r); c11 = Vector256.Load(r + 8); r += ldc;
            c20 = Vector256.Load(r); c21 = Vector256.Load(r + 8); r += ldc;
            c30 = Vector256.Load(r); c31 = Vector256.Load(r + 8); r += ldc;
            c40 = Vector256.Load(r); c41 = Vector256.Load(r + 8); r += ldc;
            c50 = Vector256.Load(r); c51 = Vector256.Load(r + 8);
        }
        else
        {
            c00 = c01 = c10 = c11 = c20 = c21 = c30 = c31 = c40 = c41 = c50 = c51 = Vector256<float>.Zero;
        }
        for (int p = 0; p < kc; p++)
        {
            var b0 = Vector256.Load(b); var b1 = Vector256.Load(b + 8);
            var av = Vector256.Create(a[0]);
            c00 = Fma.MultiplyAdd(av, b0, c00); c01 = Fma.MultiplyAdd(av, b1, c01);
            av = Vector256.Create(a[1]);
            c10 = Fma.MultiplyAdd(av, b0, c10); c11 = Fma.MultiplyAdd(av, b1, c11);
            av = Vector256.Create(a[2]);
            c20 = Fma.MultiplyAdd(av, b0, c20); c21 = Fma.MultiplyAdd(av, b1, c21);
            av = Vector256.Create(a[3]);
            c30 = Fma.MultiplyAdd(av, b0, c30); c31 = Fma.MultiplyAdd(av, b1, c31);
            av = Vector256.Create(a[4]);
            c40 = Fma.MultiplyAdd(av, b0, c40); c41 = Fma.MultiplyAdd(av, b1, c41);
            av = Vector256.Create(a[5]);
            c50 = Fma.MultiplyAdd(av, b0, c50); c51 = Fma.MultiplyAdd(av, b1, c51);
            a += 6; b += 16;
        }
        float* o = c;
        c00.Store(o); c01.Store(o + 8); o += ldc;
        c10.Store(o); c11.Store(o + 8); o += ldc;
        c20.Store(o); c21.Store(o + 8); o += ldc;
        c30.Store(o); c31.Store(o + 8); o += ldc;
        c40.Store(o); c41.Store(o + 8); o += ldc;
        c50.Store(o); c51.Store(o + 8);
    }

    /// <summary>No fused multiply-add here: without FMA hardware MathF.FusedMultiplyAdd is a slow software routine.</summary>
    public static void Scalar(int kc, float* a, float* b, float* c, long ldc, bool loadC)
    {
        float* acc = stackalloc float[ScalarMR * ScalarNR];
        for (int i = 0; i < ScalarMR; i++)
            for (int j = 0; j < ScalarNR; j++)
                acc[i * ScalarNR + j] = loadC ? c[i * ldc + j] : 0f;
        for (int p = 0; p < kc; p++)
        {
            float b0 = b[0], b1 = b[1], b2 = b[2], b3 = b[3];
            for (int i = 0; i < ScalarMR; i++)
            {
                float ai = a[i];
                float* r = acc + i * ScalarNR;
                r[0] += ai * b0; r[1] += ai * b1; r[2] += ai * b2; r[3] += ai * b3;
            }
            a += ScalarMR; b += ScalarNR;
        }
        for (int i = 0; i < ScalarMR; i++)
            for (int j = 0; j < ScalarNR; j++)
                c[i * ldc + j] = acc[i * ScalarNR + j];
    }
}
