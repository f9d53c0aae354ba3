// Matrix multiply entry point used by matmul/linear and their backward passes.
// float32 goes to the blocked, packed SIMD kernel below; other element types (float64 for gradient checks) to GemmNaive.
// Loop nest after Goto & van de Geijn (2008) / BLIS: for each NC column block and KC depth block, pack the B block
// (kc×nc, stays in L2); for each MR-row panel of A, pack it (mr×kc, stays in L1) and sweep it across the B panels.
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics.X86;

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
            MultiplyFloat(BestIsa, transA, transB, m, n, k, MemoryMarshal.Cast<T, float>(a), lda,
                MemoryMarshal.Cast<T, float>(b), ldb, MemoryMarshal.Cast<T, float>(c), ldc, accumulate, parallel: true);
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
        if (typeof(T) == typeof(float))
            MultiplyBatchedFloat(BestIsa, batch, transA, transB, m, n, k, MemoryMarshal.Cast<T, float>(a), lda, strideA,
                MemoryMarshal.Cast<T, float>(b), ldb, strideB, MemoryMarshal.Cast<T, float>(c), ldc, strideC, accumulate);
        else
        {
            if (batch <= 0 || m <= 0 || n <= 0) return;
            int aLen = k == 0 ? 0 : transA ? (k - 1) * lda + m : (m - 1) * lda + k;
            int bLen = k == 0 ? 0 : transB ? (n - 1) * ldb + k : (k - 1) * ldb + n;
            int cLen = (m - 1) * ldc + n;
            for (int i = 0; i < batch; i++)
                GemmNaive.Multiply(transA, transB, m, n, k, a.Slice((int)(i * strideA), aLen), lda,
                    b.Slice((int)(i * strideB), bLen), ldb, c.Slice((int)(i * strideC), cLen), ldc, accumulate);
        }
    }

    /// <summary>The fastest path this CPU supports.</summary>
    internal static readonly GemmIsa BestIsa =
        Avx512F.IsSupported ? GemmIsa.Avx512 : Fma.IsSupported && Avx2.IsSupported ? GemmIsa.Avx2 : GemmIsa.Scalar;

    // Depth of a packed block. Fixed per path and independent of m, n and the thread split: KC boundaries are where
    // a C element's fma chain is stored and reloaded, so they must not move with the partition (determinism).
    const int KC = 384;

    // Columns of B packed per block. Tuned first on Sapphire Rapids (2 MB L2, KC 192..512 × NC 384..1536 tried: 768,
    // i.e. a 1.2 MB block in L2). On the 1 MB-L2 Zen cores of the CI machines (half-rate zmm FMA) the block streams from
    // L3 fast enough and fewer repacks of A win: paired runs on 2 threads gave 4096³ 215 vs 202..209 GFLOP/s and
    // 4096×3072×768 NT 218 vs 211 for NC = 1536 vs 768 (same for n ≤ 768), while NC = 384 (block in L2) lost 5%.
    // Column blocking does not change any element's fma chain, so NC never changes results. A multiple of every NR.
    const int NC = 1536;

    // Rows of A packed per block (a multiple of every MR): read together so the transposed form (A stored k×m)
    // streams whole cache lines of each stored row instead of MR floats from KC different pages.
    const int MC = 144;

    /// <summary>float GEMM on a chosen instruction-set path (tests force the lower paths on AVX-512 machines).</summary>
    internal static unsafe void MultiplyFloat(GemmIsa isa, bool transA, bool transB, int m, int n, int k,
        ReadOnlySpan<float> a, int lda, ReadOnlySpan<float> b, int ldb, Span<float> c, int ldc, bool accumulate, bool parallel)
    {
        CheckLayout(transA, transB, m, n, k, a.Length, lda, b.Length, ldb, c.Length, ldc);
        if (m == 0 || n == 0) return;
        isa = Supported(isa);
        fixed (float* pa = a, pb = b, pc = c)
        {
            var job = new Job(isa, transA, transB, k, pa, lda, pb, ldb, pc, ldc, accumulate);
            if (!parallel || Threads.Count == 1) { job.Run(0, m, 0, n); return; }
            // Split the output over row panels, or over column panels when there are too few row panels to share.
            // Minimum chunk: ~64K multiply-adds, below which waking a worker costs more than it saves.
            int mr = job.MR, nr = job.NR;
            int rowPanels = (m + mr - 1) / mr, colPanels = (n + nr - 1) / nr;
            long panelWork;
            if (rowPanels >= 2 * Threads.Count || rowPanels >= colPanels)
            {
                panelWork = (long)mr * n * Math.Max(k, 1);
                Threads.For(rowPanels, (int)Math.Clamp(65536 / panelWork, 1, int.MaxValue),
                    (s, e) => job.Run(s * mr, Math.Min(m, e * mr), 0, n));
            }
            else
            {
                panelWork = (long)nr * m * Math.Max(k, 1);
                Threads.For(colPanels, (int)Math.Clamp(65536 / panelWork, 1, int.MaxValue),
                    (s, e) => job.Run(0, m, s * nr, Math.Min(n, e * nr)));
            }
        }
    }

    internal static unsafe void MultiplyBatchedFloat(GemmIsa isa, int batch, bool transA, bool transB, int m, int n, int k,
        ReadOnlySpan<float> a, int lda, long strideA, ReadOnlySpan<float> b, int ldb, long strideB,
        Span<float> c, int ldc, long strideC, bool accumulate)
    {
        if (batch < 0) throw new ArgumentOutOfRangeException(nameof(batch), batch, "batch must be >= 0");
        if (batch == 0 || m == 0 || n == 0) return;
        if (strideA < 0 || strideB < 0 || strideC < 0)
            throw new ArgumentException($"batch strides must be >= 0 (strideA {strideA}, strideB {strideB}, strideC {strideC})");
        long aLen = k == 0 ? 0 : transA ? (long)(k - 1) * lda + m : (long)(m - 1) * lda + k;
        long bLen = k == 0 ? 0 : transB ? (long)(n - 1) * ldb + k : (long)(k - 1) * ldb + n;
        long cLen = (long)(m - 1) * ldc + n;
        CheckLength("a", (batch - 1) * strideA + aLen, a.Length);
        CheckLength("b", (batch - 1) * strideB + bLen, b.Length);
        CheckLength("c", (batch - 1) * strideC + cLen, c.Length);
        isa = Supported(isa);
        fixed (float* pa = a, pb = b, pc = c)
        {
            float* ca = pa, cb = pb, cc = pc;  // fixed locals cannot be captured by the lambda
            long work = (long)m * n * Math.Max(k, 1);
            // Outputs that overlap (strideC 0: Σ_i op(A_i)·op(B_i) into one C) are summed item after item, in batch order.
            bool overlapping = batch > 1 && strideC < cLen;
            if (!overlapping && (batch >= 2 * Threads.Count || work < 65536))
            {
                // Many small products (attention: B·H of them): one whole product per item, split over the batch.
                Threads.For(batch, (int)Math.Clamp(65536 / work, 1, int.MaxValue), (s, e) =>
                {
                    for (int i = s; i < e; i++)
                        new Job(isa, transA, transB, k, ca + i * strideA, lda, cb + i * strideB, ldb, cc + i * strideC, ldc, accumulate)
                            .Run(0, m, 0, n);
                });
            }
            else
                for (int i = 0; i < batch; i++)
                    MultiplyFloat(isa, transA, transB, m, n, k, new ReadOnlySpan<float>(pa + i * strideA, (int)aLen), lda,
                        new ReadOnlySpan<float>(pb + i * strideB, (int)bLen), ldb, new Span<float>(pc + i * strideC, (int)cLen), ldc,
                        accumulate, parallel: true);
        }
    }

    static GemmIsa Supported(GemmIsa isa) => (GemmIsa)Math.Min((int)isa, (int)BestIsa);

    static void CheckLayout(bool transA, bool transB, int m, int n, int k, int aLength, int lda, int bLength, int ldb, int cLength, int ldc)
    {
        if (m < 0 || n < 0 || k < 0) throw new ArgumentOutOfRangeException(nameof(m), $"GEMM sizes must be >= 0, got m={m} n={n} k={k}");
        if (m == 0 || n == 0) return;
        int aCols = transA ? m : k, bCols = transB ? k : n;
        if (lda < Math.Max(1, aCols)) throw new ArgumentOutOfRangeException(nameof(lda), lda, $"lda must be >= {aCols} (the stored row length of A)");
        if (ldb < Math.Max(1, bCols)) throw new ArgumentOutOfRangeException(nameof(ldb), ldb, $"ldb must be >= {bCols} (the stored row length of B)");
        if (ldc < n) throw new ArgumentOutOfRangeException(nameof(ldc), ldc, $"ldc must be >= n = {n}");
        if (k > 0)
        {
            CheckLength("a", transA ? (long)(k - 1) * lda + m : (long)(m - 1) * lda + k, aLength);
            CheckLength("b", transB ? (long)(n - 1) * ldb + k : (long)(k - 1) * ldb + n, bLength);
        }
        CheckLength("c", (long)(m - 1) * ldc + n, cLength);
    }

    static void CheckLength(string name, long needed, int actual)
    {
        if (actual < needed) throw new ArgumentException($"GEMM operand {name} has {actual} elements; the sizes and leading dimension need {needed}", name);
    }

    /// <summary>One product's operands and the blocked loop nest over a rectangle of its output.</summary>
    unsafe readonly struct Job(GemmIsa isa, bool transA, bool transB, int k,
        float* a, long lda, float* b, long ldb, float* c, long ldc, bool accumulate)
    {
        public int MR => isa switch { GemmIsa.Avx512 => GemmMicroKernels.Avx512MR, GemmIsa.Avx2 => GemmMicroKernels.Avx2MR, _ => GemmMicroKernels.ScalarMR };
        public int NR => isa switch { GemmIsa.Avx512 => GemmMicroKernels.Avx512NR, GemmIsa.Avx2 => GemmMicroKernels.Avx2NR, _ => GemmMicroKernels.ScalarNR };

        /// <summary>Computes C[m0..m1, n0..n1] on the calling thread.</summary>
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public void Run(int m0, int m1, int n0, int n1)
        {
            if (k == 0)
            {
                if (!accumulate)
                    for (int i = m0; i < m1; i++) new Span<float>(c + i * ldc + n0, n1 - n0).Clear();
                return;
            }
            delegate*<int, float*, float*, float*, long, bool, void> kernel = isa switch
            {
                GemmIsa.Avx512 => &GemmMicroKernels.Avx512,
                GemmIsa.Avx2 => &GemmMicroKernels.Avx2,
                _ => &GemmMicroKernels.Scalar,
            };
            int mr = MR, nr = NR;
            var buffers = PackBuffers.ForThisThread();
            float* packA = buffers.A, packB = buffers.B, tile = buffers.Tile;
            for (int jc = n0; jc < n1; jc += NC)
            {
                int nc = Math.Min(NC, n1 - jc);
                for (int pc = 0; pc < k; pc += KC)
                {
                    int kc = Math.Min(KC, k - pc);
                    bool loadC = accumulate || pc > 0;
                    GemmPacking.PackB(transB, b, ldb, jc, nc, pc, kc, nr, packB);
                    for (int ic = m0; ic < m1; ic += MC)
                    {
                        int mc = Math.Min(MC, m1 - ic);
                        GemmPacking.PackA(transA, a, lda, ic, mc, pc, kc, mr, packA);
                        for (int ir = 0; ir < mc; ir += mr)
                        {
                            int rows = Math.Min(mr, mc - ir);
                            float* panelA = packA + (long)ir * kc;
                            for (int jr = 0; jr < nc; jr += nr)
                            {
                                int cols = Math.Min(nr, nc - jr);
                                float* cTile = c + (ic + ir) * ldc + jc + jr;
                                // Start fetching the next C tile (rows stride ldc, in L3 or memory) while this one computes.
                                if (jr + nr < nc && Sse.IsSupported)
                                    for (int i = 0; i < rows; i++) { Sse.Prefetch0(cTile + i * ldc + nr); Sse.Prefetch0(cTile + i * ldc + nr + nr - 1); }
                                float* panelB = packB + (long)jr * kc;
                                if (rows == mr && cols == nr)
                                    kernel(kc, panelA, panelB, cTile, ldc, loadC);
                                else if (isa == GemmIsa.Avx512 && cols <= 32)
                                    NarrowEdgeTile(kc, panelA, panelB, cTile, ldc, rows, cols, tile, loadC);
                                else
                                    EdgeTile(kernel, kc, panelA, panelB, cTile, ldc, rows, cols, tile, nr, loadC);
                            }
                        }
                    }
                }
            }
        }

        // A last column panel of ≤ 32 columns on AVX-512 runs the 8×16 or 8×32 kernel: straight on C when whole rows of
        // whole vectors are valid, else on the scratch tile.
        static void NarrowEdgeTile(int kc, float* pa, float* pb, float* c, long ldc, int rows, int cols, float* tile, bool loadC)
        {
            int vectors = (cols + 15) / 16;
            if (rows == GemmMicroKernels.Avx512MR && cols == vectors * 16)
            {
                GemmMicroKernels.Avx512Narrow(kc, pa, pb, c, ldc, loadC, vectors);
                return;
            }
            if (loadC)
                for (int i = 0; i < rows; i++) Buffer.MemoryCopy(c + i * ldc, tile + i * 32, cols * 4L, cols * 4L);
            GemmMicroKernels.Avx512Narrow(kc, pa, pb, tile, 32, loadC, vectors);
            for (int i = 0; i < rows; i++) Buffer.MemoryCopy(tile + i * 32, c + i * ldc, cols * 4L, cols * 4L);
        }

        // A ragged tile runs the full-size kernel on a scratch tile; only the valid rows × columns touch C.
        static void EdgeTile(delegate*<int, float*, float*, float*, long, bool, void> kernel, int kc, float* pa, float* pb,
            float* c, long ldc, int rows, int cols, float* tile, int nr, bool loadC)
        {
            if (loadC)
                for (int i = 0; i < rows; i++) Buffer.MemoryCopy(c + i * ldc, tile + i * nr, cols * 4L, cols * 4L);
            kernel(kc, pa, pb, tile, nr, loadC);
            for (int i = 0; i < rows; i++) Buffer.MemoryCopy(tile + i * nr, c + i * ldc, cols * 4L, cols * 4L);
        }
    }

    /// <summary>Per-thread packing buffers, allocated once (pinned, 64-byte aligned) and reused by every call on that thread.</summary>
    sealed unsafe class PackBuffers
    {
        [ThreadStatic] static PackBuffers? current;
        const int MaxMR = 8, MaxNR = 48;
        readonly float[] storage;
        public readonly float* A, B, Tile;

        PackBuffers()
        {
            const int aSize = MC * KC + 64, bSize = KC * NC + 64, tileSize = MaxMR * MaxNR + 64;
            storage = GC.AllocateUninitializedArray<float>(aSize + bSize + tileSize + 16, pinned: true);
            float* p = (float*)Marshal.UnsafeAddrOfPinnedArrayElement(storage, 0);
            p = (float*)(((nint)p + 63) & ~(nint)63);
            A = p; B = A + aSize; Tile = B + bSize;
        }

        public static PackBuffers ForThisThread() => current ??= new PackBuffers();
    }
}
