// Reference layer norm and RMS norm over the last axis of a rows×cols matrix (forward saves mean and rstd,
// backward adds into dx, dgamma, dbeta as llm.c's layernorm_backward does): the oracle for LayerNorm's SIMD paths.
using System.Numerics;

namespace NluSharp.Engine.Kernels;

public static class LayerNormNaive
{
    /// <summary>
    /// y = (x − mean) · rstd · gamma + beta with rstd = 1/√(var + eps), var the biased variance (as torch.nn.LayerNorm).
    /// beta may be empty (no bias). mean and rstd (length rows) are saved for the backward pass.
    /// </summary>
    public static void Forward<T>(ReadOnlySpan<T> x, ReadOnlySpan<T> gamma, ReadOnlySpan<T> beta, Span<T> y,
        Span<T> mean, Span<T> rstd, int rows, int cols, T eps) where T : unmanaged, IFloatingPointIeee754<T>
    {
        T n = T.CreateChecked(cols);
        for (int r = 0; r < rows; r++)
        {
            var xr = x.Slice(r * cols, cols); var yr = y.Slice(r * cols, cols);
            T m = T.Zero;
            for (int c = 0; c < cols; c++) m += xr[c];
            m /= n;
            T v = T.Zero;
            for (int c = 0; c < cols; c++) { T d = xr[c] - m; v += d * d; }
            v /= n;
            T s = T.One / T.Sqrt(v + eps);
            for (int c = 0; c < cols; c++)
                yr[c] = (xr[c] - m) * s * gamma[c] + (beta.IsEmpty ? T.Zero : beta[c]);
            mean[r] = m; rstd[r] = s;
        }
    }

    /// <summary>
    /// dx += rstd · (g − mean(g) − x̂ · mean(g ⊙ x̂)) with g = dy ⊙ gamma, x̂ = (x − mean)·rstd;
    /// dgamma += Σ_rows dy ⊙ x̂; dbeta += Σ_rows dy (rows summed in increasing order). dbeta may be empty.
    /// </summary>
    public static void Backward<T>(ReadOnlySpan<T> dy, ReadOnlySpan<T> x, ReadOnlySpan<T> gamma, ReadOnlySpan<T> mean, ReadOnlySpan<T> rstd,
        Span<T> dx, Span<T> dgamma, Span<T> dbeta, int rows, int cols) where T : unmanaged, IFloatingPointIeee754<T>
    {
        T n = T.CreateChecked(cols);
        for (int r = 0; r < rows; r++)
        {
            int o = r * cols;
            T m = mean[r], s = rstd[r];
            T gMean = T.Zero, gxMean = T.Zero;
            for (int c = 0; c < cols; c++)
            {
                T xhat = (x[o + c] - m) * s;
                T g = dy[o + c] * gamma[c];
                gMean += g; gxMean += g * xhat;
            }
            gMean /= n; gxMean /= n;
            for (int c = 0; c < cols; c++)
            {
                T xhat = (x[o + c] - m) * s;
                T g = dy[o + c] * gamma[c];
                dx[o + c] += s * (g - gMean - xhat * gxMean);
                if (!dgamma.IsEmpty) dgamma[c] += dy[o + c] * xhat;
                if (!dbeta.IsEmpty) dbeta[c] += dy[o + c];
            }
        }
    }

    /// <summary>RMS norm (T5/LLaMA): y = x · rstd · gamma with rstd = 1/√(mean(x²) + eps).</summary>
    public static void RmsForward<T>(ReadOnlySpan<T> x, ReadOnlySpan<T> gamma, Span<T> y, Span<T> rstd, int rows, int cols, T eps)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        T n = T.CreateChecked(cols);
        for (int r = 0; r < rows; r++)
        {
            var xr = x.Slice(r * cols, cols); var yr = y.Slice(r * cols, cols);
            T ms = T.Zero;
            for (int c = 0; c < cols; c++) ms += xr[c] * xr[c];
            T s = T.One / T.Sqrt(ms / n + eps);
            for (int c = 0; c < cols; c++) yr[c] = xr[c] * s * gamma[c];
            rstd[r] = s;
        }
    }

    /// <summary>dx += rstd · (g − x̂ · mean(g ⊙ x̂)) with g = dy ⊙ gamma, x̂ = x·rstd; dgamma += Σ_rows dy ⊙ x̂.</summary>
    public static void RmsBackward<T>(ReadOnlySpan<T> dy, ReadOnlySpan<T> x, ReadOnlySpan<T> gamma, ReadOnlySpan<T> rstd,
        Span<T> dx, Span<T> dgamma, int rows, int cols) where T : unmanaged, IFloatingPointIeee754<T>
    {
        T n = T.CreateChecked(cols);
        for (int r = 0; r < rows; r++)
        {
            int o = r * cols;
            T s = rstd[r], gxMean = T.Zero;
            for (int c = 0; c < cols; c++) gxMean += dy[o + c] * gamma[c] * x[o + c] * s;
            gxMean /= n;
            for (int c = 0; c < cols; c++)
            {
                T xhat = x[o + c] * s;
                dx[o + c] += s * (dy[o + c] * gamma[c] - xhat * gxMean);
                if (!dgamma.IsEmpty) dgamma[c] += dy[o + c] * xhat;
            }
        }
    }
}
