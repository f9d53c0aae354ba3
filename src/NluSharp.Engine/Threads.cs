// The engine's thread budget. Kernels split work over OUTPUT ranges only, never over the order of a
// reduction, so results are bitwise identical for any thread count (see DEVELOPERS.md, "Deterministic").
// A small persistent worker pool runs the chunks: Parallel.For costs tens of microseconds per call, which is
// the whole run time of an attention-sized kernel.
using System.Runtime.ExceptionServices;

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
    /// Calls made from inside a running body (nested parallelism) run their chunks on the calling thread.
    /// </summary>
    public static void For(int total, int minChunk, Action<int, int> body)
    {
        int workers = Math.Min(count, Math.Max(1, total / Math.Max(1, minChunk)));
        if (workers <= 1 || total <= 1)
        {
            body(0, total);
            return;
        }
        WorkerPool.Run(total, workers, body);
    }

    /// <summary>
    /// Persistent background threads that claim chunks of the current job; the calling thread claims chunks too,
    /// so a job finishes even when the other cores are busy with someone else's work.
    /// </summary>
    static class WorkerPool
    {
        static readonly object gate = new();
        static readonly List<Thread> threads = [];
        static readonly SemaphoreSlim wake = new(0);
        [ThreadStatic] static bool insideJob;
        static Job? current;

        // One job per call: a worker that wakes late sees an exhausted counter of an old job, never a torn new one.
        sealed class Job(Action<int, int> body, int total, int chunks)
        {
            public readonly Action<int, int> Body = body;
            public readonly int Total = total, Chunks = chunks;
            public int Next, Pending = chunks;
            public ExceptionDispatchInfo? Failure;
        }

        public static void Run(int total, int chunks, Action<int, int> body)
        {
            if (insideJob || !Monitor.TryEnter(gate))
            {
                // Nested or concurrent call: same chunks, run here in order (results do not depend on who runs a chunk).
                for (int w = 0; w < chunks; w++) RunChunk(body, total, chunks, w);
                return;
            }
            try
            {
                while (threads.Count < chunks - 1)
                {
                    var t = new Thread(WorkerLoop) { IsBackground = true, Name = $"NluSharp worker {threads.Count + 1}" };
                    threads.Add(t);
                    t.Start();
                }
                var job = new Job(body, total, chunks);
                Volatile.Write(ref current, job);
                wake.Release(chunks - 1);
                insideJob = true;
                try { ClaimChunks(job); }
                finally { insideJob = false; }
                var spin = new SpinWait();
                while (Volatile.Read(ref job.Pending) != 0) spin.SpinOnce(sleep1Threshold: -1);
                Volatile.Write(ref current, null);
                job.Failure?.Throw();
            }
            finally { Monitor.Exit(gate); }
        }

        static void WorkerLoop()
        {
            insideJob = true;
            while (true)
            {
                wake.Wait();
                if (Volatile.Read(ref current) is { } job) ClaimChunks(job);
            }
        }

        static void ClaimChunks(Job job)
        {
            while (true)
            {
                int w = Interlocked.Increment(ref job.Next) - 1;
                if (w >= job.Chunks) return;
                try { RunChunk(job.Body, job.Total, job.Chunks, w); }
                catch (Exception e) { Interlocked.CompareExchange(ref job.Failure, ExceptionDispatchInfo.Capture(e), null); }
                Interlocked.Decrement(ref job.Pending);
            }
        }

        static void RunChunk(Action<int, int> body, int total, int chunks, int w)
        {
            long start = (long)total * w / chunks, end = (long)total * (w + 1) / chunks;
            if (end > start) body((int)start, (int)end);
        }
    }
}
