// Layer norm and RMS norm over the last axis: entry points used by the ops (contracts in LayerNormNaive).
// float runs row-parallel on TensorPrimitives (Vector512/256/128 + scalar tails); the parameter gradients are split
// over COLUMNS across threads with rows summed in increasing order, so every thread count gives the same bits.
using System.Numerics;
using System.Numerics.Tensors;
using System.Runtime.InteropServices;

namespace NluSharp.Engine.Kernels;

public static class LayerNorm
{
    const int ChunkLength = 1024;

    /// <summary>y = (x − mean)·rstd·gamma + beta per row; saves mean and rstd (contract: <see cref="LayerNormNaive.Forward{T}"/>).</summary>
    public static void Forward<T>(ReadOnlySpan<T> x, ReadOnlySpan<T> gamma, ReadOnlySpan<T> beta, Span<T> y,
        Span<T> mean, Span<T> rstd, int rows, int cols, T eps) where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (typeof(T) != typeof(float)) { LayerNormNaive.Forward(x, gamma, beta, y, mean, rstd, rows, cols, eps); return; }
        Check(rows, cols, x.Length, y.Length, gamma.Length, beta.Length, mean.Length, rstd.Length);
        ForwardFloat(MemoryMarshal.Cast<T, float>(x), MemoryMarshal.Cast<T, float>(gamma), MemoryMarshal.Cast<T, float>(beta),
            MemoryMarshal.Cast<T, float>(y), MemoryMarshal.Cast<T, float>(mean), MemoryMarshal.Cast<T, float>(rstd), rows, cols, float.CreateChecked(eps), rms: false);
    }

    /// <summary>dx += …, dgamma += Σ dy⊙x̂, dbeta += Σ dy (contract: <see cref="LayerNormNaive.Backward{T}"/>).</summary>
    public static void Backward<T>(ReadOnlySpan<T> dy, ReadOnlySpan<T> x, ReadOnlySpan<T> gamma, ReadOnlySpan<T> mean, ReadOnlySpan<T> rstd,
        Span<T> dx, Span<T> dgamma, Span<T> dbeta, int rows, int cols) where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (typeof(T) != typeof(float)) { LayerNormNaive.Backward(dy, x, gamma, mean, rstd, dx, dgamma, dbeta, rows, cols); return; }
        Check(rows, cols, x.Length, dx.Length, gamma.Length, dbeta.Length, mean.Length, rstd.Length, dy.Length, dgamma.Length);
        BackwardFloat(MemoryMarshal.Cast<T, float>(dy), MemoryMarshal.Cast<T, float>(x), MemoryMarshal.Cast<T, float>(gamma),
            MemoryMarshal.Cast<T, float>(mean), MemoryMarshal.Cast<T, float>(rstd), MemoryMarshal.Cast<T, float>(dx),
            MemoryMarshal.Cast<T, float>(dgamma), MemoryMarshal.Cast<T, float>(dbeta), rows, cols, rms: false);
    }

    /// <summary>RMS norm: y = x·rstd·gamma (contract: <see cref="LayerNormNaive.RmsForward{T}"/>).</summary>
    public static void RmsForward<T>(ReadOnlySpan<T> x, ReadOnlySpan<T> gamma, Span<T> y, Span<T> rstd, int rows, int cols, T eps)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (typeof(T) != typeof(float)) { LayerNormNaive.RmsForward(x, gamma, y, rstd, rows, cols, eps); return; }
        Check(rows, cols, x.Length, y.Length, gamma.Length, 0, rows, rstd.Length);
        ForwardFloat(MemoryMarshal.Cast<T, float>(x), MemoryMarshal.Cast<T, float>(gamma), default,
            MemoryMarshal.Cast<T, float>(y), default, MemoryMarshal.Cast<T, float>(rstd), rows, cols, float.CreateChecked(eps), rms: true);
    }

    /// <summary>RMS norm backward (contract: <see cref="LayerNormNaive.RmsBackward{T}"/>).</summary>
    public static void RmsBackward<T>(ReadOnlySpan<T> dy, ReadOnlySpan<T> x, ReadOnlySpan<T> gamma, ReadOnlySpan<T> rstd,
        Span<T> dx, Span<T> dgamma, int rows, int cols) where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (typeof(T) != typeof(float)) { LayerNormNaive.RmsBackward(dy, x, gamma, rstd, dx, dgamma, rows, cols); return; }
        Check(rows, cols, x.Length, dx.Length, gamma.Length, 0, rows, rstd.Length, dy.Length, dgamma.Length);
        BackwardFloat(MemoryMarshal.Cast<T, float>(dy), MemoryMarshal.Cast<T, float>(x), MemoryMarshal.Cast<T, float>(gamma),
            default, MemoryMarshal.Cast<T, float>(rstd), MemoryMarshal.Cast<T, float>(dx),
            MemoryMarshal.Cast<T, float>(dgamma), default, rows, cols, rms: true);
    }

    static void Check(int rows, int cols, int xLength, int yLength, int gammaLength, int betaLength, int meanLength, int rstdLength,
        int dyLength = -1, int dgammaLength = 0)
    {
        if (rows < 0 || cols < 0) throw new ArgumentOutOfRangeException(nameof(rows), $"rows and cols must be >= 0, got {rows}×{cols}");
        long need = (long)rows * cols;
        if (xLength < need || yLength < need || (dyLength >= 0 && dyLength < need))
            throw new ArgumentException($"layer norm over {rows}×{cols} needs {need} elements in x, y/dx and dy; got {xLength}, {yLength}, {dyLength}");
        if (gammaLength < cols) throw new ArgumentException($"gamma has {gammaLength} elements, expected cols = {cols}");
        if (betaLength != 0 && betaLength < cols) throw new ArgumentException($"beta has {betaLength} elements, expected cols = {cols} (or empty)");
        if (dgammaLength != 0 && dgammaLength < cols) throw new ArgumentException($"dgamma has {dgammaLength} elements, expected cols = {cols} (or empty)");
        if (meanLength < rows || rstdLength < rows) throw new ArgumentException($"mean/rstd have {meanLength}/{rstdLength} elements, expected rows = {rows}");
    }

    static unsafe void ForwardFloat(ReadOnlySpan<float> x, ReadOnlySpan<float> gamma, ReadOnlySpan<float> beta, Span<float> y,
        Span<float> mean, Span<float> rstd, int rows, int cols, float eps, bool rms)
    {
        if (rows == 0) return;
        bool hasBeta = !beta.IsEmpty;
        fixed (float* px = x, pg = gamma, pb = beta, py = y, pm = mean, ps = rstd)
        {
            float* cx = px, cg = pg, cb = pb, cy = py, cm = pm, cs = ps;
            Threads.For(rows, Math.Max(1, 32768 / Math.Max(1, cols)), (start, end) =>
            {
                var g = new ReadOnlySpan<float>(cg, cols);
                var b = hasBeta ? new ReadOnlySpan<float>(cb, cols) : default;
                for (int r = start; r < end; r++)
                {
                    var xr = new ReadOnlySpan<float>(cx + (long)r * cols, cols);
                    var yr = new Span<float>(cy + (long)r * cols, cols);
                    float s;
                    if (rms)
                    {
                        s = 1f / MathF.Sqrt(TensorPrimitives.SumOfSquares(xr) / cols + eps);
                        TensorPrimitives.Multiply(xr, s, yr);
                    }
                    else
                    {
                        // Two passes (mean, then squared deviations) as torch does: no E[x²]−E[x]² cancellation.
                        float m = TensorPrimitives.Sum(xr) / cols;
                        TensorPrimitives.Subtract(xr, m, yr);
                        s = 1f / MathF.Sqrt(TensorPrimitives.SumOfSquares(yr) / cols + eps);
                        TensorPrimitives.Multiply(yr, s, yr);
                        cm[r] = m;
                    }
                    if (hasBeta) TensorPrimitives.FusedMultiplyAdd(yr, g, b, yr);
                    else TensorPrimitives.Multiply(yr, g, yr);
                    cs[r] = s;
                }
            });
        }
    }

    // x̂ = (x − mean)·rstd, subtracting first as the forward pass does (x − mean is exact near the mean).
    static void Normalize(ReadOnlySpan<float> x, float mean, float rstd, Span<float> xhat)
    {
        TensorPrimitives.Subtract(x, mean, xhat);
        TensorPrimitives.Multiply(xhat, rstd, xhat);
    }

    static unsafe void BackwardFloat(ReadOnlySpan<float> dy, ReadOnlySpan<float> x, ReadOnlySpan<float> gamma, ReadOnlySpan<float> mean,
        ReadOnlySpan<float> rstd, Span<float> dx, Span<float> dgamma, Span<float> dbeta, int rows, int cols, bool rms)
    {
        if (rows == 0 || cols == 0) return;
        bool hasDgamma = !dgamma.IsEmpty, hasDbeta = !dbeta.IsEmpty;
        fixed (float* pdy = dy, px = x, pg = gamma, pm = mean, ps = rstd, pdx = dx, pdg = dgamma, pdb = dbeta)
        {
            float* cdy = pdy, cx = px, cg = pg, cm = pm, cs = ps, cdx = pdx, cdg = pdg, cdb = pdb;

            // dx, row-parallel: g = dy⊙gamma, x̂ = (x − mean)·rstd; dx += rstd·(g − mean(g) − x̂·mean(g⊙x̂)) (RMS: no mean(g)).
            Threads.For(rows, Math.Max(1, 16384 / cols), (start, end) =>
            {
                Span<float> xh = stackalloc float[ChunkLength], g = stackalloc float[ChunkLength];
                var gammaAll = new ReadOnlySpan<float>(cg, cols);
                for (int r = start; r < end; r++)
                {
                    float m = rms ? 0f : cm[r], s = cs[r];
                    var xr = new ReadOnlySpan<float>(cx + (long)r * cols, cols);
                    var dyr = new ReadOnlySpan<float>(cdy + (long)r * cols, cols);
                    var dxr = new Span<float>(cdx + (long)r * cols, cols);
                    float gSum = 0, gxSum = 0;
                    for (int c = 0; c < cols; c += ChunkLength)
                    {
                        int len = Math.Min(ChunkLength, cols - c);
                        var xhc = xh[..len]; var gc = g[..len];
                        Normalize(xr.Slice(c, len), m, s, xhc);
                        TensorPrimitives.Multiply(dyr.Slice(c, len), gammaAll.Slice(c, len), gc);
                        gSum += TensorPrimitives.Sum(gc);
                        gxSum += TensorPrimitives.Dot(gc, xhc);
                    }
                    float gMean = rms ? 0f : gSum / cols, gxMean = gxSum / cols;
                    for (int c = 0; c < cols; c += ChunkLength)
                    {
                        int len = Math.Min(ChunkLength, cols - c);
                        var xhc = xh[..len]; var gc = g[..len];
                        if (cols > ChunkLength)  // the buffers hold only the last chunk: recompute
                        {
                            Normalize(xr.Slice(c, len), m, s, xhc);
                            TensorPrimitives.Multiply(dyr.Slice(c, len), gammaAll.Slice(c, len), gc);
                        }
                        TensorPrimitives.MultiplyAdd(xhc, -gxMean, gc, gc);       // g − x̂·gxMean
                        if (!rms) TensorPrimitives.Subtract(gc, gMean, gc);         //   − gMean
                        TensorPrimitives.MultiplyAdd(gc, s, dxr.Slice(c, len), dxr.Slice(c, len));
                    }
                }
            });

            if (!hasDgamma && !hasDbeta) return;
            // dgamma/dbeta, column-parallel: each column sums its rows in increasing order on one thread.
            int units = (cols + 15) / 16;
            Threads.For(units, Math.Max(1, 2048 / Math.Max(1, rows)), (start, end) =>
            {
                int c0 = start * 16, len = Math.Min(cols, end * 16) - c0;
                Span<float> xh = stackalloc float[Math.Min(len, ChunkLength)];
                for (int c = c0; c < c0 + len; c += ChunkLength)
                {
                    int l = Math.Min(ChunkLength, c0 + len - c);
                    var xhc = xh[..l];
                    var dg = hasDgamma ? new Span<float>(cdg + c, l) : default;
                    var db = hasDbeta ? new Span<float>(cdb + c, l) : default;
                    for (int r = 0; r < rows; r++)
                    {
                        var dyr = new ReadOnlySpan<float>(cdy + (long)r * cols + c, l);
                        if (hasDgamma)
                        {
                            var xr = new ReadOnlySpan<float>(cx + (long)r * cols + c, l);
                            if (rms) TensorPrimitives.Multiply(xr, cs[r], xhc);
                            else Normalize(xr, cm[r], cs[r], xhc);
                            TensorPrimitives.FusedMultiplyAdd(dyr, xhc, dg, dg);
                        }
                        if (hasDbeta) TensorPrimitives.Add(db, dyr, db);
                    }
                }
            });
        }
    }
}
