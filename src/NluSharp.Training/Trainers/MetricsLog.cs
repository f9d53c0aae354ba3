// metrics.jsonl: one JSON object per logged record, appended and flushed to disk line by line, so a crash loses at most
// the line being written. A resumed run first drops every record after the checkpoint's step (they belong to the
// abandoned continuation) and any torn last line, rewriting the file atomically.
using System.Globalization;
using System.Text;
using System.Text.Json;
using NluSharp.Checkpoints.IO;

namespace NluSharp.Training.Trainers;

/// <summary>Append-only JSON-lines metrics file.</summary>
public sealed class MetricsLog
{
    /// <summary>File name in the output folder.</summary>
    public const string FileName = "metrics.jsonl";

    /// <summary>Path of the file.</summary>
    public string Path { get; }

    /// <summary>Uses <paramref name="path"/>; the file is created on the first append.</summary>
    public MetricsLog(string path) => Path = path;

    /// <summary>Appends one record as a single line and flushes it to disk.</summary>
    public void Append(IReadOnlyDictionary<string, double> record)
    {
        var line = Encoding.UTF8.GetBytes(Format(record) + "\n");
        using var stream = new FileStream(Path, FileMode.Append, FileAccess.Write, FileShare.Read);
        stream.Write(line);   // one write call per line: readers never see half a record from a live process
        stream.Flush(flushToDisk: true);
    }

    /// <summary>One record as compact JSON; non-finite values as the strings "NaN"/"Infinity" (JSON has no literal for them).</summary>
    public static string Format(IReadOnlyDictionary<string, double> record)
    {
        var sb = new StringBuilder("{");
        bool first = true;
        foreach (var (key, value) in record)
        {
            if (!first) sb.Append(',');
            first = false;
            sb.Append(JsonSerializer.Serialize(key)).Append(':');
            sb.Append(double.IsFinite(value) ? JsonSerializer.Serialize(value) : "\"" + value.ToString(CultureInfo.InvariantCulture) + "\"");
        }
        return sb.Append('}').ToString();
    }

    /// <summary>Reads every complete record; a torn or malformed line is skipped when it is the last one, an error otherwise.</summary>
    public static List<Dictionary<string, double>> Read(string path)
    {
        var records = new List<Dictionary<string, double>>();
        if (!File.Exists(path)) return records;
        var lines = File.ReadAllLines(path);
        for (int i = 0; i < lines.Length; i++)
        {
            if (lines[i].Length == 0) continue;
            try { records.Add(ParseLine(lines[i])); }
            catch (Exception e) when (e is JsonException or InvalidDataException or FormatException or InvalidOperationException)
            {
                if (i == lines.Length - 1) break;   // torn final line of a killed process
                throw new InvalidDataException($"{path}:{i + 1}: not a metrics record ({e.Message})", e);
            }
        }
        return records;
    }

    static Dictionary<string, double> ParseLine(string line)
    {
        using var doc = JsonDocument.Parse(line);
        var record = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var p in doc.RootElement.EnumerateObject())
            record[p.Name] = p.Value.ValueKind == JsonValueKind.String
                ? double.Parse(p.Value.GetString()!, CultureInfo.InvariantCulture)
                : p.Value.GetDouble();
        return record;
    }

    /// <summary>Keeps only records with step ≤ <paramref name="step"/> (dropping a torn last line), rewriting the file atomically.</summary>
    public void TruncateAfter(long step)
    {
        if (!File.Exists(Path)) return;
        var kept = Read(Path).Where(r => !r.TryGetValue("step", out var s) || s <= step);
        var text = string.Concat(kept.Select(r => Format(r) + "\n"));
        AtomicFile.WriteAllBytes(Path, Encoding.UTF8.GetBytes(text));
    }
}
