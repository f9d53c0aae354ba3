// `nlu bench optimizer`: AdamW step throughput (vectorized kernel, its scalar twin, and torch 1.13's single-tensor
// AdamW measured in the same run when python3 with torch is available), on a parameter count the size of a mini BERT
// (L4/H256, vocab 30522: ≈11.17M) plus an odd tail.
using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using NluSharp.Engine;
using NluSharp.Training.Optimization;

namespace NluSharp.Cli.Commands;

internal static class BenchOptimizerCommand
{
    // Times `steps` AdamW steps on one float32 tensor with torch (foreach=False: the path NluSharp matches); prints seconds per step.
    const string TorchScript = """
        import sys, time, torch
        n, steps, threads = int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3])
        torch.set_num_threads(threads)
        g = torch.Generator().manual_seed(0)
        p = torch.nn.Parameter(torch.randn(n, generator=g))
        p.grad = torch.randn(n, generator=g) * 1e-3
        opt = torch.optim.AdamW([p], lr=1e-4, weight_decay=0.01, foreach=False)
        for _ in range(2): opt.step()
        times = []
        for _ in range(steps):
            t = time.perf_counter(); opt.step(); times.append(time.perf_counter() - t)
        times.sort(); print(times[len(times) // 2])
        """;

    public static Command Create()
    {
        var elements = new Option<int>("--elements") { Description = "Parameter count per step (default ≈ mini BERT L4/H256 + odd tail).", DefaultValueFactory = _ => 11_170_000 + 7 };
        var steps = new Option<int>("--steps") { Description = "Timed steps per variant (median reported).", DefaultValueFactory = _ => 20 };
        var threads = new Option<int>("--threads") { Description = "Threads (default: all cores).", DefaultValueFactory = _ => Environment.ProcessorCount };
        var noTorch = new Option<bool>("--no-torch") { Description = "Skip the PyTorch reference." };
        var command = new Command("optimizer", "AdamW step throughput: NluSharp (vectorized and scalar twin) vs PyTorch in the same run.");
        command.Options.Add(elements); command.Options.Add(steps); command.Options.Add(threads); command.Options.Add(noTorch);
        command.SetAction(parse =>
        {
            int n = parse.GetValue(elements), k = parse.GetValue(steps), t = parse.GetValue(threads);
            if (n < 1) throw new ArgumentException($"--elements must be >= 1, got {n}");
            if (k < 1) throw new ArgumentException($"--steps must be >= 1, got {k}");
            if (t < 1) throw new ArgumentException($"--threads must be >= 1, got {t}");
            Threads.Count = t;
            double vector = TimeNluSharp(n, k, naive: false);
            double naive = TimeNluSharp(n, k, naive: true);
            string why = "";
            double? torch = parse.GetValue(noTorch) ? null : TimeTorch(n, k, t, out why);
            Console.WriteLine($"AdamW step, {n:N0} float32 parameters, {t} thread(s), median of {k} steps");
            void Row(string name, double seconds)
            {
                var ratio = torch is double r ? FormattableString.Invariant($"  {r / seconds,6:F2}x torch") : "";
                Console.WriteLine(FormattableString.Invariant($"  {name,-22} {seconds * 1e3,9:F2} ms/step  {n / seconds / 1e6,9:F1} M params/s") + ratio);
            }
            Row("nlusharp (vector)", vector);
            Row("nlusharp (scalar twin)", naive);
            if (torch is double ts) Row("torch 1.13 (reference)", ts);
            else if (!parse.GetValue(noTorch)) Console.WriteLine($"  torch reference unavailable: {why}");
            return 0;
        });
        return command;
    }

    static double TimeNluSharp(int n, int steps, bool naive)
    {
        var rng = new Random(0);
        var p = new float[n]; var g = new float[n]; var m = new float[n]; var v = new float[n];
        for (int i = 0; i < n; i++) { p[i] = (float)(rng.NextDouble() - 0.5); g[i] = (float)((rng.NextDouble() - 0.5) * 1e-3); }
        var times = new List<double>();
        for (int s = 1; s <= steps + 2; s++)
        {
            var c = new AdamWCoefficients((float)(1 - 1e-4 * 0.01), 0.9f, (float)(1 - 0.9), 0.999f, (float)(1 - 0.999),
                (float)Math.Sqrt(1 - Math.Pow(0.999, s)), 1e-8f, (float)(-1e-4 / (1 - Math.Pow(0.9, s))));
            var clock = Stopwatch.StartNew();
            // Same threading for both variants (element ranges, as AdamW.Step does), so the ratio is the kernel's.
            Threads.For(n, 1 << 15, (start, end) =>
            {
                if (naive) AdamWKernel.UpdateNaive(p.AsSpan(start, end - start), g.AsSpan(start, end - start), m.AsSpan(start, end - start), v.AsSpan(start, end - start), c);
                else AdamWKernel.Update(p.AsSpan(start, end - start), g.AsSpan(start, end - start), m.AsSpan(start, end - start), v.AsSpan(start, end - start), c);
            });
            if (s > 2) times.Add(clock.Elapsed.TotalSeconds);
        }
        times.Sort();
        return times[times.Count / 2];
    }

    static double? TimeTorch(int n, int steps, int threads, out string why)
    {
        why = "";
        var python = File.Exists("/usr/bin/python3") ? "/usr/bin/python3" : "python3";
        try
        {
            var info = new ProcessStartInfo(python) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            foreach (var a in new[] { "-c", TorchScript, n.ToString(CultureInfo.InvariantCulture), steps.ToString(CultureInfo.InvariantCulture), threads.ToString(CultureInfo.InvariantCulture) })
                info.ArgumentList.Add(a);
            using var process = Process.Start(info)!;
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            if (!process.WaitForExit(TimeSpan.FromMinutes(5))) { process.Kill(); why = "timed out"; return null; }
            if (process.ExitCode != 0) { why = stderr.Result.Trim().Split('\n')[^1]; return null; }
            return double.Parse(stdout.Result.Trim(), CultureInfo.InvariantCulture);
        }
        catch (Exception e) when (e is System.ComponentModel.Win32Exception or FormatException or InvalidOperationException)
        {
            why = e.Message;
            return null;
        }
    }
}
