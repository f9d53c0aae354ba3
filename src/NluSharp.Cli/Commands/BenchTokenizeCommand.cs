// `nlu bench tokenize`: tokens/s and sequences/s of NluSharp's tokenizer with 1 and 2 threads, and of the Hugging Face
// Rust core (Node binding, when installed) on the same inputs in the same run, reported as a ratio.
using System.CommandLine;
using System.Diagnostics;
using System.Text.Json;
using NluSharp.Tokenizers;

namespace NluSharp.Cli.Commands;

internal static class BenchTokenizeCommand
{
    /// <summary>Steady-state throughput (repeated passes) and the first pass over the texts (empty word caches).</summary>
    internal sealed record Measurement(string Engine, int Threads, long Sequences, long Tokens, double Seconds, string Mode, double FirstPassTokensPerSecond)
    {
        public double TokensPerSecond => Tokens / Seconds;
        public double SequencesPerSecond => Sequences / Seconds;
    }

    public static Command Create()
    {
        var tokenizerOption = new Option<string>("--tokenizer") { Description = "tokenizer.json, .model, vocab file or model folder", Required = true };
        var inputOption = new Option<string>("--input") { Description = "texts: JSONL {\"text\", \"text_pair\"} lines or plain text, one per line", Required = true };
        var secondsOption = new Option<double>("--seconds") { Description = "minimum timed seconds per measurement", DefaultValueFactory = _ => 3.0 };
        var jsonOption = new Option<bool>("--json") { Description = "print the results as JSON" };
        var roundsOption = new Option<int>("--rounds")
        {
            Description = "rounds of interleaved measurements (NluSharp and peer alternate; the median of each is reported)",
            DefaultValueFactory = _ => 3,
        };
        var peerOption = new Option<string?>("--peer-node-path")
        {
            Description = "node_modules holding @anush008/tokenizers (default: $NLU_TOKGEN_NODE_PATH, else /tmp/tokgen/node_modules); 'none' to skip",
        };
        var command = new Command("tokenize", "Tokenizer throughput (1 and 2 threads) against the Hugging Face Rust tokenizers.");
        foreach (var o in new Option[] { tokenizerOption, inputOption, secondsOption, jsonOption, peerOption, roundsOption }) command.Options.Add(o);
        command.SetAction(parse => CliErrors.Run(() =>
        {
            var tokenizerPath = parse.GetValue(tokenizerOption)!;
            var inputPath = parse.GetValue(inputOption)!;
            var seconds = parse.GetValue(secondsOption);
            if (seconds <= 0) throw new ArgumentException($"--seconds must be positive, got {seconds}");
            var inputs = ReadInputs(inputPath);
            Tokenizer.FromFile(tokenizerPath); // fail early on a bad path; each measurement loads its own (cold caches)
            int rounds = parse.GetValue(roundsOption);
            if (rounds < 1) throw new ArgumentException($"--rounds must be at least 1, got {rounds}");
            var peerPath = PeerNodePath(parse.GetValue(peerOption));
            var peerNote = "";
            var jsonFile = ResolveTokenizerJson(tokenizerPath);
            if (peerPath == null) peerNote = "peer skipped: no node_modules with @anush008/tokenizers (see shared/peers/tokgen/README.md)";
            else if (jsonFile == null) peerNote = "peer skipped: the Hugging Face binding needs a tokenizer.json";
            // Interleave the engines round by round so that load from other processes hits both alike; keep medians.
            var all = new List<Measurement>();
            for (int round = 0; round < rounds; round++)
                foreach (var threads in new[] { 1, 2 })
                {
                    all.Add(MeasureOurs(Tokenizer.FromFile(tokenizerPath), inputs, threads, seconds));
                    if (peerNote.Length == 0) all.Add(MeasurePeer(peerPath!, jsonFile!, inputPath, threads, seconds));
                }
            var results = all.GroupBy(m => (m.Engine, m.Threads))
                .Select(g => g.OrderBy(m => m.TokensPerSecond).ElementAt(g.Count() / 2)).OrderBy(m => m.Engine != "NluSharp").ThenBy(m => m.Threads).ToList();
            if (rounds > 1) peerNote = (peerNote + $" median of {rounds} interleaved rounds").Trim();
            Report(results, tokenizerPath, inputPath, inputs.Count, peerNote, parse.GetValue(jsonOption));
            return 0;
        }));
        return command;
    }

    internal static List<(string Text, string? Pair)> ReadInputs(string path)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"input file not found: {path}", path);
        var list = new List<(string, string?)>();
        int lineNumber = 0;
        foreach (var raw in File.ReadAllText(path).Split('\n'))
        {
            lineNumber++;
            var line = raw.TrimEnd('\r');
            if (line.Trim().Length == 0) continue;
            if (!line.TrimStart().StartsWith('{')) { list.Add((line, null)); continue; }
            try
            {
                using var doc = JsonDocument.Parse(line);
                var r = doc.RootElement;
                if (!r.TryGetProperty("text", out var t) || t.ValueKind != JsonValueKind.String)
                    throw new InvalidDataException($"{path}:{lineNumber}: field \"text\" must be a string");
                string? pair = r.TryGetProperty("text_pair", out var p) && p.ValueKind == JsonValueKind.String ? p.GetString() : null;
                list.Add((t.GetString()!, pair));
            }
            catch (JsonException e) { throw new InvalidDataException($"{path}:{lineNumber}: not valid JSON: {e.Message}", e); }
        }
        if (list.Count == 0) throw new InvalidDataException($"{path}: no texts");
        return list;
    }

    static Measurement MeasureOurs(Tokenizer tokenizer, List<(string, string?)> inputs, int threads, double seconds)
    {
        var first = Stopwatch.StartNew();
        long tokensPerPass = tokenizer.EncodeBatch(inputs, maxDegreeOfParallelism: threads).Sum(e => (long)e.Count); // warm-up
        first.Stop();
        int passes = 0;
        var sw = Stopwatch.StartNew();
        while (sw.Elapsed.TotalSeconds < seconds || passes < 2)
        {
            tokenizer.EncodeBatch(inputs, maxDegreeOfParallelism: threads);
            passes++;
        }
        sw.Stop();
        return new Measurement("NluSharp", threads, (long)inputs.Count * passes, tokensPerPass * passes, sw.Elapsed.TotalSeconds, "EncodeBatch",
            tokensPerPass / first.Elapsed.TotalSeconds);
    }

    static string? PeerNodePath(string? option)
    {
        if (option == "none") return null;
        var path = option ?? Environment.GetEnvironmentVariable("NLU_TOKGEN_NODE_PATH") ?? "/tmp/tokgen/node_modules";
        return Directory.Exists(Path.Combine(path, "@anush008", "tokenizers")) ? path : null;
    }

    static string? ResolveTokenizerJson(string path)
    {
        if (Directory.Exists(path)) path = Path.Combine(path, "tokenizer.json");
        return File.Exists(path) && path.EndsWith(".json", StringComparison.OrdinalIgnoreCase) && !path.EndsWith("vocab.json", StringComparison.OrdinalIgnoreCase) ? path : null;
    }

    static Measurement MeasurePeer(string nodePath, string tokenizerJson, string inputPath, int threads, double seconds)
    {
        var script = Path.Combine(AppContext.BaseDirectory, "bench_tokenize_peer.js");
        var psi = new ProcessStartInfo("node") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in new[] { script, tokenizerJson, inputPath, seconds.ToString(System.Globalization.CultureInfo.InvariantCulture) }) psi.ArgumentList.Add(a);
        psi.Environment["NODE_PATH"] = nodePath;
        psi.Environment["RAYON_NUM_THREADS"] = threads.ToString();
        psi.Environment["TOKENIZERS_PARALLELISM"] = "true";
        using var process = Process.Start(psi) ?? throw new IOException("could not start node for the peer benchmark");
        var stdout = process.StandardOutput.ReadToEnd();
        var stderr = process.StandardError.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0) throw new IOException($"peer benchmark failed (node exit {process.ExitCode}): {stderr.Trim()}");
        using var doc = JsonDocument.Parse(stdout.Trim().Split('\n')[^1]);
        var r = doc.RootElement;
        return new Measurement("HF tokenizers (Rust, @anush008/tokenizers 0.6.0)", threads, r.GetProperty("sequences").GetInt64(),
            r.GetProperty("tokens").GetInt64(), r.GetProperty("seconds").GetDouble(), r.GetProperty("mode").GetString()!,
            r.GetProperty("tokens").GetInt64() / (double)r.GetProperty("passes").GetInt32() / r.GetProperty("first_seconds").GetDouble());
    }

    static void Report(List<Measurement> results, string tokenizer, string input, int count, string peerNote, bool json)
    {
        var ratios = new[] { 1, 2 }.Select(t => (Threads: t, Ours: results.FirstOrDefault(r => r.Threads == t && r.Engine == "NluSharp"),
                Peer: results.FirstOrDefault(r => r.Threads == t && r.Engine != "NluSharp")))
            .Where(x => x.Ours != null && x.Peer != null)
            .Select(x => (x.Threads, Ratio: x.Ours!.TokensPerSecond / x.Peer!.TokensPerSecond)).ToList();
        if (json)
        {
            var payload = new
            {
                tokenizer, input, texts = count, machine = $"{Environment.ProcessorCount} logical CPUs, {System.Runtime.InteropServices.RuntimeInformation.OSDescription}",
                results = results.Select(r => new { engine = r.Engine, threads = r.Threads, sequences = r.Sequences, tokens = r.Tokens, seconds = r.Seconds,
                    tokens_per_second = r.TokensPerSecond, sequences_per_second = r.SequencesPerSecond, first_pass_tokens_per_second = r.FirstPassTokensPerSecond,
                    mode = r.Mode }),
                ratio_tokens_per_second = ratios.Select(r => new { threads = r.Threads, nlusharp_over_hf = r.Ratio }),
                note = peerNote,
            };
            Console.WriteLine(JsonSerializer.Serialize(payload, new JsonSerializerOptions { WriteIndented = true }));
            return;
        }
        Console.WriteLine($"tokenizer {tokenizer}; {count} texts from {input}; {Environment.ProcessorCount} logical CPUs");
        Console.WriteLine($"{"engine",-52} {"threads",7} {"tokens/s",12} {"sequences/s",12} {"1st pass tok/s",15}  mode");
        foreach (var r in results)
            Console.WriteLine($"{r.Engine,-52} {r.Threads,7} {r.TokensPerSecond,12:N0} {r.SequencesPerSecond,12:N0} {r.FirstPassTokensPerSecond,15:N0}  {r.Mode}");
        foreach (var (threads, ratio) in ratios) Console.WriteLine($"ratio NluSharp / HF, {threads} thread(s): {ratio:F2}x");
        if (peerNote.Length > 0) Console.WriteLine(peerNote);
    }
}
