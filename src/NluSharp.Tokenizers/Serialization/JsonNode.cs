// A JSON element with its path ("$.model.vocab"), so every loading error names the file, the JSON path and what was expected.
using System.Text.Json;

namespace NluSharp.Tokenizers.Serialization;

internal readonly struct JsonNode(JsonElement element, string path, string file)
{
    public JsonElement Element => element;
    public string Path => path;
    public string File => file;

    public InvalidDataException Error(string message) => new($"{file}: {path}: {message}");

    public bool IsNull => element.ValueKind is JsonValueKind.Null or JsonValueKind.Undefined;

    public bool Has(string name) => element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var v) && v.ValueKind != JsonValueKind.Null;

    public JsonNode Child(string name)
    {
        if (element.ValueKind != JsonValueKind.Object) throw Error($"expected an object, found {Kind(element)}");
        return element.TryGetProperty(name, out var v) ? new JsonNode(v, $"{path}.{name}", file) : new JsonNode(default, $"{path}.{name}", file);
    }

    public JsonNode Required(string name)
    {
        var c = Child(name);
        if (c.IsNull) throw new InvalidDataException($"{file}: {path}.{name}: required field is missing or null");
        return c;
    }

    public IEnumerable<JsonNode> Items()
    {
        if (element.ValueKind != JsonValueKind.Array) throw Error($"expected an array, found {Kind(element)}");
        int i = 0;
        foreach (var item in element.EnumerateArray()) yield return new JsonNode(item, $"{path}[{i++}]", file);
    }

    public IEnumerable<(string Name, JsonNode Value)> Properties()
    {
        if (element.ValueKind != JsonValueKind.Object) throw Error($"expected an object, found {Kind(element)}");
        foreach (var p in element.EnumerateObject()) yield return (p.Name, new JsonNode(p.Value, $"{path}.{p.Name}", file));
    }

    public string AsString()
    {
        if (element.ValueKind != JsonValueKind.String) throw Error($"expected a string, found {Kind(element)}");
        return element.GetString()!;
    }

    public int AsInt()
    {
        if (element.ValueKind != JsonValueKind.Number || !element.TryGetInt32(out int v)) throw Error($"expected an integer, found {Kind(element)}");
        return v;
    }

    public double AsDouble()
    {
        if (element.ValueKind != JsonValueKind.Number) throw Error($"expected a number, found {Kind(element)}");
        return element.GetDouble();
    }

    public bool AsBool()
    {
        if (element.ValueKind is not (JsonValueKind.True or JsonValueKind.False)) throw Error($"expected true or false, found {Kind(element)}");
        return element.GetBoolean();
    }

    public string String(string name, string fallback) { var c = Child(name); return c.IsNull ? fallback : c.AsString(); }
    public string? StringOrNull(string name) { var c = Child(name); return c.IsNull ? null : c.AsString(); }
    public bool Bool(string name, bool fallback) { var c = Child(name); return c.IsNull ? fallback : c.AsBool(); }
    public bool? BoolOrNull(string name) { var c = Child(name); return c.IsNull ? null : c.AsBool(); }
    public int Int(string name, int fallback) { var c = Child(name); return c.IsNull ? fallback : c.AsInt(); }
    public int? IntOrNull(string name) { var c = Child(name); return c.IsNull ? null : c.AsInt(); }

    /// <summary>The "type" tag of a pipeline stage, checked against the supported ones.</summary>
    public string Type(string stage, IReadOnlyCollection<string> supported)
    {
        if (element.ValueKind != JsonValueKind.Object) throw Error($"expected a {stage} object, found {Kind(element)}");
        var t = Child("type");
        if (t.IsNull) throw Error($"{stage} has no \"type\"; supported types: {string.Join(", ", supported)}");
        var name = t.AsString();
        if (!supported.Contains(name)) throw t.Error($"unsupported {stage} type '{name}'; supported types: {string.Join(", ", supported)}");
        return name;
    }

    static string Kind(JsonElement e) => e.ValueKind switch
    {
        JsonValueKind.Undefined => "nothing",
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        _ => "null",
    };
}
