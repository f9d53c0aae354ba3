// Streaming reader for JSON Lines (SuperGLUE, FewGLUE, prediction files): one JSON object per line, each parsed on
// its own so memory stays at one line, with typed field access whose errors name file, line and field.
using System.Text.Json;

namespace NluSharp.Evaluation.Formats;

/// <summary>One JSON object from a JSONL file.</summary>
public sealed class JsonlRow
{
    internal JsonlRow(JsonElement root, SourceLocation source) { Root = root; Source = source; }

    /// <summary>The parsed object.</summary>
    public JsonElement Root { get; }

    /// <summary>File and line of the object.</summary>
    public SourceLocation Source { get; }

    /// <summary>Whether the object has <paramref name="field"/> with a non-null value.</summary>
    public bool Has(string field) => Root.TryGetProperty(field, out var v) && v.ValueKind != JsonValueKind.Null;

    /// <summary>A required field of any JSON type.</summary>
    public JsonElement Field(string field) => Field(Root, field);

    /// <summary>A required field of a nested object.</summary>
    public JsonElement Field(JsonElement parent, string field)
    {
        if (parent.ValueKind == JsonValueKind.Object && parent.TryGetProperty(field, out var value) && value.ValueKind != JsonValueKind.Null)
            return value;
        throw new InvalidDataException($"{Source}: missing field '{field}'");
    }

    /// <summary>A required string field.</summary>
    public string String(string field) => String(Root, field);

    /// <summary>A required string field of a nested object.</summary>
    public string String(JsonElement parent, string field)
    {
        var value = Field(parent, field);
        return value.ValueKind == JsonValueKind.String
            ? value.GetString()!
            : throw new InvalidDataException($"{Source}: field '{field}' must be a string, found {value.ValueKind}: {value.GetRawText()}");
    }

    /// <summary>A required integer field.</summary>
    public long Integer(string field) => Integer(Root, field);

    /// <summary>A required integer field of a nested object.</summary>
    public long Integer(JsonElement parent, string field)
    {
        var value = Field(parent, field);
        return value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out var n)
            ? n
            : throw new InvalidDataException($"{Source}: field '{field}' must be an integer, found {value.GetRawText()}");
    }

    /// <summary>
    /// An example id as text: integers in plain decimal (so 7 and 7.0 agree), strings as they are. SuperGLUE's
    /// <c>idx</c> values and prediction files' <c>idx</c> go through here so both sides compare equal.
    /// </summary>
    public string IdText(JsonElement value, string field = "idx") => value.ValueKind switch
    {
        JsonValueKind.Number when value.TryGetInt64(out var n) => n.ToString(System.Globalization.CultureInfo.InvariantCulture),
        JsonValueKind.Number when value.TryGetDouble(out var d) && d == Math.Floor(d) && Math.Abs(d) < 9e15 =>
            ((long)d).ToString(System.Globalization.CultureInfo.InvariantCulture),
        JsonValueKind.String => value.GetString()!,
        _ => throw new InvalidDataException($"{Source}: field '{field}' must be an integer or a string, found {value.GetRawText()}"),
    };

    /// <summary>
    /// A label as text, the form predictions use: strings as they are, JSON booleans as "true"/"false",
    /// numbers as written (COPA's 0/1). Null when the field is absent (unlabeled test rows).
    /// </summary>
    public string? OptionalLabel(string field) =>
        Root.TryGetProperty(field, out var value) && value.ValueKind != JsonValueKind.Null ? LabelText(value, field) : null;

    /// <summary>Label text of a JSON value (see <see cref="OptionalLabel"/>).</summary>
    public string LabelText(JsonElement value, string field) => value.ValueKind switch
    {
        JsonValueKind.String => value.GetString()!,
        JsonValueKind.True => "true",
        JsonValueKind.False => "false",
        JsonValueKind.Number => value.GetRawText(),
        _ => throw new InvalidDataException($"{Source}: field '{field}' must be a string, boolean or number, found {value.GetRawText()}"),
    };
}

/// <summary>Reads JSONL lazily; blank lines are skipped, anything else must be one JSON object.</summary>
public static class JsonlRows
{
    /// <summary>Yields each object of <paramref name="path"/>; a line that is not a JSON object fails with file and line.</summary>
    public static IEnumerable<JsonlRow> Read(string path)
    {
        using var reader = new StreamReader(path, detectEncodingFromByteOrderMarks: true);
        long lineNumber = 0;
        while (reader.ReadLine() is { } line)
        {
            lineNumber++;
            if (string.IsNullOrWhiteSpace(line)) continue;
            var source = new SourceLocation(path, lineNumber);
            JsonElement root;
            try
            {
                using var doc = JsonDocument.Parse(line);
                root = doc.RootElement.Clone();
            }
            catch (JsonException e)
            {
                throw new InvalidDataException($"{source}: not valid JSON ({e.Message})", e);
            }
            if (root.ValueKind != JsonValueKind.Object)
                throw new InvalidDataException($"{source}: expected a JSON object, found {root.ValueKind}");
            yield return new JsonlRow(root, source);
        }
    }
}
