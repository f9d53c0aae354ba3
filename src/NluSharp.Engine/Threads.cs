// The engine's thread budget. Kernels split work over OUTPUT ranges only, never over the order of a
// reduction, so results are bitwise identical for any thread count (see DEVELOPERS.md, "Deterministic").
namespace NluSharp.Engine;

public static class Threads
{
    static int count = Environment.ProcessorCount;

    /// <summary>Number of worker threads kernels may use (default: all cores). Set to 1 for single-threaded runs.</summary>
    public static int Count
    {
        get => count;
        set => count = value >= 1 ? value : throw new ArgumentOutOfRangeException(nameof(value), value, "thread count must be >= 1");
    }

    /// <summary>
    /// Runs body(start, end) over [0, total) split into at most Count contiguous chunks of at least minChunk items.
    /// Each item belongs to exactly one chunk, so work that writes item i only is deterministic.
    /// </summary>
    public static void For(int total, int minChunk, Action<int, int> body)
    {
        int workers = Math.Min(count, Math.Max(1, total / Math.Max(1, minChunk)));
        if (workers <= 1 || total <= 1)
        {
            body(0, total);
            return;
        }
        Parallel.For(0, workers, new ParallelOptions { MaxDegreeOfParallelism = workers }, w =>
        {
            long start = (long)total * w / workers, end = (long)total * (w + 1) / workers;
            if (end > start) body((int)start, (int)end);
        });
    }
}
