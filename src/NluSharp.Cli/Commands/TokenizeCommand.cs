// `nlu tokenize`: encodes a JSONL file of {"text", "text_pair"} lines and writes one JSON line per input with ids,
// tokens, type_ids, offsets (Unicode code points, as Hugging Face's Python API), masks and the decoded text.
using System.CommandLine;
using System.Text.Encodings.Web;
using System.Text.Json;
using NluSharp.Tokenizers;

namespace NluSharp.Cli.Commands;

internal static class TokenizeCommand
{
    public static Command Create()
    {
        var tokenizerOption = new Option<string>("--tokenizer") { Description = "tokenizer.json, SentencePiece .model, vocab.txt, vocab.json or a model folder", Required = true };
        var inputOption = new Option<string>("--input") { Description = "JSONL file: one {\"text\": ..., \"text_pair\": ... or null} per line", Required = true };
        var outputOption = new Option<string?>("--output") { Description = "JSONL output file (default: standard output)" };
        var maxLengthOption = new Option<int?>("--max-length") { Description = "truncate to this many ids, special tokens included" };
        var truncationOption = new Option<string>("--truncation")
        {
            Description = "truncation strategy when --max-length is given: longest_first, only_first or only_second",
            DefaultValueFactory = _ => "longest_first",
        };
        var noSpecialOption = new Option<bool>("--no-special-tokens") { Description = "do not add the post-processor's special tokens" };
        var command = new Command("tokenize", "Encode texts (and text pairs) exactly as Hugging Face tokenizers does.");
        foreach (var o in new Option[] { tokenizerOption, inputOption, outputOption, maxLengthOption, truncationOption, noSpecialOption }) command.Options.Add(o);
        // CliErrors.Run inside the action: System.CommandLine would otherwise print user errors as unhandled exceptions.
        command.SetAction(parse => CliErrors.Run(() =>
        {
            var tokenizer = Tokenizer.FromFile(parse.GetValue(tokenizerOption)!);
            if (parse.GetValue(maxLengthOption) is int max)
            {
                if (max < 0) throw new ArgumentException($"--max-length must be at least 0, got {max}");
                tokenizer.Truncation = new TruncationOptions(max, ParseStrategy(parse.GetValue(truncationOption)!));
            }
            Run(tokenizer, parse.GetValue(inputOption)!, parse.GetValue(outputOption), !parse.GetValue(noSpecialOption));
            return 0;
        }));
        return command;
    }

    internal static TruncationStrategy ParseStrategy(string s) => s switch
    {
        "longest_first" => TruncationStrategy.LongestFirst,
        "only_first" => TruncationStrategy.OnlyFirst,
        "only_second" => TruncationStrategy.OnlySecond,
        _ => throw new ArgumentException($"--truncation must be longest_first, only_first or only_second, got '{s}'"),
    };

    /// <summary>Reads the input lines ("text" required, "text_pair" optional); errors name the file and line.</summary>
    internal static List<(string? Source, string Text, string? Pair)> ReadInputs(string path)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"input file not found: {path}", path);
        var inputs = new List<(string?, string, string?)>();
        int lineNumber = 0;
        foreach (var line in File.ReadAllText(path).Split('\n'))
        {
            lineNumber++;
            if (line.Trim().Length == 0) continue;
            try
            {
                using var doc = JsonDocument.Parse(line);
                var root = doc.RootElement;
                if (root.ValueKind != JsonValueKind.Object) throw new InvalidDataException($"{path}:{lineNumber}: expected a JSON object");
                if (!root.TryGetProperty("text", out var text) || text.ValueKind != JsonValueKind.String)
                    throw new InvalidDataException($"{path}:{lineNumber}: field \"text\" must be a string");
                string? pair = null;
                if (root.TryGetProperty("text_pair", out var p) && p.ValueKind != JsonValueKind.Null)
                    pair = p.ValueKind == JsonValueKind.String ? p.GetString() : throw new InvalidDataException($"{path}:{lineNumber}: field \"text_pair\" must be a string or null");
                string? source = root.TryGetProperty("source", out var s) && s.ValueKind == JsonValueKind.String ? s.GetString() : null;
                inputs.Add((source, text.GetString()!, pair));
            }
            catch (JsonException e) { throw new InvalidDataException($"{path}:{lineNumber}: not valid JSON: {e.Message}", e); }
        }
        return inputs;
    }

    internal static void Run(Tokenizer tokenizer, string inputPath, string? outputPath, bool addSpecialTokens)
    {
        var inputs = ReadInputs(inputPath);
        var encodings = tokenizer.EncodeBatch(inputs.Select(i => (i.Text, i.Pair)).ToList(), addSpecialTokens);
        var temp = outputPath == null ? null : Path.Combine(Path.GetDirectoryName(Path.GetFullPath(outputPath))!, $".{Path.GetFileName(outputPath)}.{Environment.ProcessId}.tmp");
        using (var stream = temp == null ? Console.OpenStandardOutput() : File.Create(temp))
        {
            var options = new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
            for (int i = 0; i < inputs.Count; i++)
            {
                using (var writer = new Utf8JsonWriter(stream, options)) WriteRecord(writer, tokenizer, inputs[i], encodings[i]);
                stream.WriteByte((byte)'\n');
            }
        }
        if (temp != null) File.Move(temp, outputPath!, overwrite: true);
    }

    static void WriteRecord(Utf8JsonWriter w, Tokenizer tokenizer, (string? Source, string Text, string? Pair) input, Encoding e)
    {
        w.WriteStartObject();
        if (input.Source != null) w.WriteString("source", input.Source);
        w.WriteString("text", input.Text);
        if (input.Pair == null) w.WriteNull("text_pair"); else w.WriteString("text_pair", input.Pair);
        void Ints(string name, IReadOnlyList<int> values)
        {
            w.WriteStartArray(name);
            foreach (var v in values) w.WriteNumberValue(v);
            w.WriteEndArray();
        }
        Ints("ids", e.Ids);
        w.WriteStartArray("tokens");
        foreach (var t in e.Tokens) w.WriteStringValue(t);
        w.WriteEndArray();
        Ints("type_ids", e.TypeIds);
        w.WriteStartArray("offsets");
        foreach (var o in e.CodePointOffsets(input.Text, input.Pair))
        {
            w.WriteStartArray();
            w.WriteNumberValue(o.Start);
            w.WriteNumberValue(o.End);
            w.WriteEndArray();
        }
        w.WriteEndArray();
        Ints("special_tokens_mask", e.SpecialTokensMask);
        Ints("attention_mask", e.AttentionMask);
        w.WriteString("decoded", tokenizer.Decode(e.Ids));
        w.WriteEndObject();
    }
}
