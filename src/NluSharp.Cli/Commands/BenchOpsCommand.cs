// `nlu bench ops`: memory-bound kernels (softmax, layer norm, GELU; forward and backward) at BERT sizes, reported as
// GB/s and as a ratio to a memcpy of the same tensor (Span.CopyTo split over the same threads) measured in the same run.
using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using NluSharp.Engine;
using NluSharp.Engine.Kernels;
using Spectre.Console;

namespace NluSharp.Cli.Commands;

internal static class BenchOpsCommand
{
    // (rows, cols): B·T × C activations of BERT-base, and attention probabilities B·H·T × T (32 sequences, 12 heads, T = 128).
    static readonly (int Rows, int Cols, string Name)[] Shapes = [(4096, 768, "4096x768"), (32 * 12 * 128, 128, "49152x128")];

    public static Command Create()
    {
        var json = new Option<bool>("--json") { Description = "Print one JSON object per line instead of a table." };
        var threads = new Option<string>("--threads") { Description = "Comma-separated thread counts to measure.", DefaultValueFactory = _ => "1,2" };
        var seconds = new Option<double>("--seconds") { Description = "Time budget per measurement, in seconds.", DefaultValueFactory = _ => 0.5 };
        var cmd = new Command("ops", "Softmax / layer norm / GELU GB/s vs a memcpy of the same bytes measured in the same run.") { json, threads, seconds };
        cmd.SetAction(parse =>
        {
            var counts = BenchGemmCommand.ParseThreadCounts(parse.GetValue(threads)!);
            double budget = parse.GetValue(seconds);
            if (!(budget > 0)) throw new ArgumentException($"--seconds must be > 0, got {budget}");
            Run(counts, budget, parse.GetValue(json));
        });
        return cmd;
    }

    static void Run(int[] counts, double budget, bool json)
    {
        int saved = Threads.Count;
        var table = new Table().AddColumns("op", "shape", "threads", "GB/s", "memcpy GB/s", "ratio");
        try
        {
            foreach (int t in counts)
            {
                Threads.Count = t;
                foreach (var (rows, cols, name) in Shapes)
                {
                    int n = rows * cols;
                    var x = Random(n, 1); var dy = Random(n, 2); var y = new float[n]; var dx = new float[n];
                    var gamma = Random(cols, 3); var beta = Random(cols, 4); var dg = new float[cols]; var db = new float[cols];
                    var mean = new float[rows]; var rstd = new float[rows];
                    LayerNorm.Forward<float>(x, gamma, beta, y, mean, rstd, rows, cols, 1e-12f);
                    var probs = new float[n];
                    Softmax.Forward<float>(x, probs, rows, cols);

                    // memcpy of one n-float tensor moves 2n floats (read + write); each op below counts the floats it must
                    // read and write at least once (dx += … reads and writes dx).
                    double copy = Measure(budget, () => Threads.For(n, 1 << 16, (s, e) => x.AsSpan(s, e - s).CopyTo(y.AsSpan(s, e - s))));
                    double copyGBs = 2.0 * n * 4 / copy / 1e9;
                    Report("memcpy", name, t, copyGBs, copyGBs);
                    Report("softmax_forward", name, t, 2.0 * n * 4 / Measure(budget, () => Softmax.Forward<float>(x, y, rows, cols)) / 1e9, copyGBs);
                    Report("softmax_backward", name, t, 4.0 * n * 4 / Measure(budget, () => Softmax.Backward<float>(probs, dy, dx, rows, cols)) / 1e9, copyGBs);
                    Report("layernorm_forward", name, t, 2.0 * n * 4 / Measure(budget, () => LayerNorm.Forward<float>(x, gamma, beta, y, mean, rstd, rows, cols, 1e-12f)) / 1e9, copyGBs);
                    Report("layernorm_backward", name, t, 4.0 * n * 4 / Measure(budget, () => LayerNorm.Backward<float>(dy, x, gamma, mean, rstd, dx, dg, db, rows, cols)) / 1e9, copyGBs);
                    Report("gelu_forward", name, t, 2.0 * n * 4 / Measure(budget, () => Gelu.Forward<float>(x, y, false)) / 1e9, copyGBs);
                    Report("gelu_backward", name, t, 4.0 * n * 4 / Measure(budget, () => Gelu.Backward<float>(x, dy, dx, false)) / 1e9, copyGBs);
                    Report("gelu_tanh_forward", name, t, 2.0 * n * 4 / Measure(budget, () => Gelu.Forward<float>(x, y, true)) / 1e9, copyGBs);
                }
            }
        }
        finally { Threads.Count = saved; }
        if (!json) AnsiConsole.Write(table);

        void Report(string op, string shape, int t, double gbs, double copyGBs)
        {
            if (json)
                Console.WriteLine($"{{\"op\":\"{op}\",\"shape\":\"{shape}\",\"threads\":{t},\"gbps\":{F(gbs)},\"memcpy_gbps\":{F(copyGBs)},\"ratio\":{F(gbs / copyGBs, 3)}}}");
            else
                table.AddRow(op, shape, $"{t}", F(gbs), F(copyGBs), F(gbs / copyGBs, 3));
        }
    }

    static string F(double v, int digits = 1) => Math.Round(v, digits).ToString(CultureInfo.InvariantCulture);

    static float[] Random(int n, int seed)
    {
        var rng = new Random(seed);
        var v = new float[n];
        for (int i = 0; i < n; i++) v[i] = (float)(rng.NextDouble() * 4 - 2);
        return v;
    }

    /// <summary>Median seconds per call, after warming up long enough for the JIT to tier the kernels up (≥ 10 calls and 0.3 s).</summary>
    static double Measure(double budget, Action op)
    {
        var warm = Stopwatch.StartNew();
        for (int i = 0; i < 10 || warm.Elapsed.TotalSeconds < 0.3; i++) op();
        var times = new List<double>();
        var total = Stopwatch.StartNew();
        while (times.Count < 5 || (total.Elapsed.TotalSeconds < budget && times.Count < 500))
        {
            long t0 = Stopwatch.GetTimestamp();
            op();
            times.Add(Stopwatch.GetElapsedTime(t0).TotalSeconds);
        }
        times.Sort();
        return times[times.Count / 2];
    }
}
