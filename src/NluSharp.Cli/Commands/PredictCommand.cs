// `nlu predict --model PATH --input FILE.jsonl [--output FILE.jsonl] [--batch-size N]`: runs a Hugging Face model folder
// on JSONL inputs ({"text", "text_pair"} or pre-tokenized {"input_ids", "attention_mask", "token_type_ids"}) and writes
// one JSON line per input: logits, probabilities, label (plus spans, token labels or mask candidates per head).
using System.CommandLine;
using System.Text;
using System.Text.Json;
using NluSharp.Models;

namespace NluSharp.Cli.Commands;

internal static class PredictCommand
{
    public static Command Create()
    {
        var model = new Option<string>("--model") { Description = "Model folder (config.json + model.safetensors or pytorch_model.bin) or weights file.", Required = true };
        var input = new Option<string>("--input") { Description = "JSONL: {\"text\": ..., \"text_pair\": ...} or {\"input_ids\": [...], \"attention_mask\": [...], \"token_type_ids\": [...]} per line.", Required = true };
        var output = new Option<string?>("--output") { Description = "Where to write the predictions (JSONL, written atomically); standard output when absent." };
        var batchSize = new Option<int>("--batch-size") { Description = "Inputs per forward pass (each batch is padded to its longest input).", DefaultValueFactory = _ => 32 };
        var topK = new Option<int>("--top-k") { Description = "Candidates per [MASK] for fill-mask models.", DefaultValueFactory = _ => 5 };
        var command = new Command("predict", "Run a model on texts or token ids and write labels, scores and logits as JSONL.");
        foreach (var o in new Option[] { model, input, output, batchSize, topK }) command.Options.Add(o);
        command.SetAction(parseResult =>
        {
            if (parseResult.GetValue(batchSize) < 1) throw new ArgumentException("--batch-size must be at least 1");
            var classifier = TextClassifier.Load(parseResult.GetValue(model)!);
            classifier.TopK = parseResult.GetValue(topK);
            foreach (var warning in classifier.Report?.Warnings() ?? []) Console.Error.WriteLine("warning: " + warning);
            var path = parseResult.GetValue(input)!;
            var rows = ReadInputs(path);
            var tokenized = rows.Select((r, i) => r.Tokens ?? Tokenize(classifier, r, path, i)).ToList();
            var predictions = classifier.PredictTokenized(tokenized, parseResult.GetValue(batchSize));
            var text = new StringBuilder();
            foreach (var p in predictions) text.Append(ToJson(p)).Append('\n');
            if (parseResult.GetValue(output) is { } outPath) WriteAtomically(outPath, text.ToString());
            else Console.Out.Write(text.ToString());
            return 0;
        });
        return command;
    }

    internal sealed record InputRow(int Line, string? Text, string? Pair, TokenizedInput? Tokens);

    /// <summary>Parses the input JSONL; a malformed line fails naming the file, line and field.</summary>
    internal static List<InputRow> ReadInputs(string path)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"input file not found: {path}", path);
        var rows = new List<InputRow>();
        int lineNumber = 0;
        foreach (var line in File.ReadLines(path))
        {
            lineNumber++;
            if (string.IsNullOrWhiteSpace(line)) continue;
            string where = $"{path} line {lineNumber}";
            JsonElement root;
            try { root = JsonDocument.Parse(line).RootElement; }
            catch (JsonException e) { throw new FormatException($"{where}: not valid JSON ({e.Message})"); }
            if (root.ValueKind != JsonValueKind.Object) throw new FormatException($"{where}: expected a JSON object");
            if (root.TryGetProperty("input_ids", out var ids))
            {
                rows.Add(new InputRow(lineNumber, null, null, new TokenizedInput(Ints(ids, where, "input_ids"),
                    root.TryGetProperty("attention_mask", out var m) ? Ints(m, where, "attention_mask") : null,
                    root.TryGetProperty("token_type_ids", out var t) ? Ints(t, where, "token_type_ids") : null)));
            }
            else if (root.TryGetProperty("text", out var text) && text.ValueKind == JsonValueKind.String)
            {
                string? pair = null;
                if (root.TryGetProperty("text_pair", out var p) && p.ValueKind != JsonValueKind.Null)
                    pair = p.ValueKind == JsonValueKind.String ? p.GetString() : throw new FormatException($"{where}: field 'text_pair' must be a string");
                rows.Add(new InputRow(lineNumber, text.GetString(), pair, null));
            }
            else throw new FormatException($"{where}: expected a string field 'text' or an integer array field 'input_ids'");
        }
        return rows;
    }

    static int[] Ints(JsonElement e, string where, string field)
    {
        if (e.ValueKind != JsonValueKind.Array) throw new FormatException($"{where}: field '{field}' must be an array of integers");
        return e.EnumerateArray().Select((v, i) => v.ValueKind == JsonValueKind.Number && v.TryGetInt32(out var n) ? n
            : throw new FormatException($"{where}: {field}[{i}] is {v.GetRawText()}, expected an integer")).ToArray();
    }

    static TokenizedInput Tokenize(TextClassifier classifier, InputRow row, string path, int index)
    {
        var tokenizer = classifier.Tokenizer ?? throw new InvalidDataException(
            $"{path} line {row.Line}: the model folder has no tokenizer files (tokenizer.json, vocab.txt, ...); give \"input_ids\" instead of \"text\"");
        var e = tokenizer.Encode(row.Text!, row.Pair);
        return new TokenizedInput(e.Ids.ToArray(), e.AttentionMask.ToArray(), e.TypeIds.ToArray());
    }

    internal static string ToJson(Prediction p)
    {
        var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            if (p.Label != null) { json.WriteString("label", p.Label); json.WriteNumber("label_id", p.LabelId); }
            if (p.Probabilities.Length > 0) Floats(json, "probabilities", p.Probabilities);
            if (p.Answer is { } a)
            {
                json.WriteNumber("start", a.Start); json.WriteNumber("end", a.End); json.WriteNumber("score", a.Score);
                if (a.Text != null) json.WriteString("answer", a.Text);
            }
            if (p.TokenLabels is { } tokens)
            {
                json.WriteStartArray("token_labels");
                foreach (var t in tokens)
                {
                    json.WriteStartObject();
                    json.WriteNumber("index", t.Index); json.WriteNumber("token_id", t.TokenId); json.WriteString("label", t.Label); json.WriteNumber("score", t.Score);
                    json.WriteEndObject();
                }
                json.WriteEndArray();
            }
            if (p.MaskCandidates is { } candidates)
            {
                json.WriteStartArray("mask_candidates");
                foreach (var c in candidates)
                {
                    json.WriteStartObject();
                    json.WriteNumber("position", c.Position); json.WriteNumber("token_id", c.TokenId);
                    if (c.Token != null) json.WriteString("token", c.Token);
                    json.WriteNumber("score", c.Score);
                    json.WriteEndObject();
                }
                json.WriteEndArray();
            }
            Floats(json, "logits", p.Logits);
            json.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    static void Floats(Utf8JsonWriter json, string name, float[] values)
    {
        json.WriteStartArray(name);
        foreach (var v in values) json.WriteNumberValue(v);
        json.WriteEndArray();
    }

    static void WriteAtomically(string path, string content)
    {
        var full = Path.GetFullPath(path);
        var temp = Path.Combine(Path.GetDirectoryName(full)!, $".{Path.GetFileName(full)}.{Guid.NewGuid():N}.tmp");
        File.WriteAllText(temp, content, new UTF8Encoding(false));
        File.Move(temp, full, overwrite: true);
    }
}
