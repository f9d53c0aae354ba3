// Runs a per-row float kernel over a rows×cols matrix, splitting rows over Threads. Each row is written by exactly
// one call, so the result is the same for any thread count.
namespace NluSharp.Engine.Kernels;

internal delegate void RowAction(ReadOnlySpan<float> a, ReadOnlySpan<float> b, Span<float> output);

/// <summary>Row views of up to two inputs (b may be empty) and one output, each rows×cols and contiguous.</summary>
internal readonly ref struct RowKernel
{
    readonly ReadOnlySpan<float> a, b;
    readonly Span<float> output;
    readonly int rows, cols;

    public RowKernel(ReadOnlySpan<float> a, ReadOnlySpan<float> b, Span<float> output, int rows, int cols)
    {
        if (rows < 0 || cols < 0) throw new ArgumentOutOfRangeException(nameof(rows), $"rows and cols must be >= 0, got {rows}×{cols}");
        long need = (long)rows * cols;
        if (a.Length < need) throw new ArgumentException($"input has {a.Length} elements, rows×cols = {rows}×{cols} needs {need}", nameof(a));
        if (!b.IsEmpty && b.Length < need) throw new ArgumentException($"second input has {b.Length} elements, rows×cols = {rows}×{cols} needs {need}", nameof(b));
        if (output.Length < need) throw new ArgumentException($"output has {output.Length} elements, rows×cols = {rows}×{cols} needs {need}", nameof(output));
        this.a = a; this.b = b; this.output = output; this.rows = rows; this.cols = cols;
    }

    /// <summary>Calls body(a row, b row, output row) for every row, rows split over Threads (≥ ~32K elements per chunk).</summary>
    public unsafe void Run(RowAction body)
    {
        if (rows == 0) return;
        int c = cols; bool useB = !b.IsEmpty;
        // Spans cannot enter the lambda; the memory is pinned for the duration of the call instead.
        fixed (float* pa = a, pb = b, po = output)
        {
            float* ca = pa, cb = pb, co = po;
            Threads.For(rows, Math.Max(1, 32768 / Math.Max(1, c)), (s, e) =>
            {
                for (int r = s; r < e; r++)
                    body(new ReadOnlySpan<float>(ca + (long)r * c, c), useB ? new ReadOnlySpan<float>(cb + (long)r * c, c) : default,
                        new Span<float>(co + (long)r * c, c));
            });
        }
    }
}
