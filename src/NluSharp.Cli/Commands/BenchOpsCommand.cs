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
                    // read and write at least once (dx += … reads and writes dx). Every op sample is paired with a memcpy
                    // sample taken just before it, so each ratio compares the two under the same load on this shared machine.
                    Action copy = () => Threads.For(n, 1 << 16, (s, e) => x.AsSpan(s, e - s).CopyTo(y.AsSpan(s, e - s)));
                    void Op(string op, double floatsMoved, Action run)
                    {
                        var (gbs, copyGBs, ratio) = Measure(budget, floatsMoved * 4, run, 2.0 * n * 4, copy);
                        if (json)
                            Console.WriteLine($"{{\"op\":\"{op}\",\"shape\":\"{name}\",\"threads\":{t},\"gbps\":{F(gbs)},\"memcpy_gbps\":{F(copyGBs)},\"ratio\":{F(ratio, 3)}}}");
                        else
                            table.AddRow(op, name, $"{t}", F(gbs), F(copyGBs), F(ratio, 3));
                    }
                    Op("softmax_forward", 2.0 * n, () => Softmax.Forward<float>(x, y, rows, cols));
                    Op("softmax_backward", 4.0 * n, () => Softmax.Backward<float>(probs, dy, dx, rows, cols));
                    Op("layernorm_forward", 2.0 * n, () => LayerNorm.Forward<float>(x, gamma, beta, y, mean, rstd, rows, cols, 1e-12f));
                    Op("layernorm_backward", 4.0 * n, () => LayerNorm.Backward<float>(dy, x, gamma, mean, rstd, dx, dg, db, rows, cols));
                    Op("gelu_forward", 2.0 * n, () => Gelu.Forward<float>(x, y, false));
                    Op("gelu_backward", 4.0 * n, () => Gelu.Backward<float>(x, dy, dx, false));
                    Op("gelu_tanh_forward", 2.0 * n, () => Gelu.Forward<float>(x, y, true));
                }
            }
        }
        finally { Threads.Count = saved; }
        if (!json) AnsiConsole.Write(table);
    }

    static string F(double v, int digits = 1) => Math.Round(v, digits).ToString(CultureInfo.InvariantCulture);

    static float[] Random(int n, int seed)
    {
        var rng = new Random(seed);
        var v = new float[n];
        for (int i = 0; i < n; i++) v[i] = (float)(rng.NextDouble() * 4 - 2);
        return v;
    }

    /// <summary>
    /// Median GB/s of op and of the memcpy reference, and the median of per-pair ratios, after warming both up long enough
    /// for the JIT to tier the kernels up (≥ 10 calls and 0.3 s).
    /// </summary>
    static (double GBs, double CopyGBs, double Ratio) Measure(double budget, double opBytes, Action op, double copyBytes, Action copy)
    {
        var warm = Stopwatch.StartNew();
        for (int i = 0; i < 10 || warm.Elapsed.TotalSeconds < 0.3; i++) { op(); copy(); }
        var gbs = new List<double>(); var copyGBs = new List<double>(); var ratios = new List<double>();
        var total = Stopwatch.StartNew();
        while (gbs.Count < 5 || (total.Elapsed.TotalSeconds < budget && gbs.Count < 500))
        {
            long t0 = Stopwatch.GetTimestamp();
            copy();
            double c = copyBytes / Stopwatch.GetElapsedTime(t0).TotalSeconds / 1e9;
            t0 = Stopwatch.GetTimestamp();
            op();
            double g = opBytes / Stopwatch.GetElapsedTime(t0).TotalSeconds / 1e9;
            gbs.Add(g); copyGBs.Add(c); ratios.Add(g / c);
        }
        return (Median(gbs), Median(copyGBs), Median(ratios));
    }

    static double Median(List<double> v)
    {
        v.Sort();
        return v.Count % 2 == 1 ? v[v.Count / 2] : 0.5 * (v[v.Count / 2 - 1] + v[v.Count / 2]);
    }
}
