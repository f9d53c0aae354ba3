// Small JSON helpers for the checkpoint's state files: atomic writing (2-space indent, "\n" line ends) and reading
// with errors that name the file and the field.
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using NluSharp.Checkpoints.IO;

namespace NluSharp.Training.Checkpointing;

static class JsonFiles
{
    static readonly JsonSerializerOptions Indented = new()
    {
        WriteIndented = true,
        NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    public static void WriteAtomic(string path, JsonNode node) =>
        AtomicFile.WriteAllBytes(path, Encoding.UTF8.GetBytes(node.ToJsonString(Indented).Replace("\r\n", "\n") + "\n"));

    public static JsonObject ReadObject(string path)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"{path}: file not found", path);
        try
        {
            return JsonNode.Parse(File.ReadAllBytes(path)) as JsonObject
                ?? throw new InvalidDataException($"{path}: expected a JSON object");
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{path}: invalid JSON at line {e.LineNumber + 1}: {e.Message}", e);
        }
    }

    public static JsonNode Required(JsonObject root, string field, string path) =>
        root[field] ?? throw new InvalidDataException($"{path}: missing field '{field}'");

    /// <summary>A number, also accepting "NaN"/"Infinity" strings (how non-finite values are written).</summary>
    public static double Number(JsonNode? node, string field, string path)
    {
        if (node is JsonValue v)
        {
            if (v.TryGetValue<double>(out var d)) return d;
            if (v.TryGetValue<string>(out var s) && double.TryParse(s, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out d) && !double.IsFinite(d)) return d;
        }
        throw new InvalidDataException($"{path}: field '{field}' must be a number, got {node?.ToJsonString() ?? "null"}");
    }

    public static double RequiredNumber(JsonObject root, string field, string path) => Number(Required(root, field, path), field, path);

    public static JsonNode? NumberNode(double value) => double.IsFinite(value) ? JsonValue.Create(value) : JsonValue.Create(value.ToString("R", System.Globalization.CultureInfo.InvariantCulture));
}
