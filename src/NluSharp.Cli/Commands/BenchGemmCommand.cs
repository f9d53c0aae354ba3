// `nlu bench gemm`: float GEMM throughput on BERT's matmul shapes in the three transpose forms, with the machine's
// fp32 FMA peak measured in the same run (a Vector512/Vector256 FMA loop) so each figure is reported as a ratio to it.
using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using NluSharp.Engine;
using NluSharp.Engine.Kernels;
using Spectre.Console;

namespace NluSharp.Cli.Commands;

internal static class BenchGemmCommand
{
    // (m, n, k) of BERT-base with B·T = 4096 tokens: QKV-less projections (768×768), FFN up (3072), FFN down (k = 3072),
    // fused QKV (2304); then a square odd size and a skinny one.
    static readonly (int M, int N, int K, string[] Ops)[] Shapes =
    [
        (4096, 768, 768, ["NN", "NT", "TN"]),
        (4096, 3072, 768, ["NN", "NT", "TN"]),
        (4096, 768, 3072, ["NN", "NT", "TN"]),
        (4096, 2304, 768, ["NN", "NT", "TN"]),
        (1000, 1000, 1000, ["NN"]),
        (8192, 128, 128, ["NN"]),
    ];

    public static Command Create()
    {
        var json = new Option<bool>("--json") { Description = "Print one JSON object per line instead of a table." };
        var threads = new Option<string>("--threads") { Description = "Comma-separated thread counts to measure.", DefaultValueFactory = _ => "1,2" };
        var seconds = new Option<double>("--seconds") { Description = "Time budget per measurement (after warm-up), in seconds.", DefaultValueFactory = _ => 1.0 };
        var sizes = new Option<string?>("--sizes") { Description = "Measure these shapes instead of the BERT set: MxNxK[:NN|NT|TN],... (e.g. 4096x4096x4096 to compare with OpenBLAS' sgemm_bench)." };
        var cmd = new Command("gemm", "SGEMM GFLOP/s on BERT shapes (NN, NT, TN) vs the machine's fp32 FMA peak measured in the same run.")
        {
            json, threads, seconds, sizes,
        };
        cmd.SetAction(parse =>
        {
            var counts = ParseThreadCounts(parse.GetValue(threads)!);
            double budget = parse.GetValue(seconds);
            if (!(budget > 0)) throw new ArgumentException($"--seconds must be > 0, got {budget}");
            var shapes = parse.GetValue(sizes) is { } text ? ParseSizes(text) : Shapes;
            Run(counts, budget, parse.GetValue(json), shapes);
        });
        return cmd;
    }

    internal static int[] ParseThreadCounts(string text)
    {
        var parts = text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (parts.Length == 0) throw new FormatException($"--threads: expected a comma-separated list of counts like 1,2, got '{text}'");
        return parts.Select(p => int.TryParse(p, NumberStyles.None, CultureInfo.InvariantCulture, out int t) && t >= 1
            ? t : throw new FormatException($"--threads: '{p}' is not a thread count >= 1")).ToArray();
    }

    internal static (int M, int N, int K, string[] Ops)[] ParseSizes(string text)
    {
        var list = new List<(int, int, int, string[])>();
        foreach (var item in text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var (dims, op) = item.Split(':') is [var d, var o] ? (d, o.ToUpperInvariant()) : (item, "NN");
            var parts = dims.Split('x', 'X');
            if (parts.Length != 3 || !parts.All(x => int.TryParse(x, NumberStyles.None, CultureInfo.InvariantCulture, out int v) && v >= 1))
                throw new FormatException($"--sizes: '{item}' is not MxNxK with positive integers (e.g. 4096x768x768:NT)");
            if (op is not ("NN" or "NT" or "TN")) throw new FormatException($"--sizes: '{item}' has transpose form '{op}'; expected NN, NT or TN");
            var v = parts.Select(x => int.Parse(x, CultureInfo.InvariantCulture)).ToArray();
            if ((long)v[0] * v[2] > Array.MaxLength || (long)v[2] * v[1] > Array.MaxLength || (long)v[0] * v[1] > Array.MaxLength)
                throw new FormatException($"--sizes: '{item}' needs an operand larger than one .NET array");
            list.Add((v[0], v[1], v[2], [op]));
        }
        if (list.Count == 0) throw new FormatException("--sizes is empty; give e.g. 4096x4096x4096");
        return list.ToArray();
    }

    static void Run(int[] counts, double budget, bool json, (int M, int N, int K, string[] Ops)[] shapes)
    {
        int saved = Threads.Count;
        var table = new Table().AddColumns("m", "n", "k", "op", "threads", "GFLOP/s", "peak GFLOP/s", "ratio");
        try
        {
            foreach (int t in counts)
            {
                Threads.Count = t;
                var bertRatios = new List<double>();
                foreach (var (m, n, k, ops) in shapes)
                    foreach (var op in ops)
                    {
                        var (gflops, peak, ratio) = Measure(m, n, k, op, t, budget);
                        if (ReferenceEquals(shapes, Shapes) && m == 4096) bertRatios.Add(ratio);
                        if (json)
                            Console.WriteLine($"{{\"m\":{m},\"n\":{n},\"k\":{k},\"op\":\"{op}\",\"threads\":{t},\"gflops\":{F(gflops)},\"peak_gflops\":{F(peak)},\"ratio\":{F(ratio, 3)}}}");
                        else
                            table.AddRow($"{m}", $"{n}", $"{k}", op, $"{t}", F(gflops), F(peak), F(ratio, 3));
                    }
                // Summary: the median over the twelve BERT shape/transpose combinations of the ratio to the FMA peak.
                if (bertRatios.Count == 0) continue;
                double summary = Median(bertRatios);
                if (json) Console.WriteLine($"{{\"summary\":\"bert_shapes\",\"threads\":{t},\"median_ratio\":{F(summary, 3)}}}");
                else table.AddRow("BERT", "shapes", "median", "", $"{t}", "", "", F(summary, 3));
            }
        }
        finally { Threads.Count = saved; }
        if (!json) AnsiConsole.Write(table);
    }

    static string F(double v, int digits = 1) => Math.Round(v, digits).ToString(CultureInfo.InvariantCulture);

    /// <summary>
    /// Median GFLOP/s of repeated C = op(A)·op(B) after warm-up. The machine is shared, so every GEMM call is paired with
    /// a short FMA-peak sample taken just before it; the ratio is the median of the per-pair ratios (same load in each pair).
    /// </summary>
    internal static (double Gflops, double Peak, double Ratio) Measure(int m, int n, int k, string op, int threads, double budget)
    {
        bool transA = op[0] == 'T', transB = op[1] == 'T';
        var rng = new Random(1);
        var a = new float[(long)m * k]; var b = new float[(long)k * n]; var c = new float[(long)m * n];
        for (int i = 0; i < a.Length; i++) a[i] = (float)rng.NextDouble() - 0.5f;
        for (int i = 0; i < b.Length; i++) b[i] = (float)rng.NextDouble() - 0.5f;
        int lda = transA ? m : k, ldb = transB ? k : n;
        void Once() => Gemm.Multiply<float>(transA, transB, m, n, k, a, lda, b, ldb, c, n, accumulate: false);
        var warm = Stopwatch.StartNew();
        for (int i = 0; i < 3 || warm.Elapsed.TotalSeconds < 0.2; i++) Once();
        var gflops = new List<double>(); var peaks = new List<double>(); var ratios = new List<double>();
        var total = Stopwatch.StartNew();
        while (gflops.Count < 5 || (total.Elapsed.TotalSeconds < budget && gflops.Count < 200))
        {
            double peak = FmaPeak.Sample(threads);
            long t0 = Stopwatch.GetTimestamp();
            Once();
            double g = 2.0 * m * n * k / Stopwatch.GetElapsedTime(t0).TotalSeconds / 1e9;
            gflops.Add(g); peaks.Add(peak); ratios.Add(g / peak);
        }
        return (Median(gflops), Median(peaks), Median(ratios));
    }

    static double Median(List<double> v)
    {
        v.Sort();
        return v.Count % 2 == 1 ? v[v.Count / 2] : 0.5 * (v[v.Count / 2 - 1] + v[v.Count / 2]);
    }
}

/// <summary>
/// The machine's fp32 FMA ceiling: independent FMA chains (16 accumulators, enough to cover latency × ports) on every
/// thread, like ../shared/peers/fma_peak.c but through the same JIT that runs the kernels.
/// </summary>
internal static class FmaPeak
{
    /// <summary>Summed GFLOP/s of `threads` threads running the FMA loop together for ~15 ms (at full speed).</summary>
    public static double Sample(int threads)
    {
        const long iterations = 1_000_000;
        double flopsPerIteration = 16.0 * 2 * (Vector512.IsHardwareAccelerated ? 16 : 8);
        var sink = new float[threads];
        long t0 = Stopwatch.GetTimestamp();
        Threads.For(threads, 1, (s, e) => { for (int w = s; w < e; w++) sink[w] = Loop(iterations); });
        double dt = Stopwatch.GetElapsedTime(t0).TotalSeconds;
        return threads * iterations * flopsPerIteration / dt / 1e9;
    }

    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    static float Loop(long iterations) => Vector512.IsHardwareAccelerated ? Loop512(iterations) : Loop256(iterations);

    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    static float Loop512(long iterations)
    {
        var x = Vector512.Create(1.0000001f); var y = Vector512.Create(0.9999999f);
        Vector512<float> a0 = Vector512.Create(0f), a1 = Vector512.Create(1f), a2 = Vector512.Create(2f), a3 = Vector512.Create(3f),
            a4 = Vector512.Create(4f), a5 = Vector512.Create(5f), a6 = Vector512.Create(6f), a7 = Vector512.Create(7f),
            a8 = Vector512.Create(8f), a9 = Vector512.Create(9f), a10 = Vector512.Create(10f), a11 = Vector512.Create(11f),
            a12 = Vector512.Create(12f), a13 = Vector512.Create(13f), a14 = Vector512.Create(14f), a15 = Vector512.Create(15f);
        for (long i = 0; i < iterations; i++)
        {
            a0 = Vector512.FusedMultiplyAdd(x, a0, y); a1 = Vector512.FusedMultiplyAdd(x, a1, y);
            a2 = Vector512.FusedMultiplyAdd(x, a2, y); a3 = Vector512.FusedMultiplyAdd(x, a3, y);
            a4 = Vector512.FusedMultiplyAdd(x, a4, y); a5 = Vector512.FusedMultiplyAdd(x, a5, y);
            a6 = Vector512.FusedMultiplyAdd(x, a6, y); a7 = Vector512.FusedMultiplyAdd(x, a7, y);
            a8 = Vector512.FusedMultiplyAdd(x, a8, y); a9 = Vector512.FusedMultiplyAdd(x, a9, y);
            a10 = Vector512.FusedMultiplyAdd(x, a10, y); a11 = Vector512.FusedMultiplyAdd(x, a11, y);
            a12 = Vector512.FusedMultiplyAdd(x, a12, y); a13 = Vector512.FusedMultiplyAdd(x, a13, y);
            a14 = Vector512.FusedMultiplyAdd(x, a14, y); a15 = Vector512.FusedMultiplyAdd(x, a15, y);
        }
        var s = a0 + a1 + a2 + a3 + a4 + a5 + a6 + a7 + a8 + a9 + a10 + a11 + a12 + a13 + a14 + a15;
        return Vector512.Sum(s);
    }

    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    static float Loop256(long iterations)
    {
        var x = Vector256.Create(1.0000001f); var y = Vector256.Create(0.9999999f);
        Vector256<float> a0 = Vector256.Create(0f), a1 = Vector256.Create(1f), a2 = Vector256.Create(2f), a3 = Vector256.Create(3f),
            a4 = Vector256.Create(4f), a5 = Vector256.Create(5f), a6 = Vector256.Create(6f), a7 = Vector256.Create(7f),
            a8 = Vector256.Create(8f), a9 = Vector256.Create(9f), a10 = Vector256.Create(10f), a11 = Vector256.Create(11f),
            a12 = Vector256.Create(12f), a13 = Vector256.Create(13f), a14 = Vector256.Create(14f), a15 = Vector256.Create(15f);
        for (long i = 0; i < iterations; i++)
        {
            a0 = Vector256.FusedMultiplyAdd(x, a0, y); a1 = Vector256.FusedMultiplyAdd(x, a1, y);
            a2 = Vector256.FusedMultiplyAdd(x, a2, y); a3 = Vector256.FusedMultiplyAdd(x, a3, y);
            a4 = Vector256.FusedMultiplyAdd(x, a4, y); a5 = Vector256.FusedMultiplyAdd(x, a5, y);
            a6 = Vector256.FusedMultiplyAdd(x, a6, y); a7 = Vector256.FusedMultiplyAdd(x, a7, y);
            a8 = Vector256.FusedMultiplyAdd(x, a8, y); a9 = Vector256.FusedMultiplyAdd(x, a9, y);
            a10 = Vector256.FusedMultiplyAdd(x, a10, y); a11 = Vector256.FusedMultiplyAdd(x, a11, y);
            a12 = Vector256.FusedMultiplyAdd(x, a12, y); a13 = Vector256.FusedMultiplyAdd(x, a13, y);
            a14 = Vector256.FusedMultiplyAdd(x, a14, y); a15 = Vector256.FusedMultiplyAdd(x, a15, y);
        }
        var s = a0 + a1 + a2 + a3 + a4 + a5 + a6 + a7 + a8 + a9 + a10 + a11 + a12 + a13 + a14 + a15;
        return Vector256.Sum(s);
    }
}
