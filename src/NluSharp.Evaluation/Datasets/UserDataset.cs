// A user's own dataset in CSV, TSV or JSONL with a column mapping. Reading is lazy and repeatable: every
// enumeration streams the file again, so files larger than memory work; label inference and the train/validation
// split are streaming passes too.
using System.Globalization;
using System.Text.Json;
using NluSharp.Evaluation.Formats;
using NluSharp.Evaluation.Tasks;

namespace NluSharp.Evaluation.Datasets;

/// <summary>File formats of user datasets.</summary>
public enum DatasetFormat
{
    /// <summary>Comma-separated, RFC 4180 quoting, header row.</summary>
    Csv,
    /// <summary>Tab-separated, header row; a field starting with '"' is quoted as in CSV.</summary>
    Tsv,
    /// <summary>One JSON object per line; a label may be a string, number, boolean or a list (multi-label).</summary>
    Jsonl,
}

/// <summary>Which columns (CSV/TSV header names, JSONL fields) hold the text, the optional pair text and the label.</summary>
public sealed record ColumnMapping(string TextColumn = "text", string? TextPairColumn = null, string? LabelColumn = "label");

/// <summary>A user dataset: file, format and column mapping.</summary>
public sealed class UserDataset
{
    /// <summary>Describes a dataset; the format defaults to the file extension (.csv, .tsv/.tab, .jsonl/.json).</summary>
    public UserDataset(string path, ColumnMapping columns, DatasetFormat? format = null)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"dataset file not found: {path}", path);
        Path = path;
        Columns = columns;
        Format = format ?? FormatOf(path);
    }

    /// <summary>The data file.</summary>
    public string Path { get; }

    /// <summary>The column mapping.</summary>
    public ColumnMapping Columns { get; }

    /// <summary>The file format.</summary>
    public DatasetFormat Format { get; }

    /// <summary>The format implied by a file extension.</summary>
    public static DatasetFormat FormatOf(string path) => System.IO.Path.GetExtension(path).ToLowerInvariant() switch
    {
        ".csv" => DatasetFormat.Csv,
        ".tsv" or ".tab" => DatasetFormat.Tsv,
        ".jsonl" or ".json" or ".ndjson" => DatasetFormat.Jsonl,
        var ext => throw new ArgumentException($"cannot tell the format of {path} from '{ext}'; expected .csv, .tsv or .jsonl, or give the format"),
    };

    /// <summary>Streams every example; each enumeration reads the file again.</summary>
    public IEnumerable<UserExample> Read() => Format == DatasetFormat.Jsonl ? ReadJsonl() : ReadDelimited(Format == DatasetFormat.Tsv ? '\t' : ',');

    /// <summary>One streaming pass over the labels to infer the label schema (see <see cref="LabelSchema.Infer"/>).</summary>
    public LabelSchema InferLabels()
    {
        if (Columns.LabelColumn is null) throw new InvalidOperationException($"{Path}: no label column was given, so there are no labels to infer");
        var values = new HashSet<string>(StringComparer.Ordinal);
        var anyList = false;
        foreach (var e in Read())
        {
            if (e.Labels.Count != 1) anyList = true;
            foreach (var l in e.Labels) values.Add(l);
        }
        return LabelSchema.Infer(values, anyList);
    }

    /// <summary>The regression target of an example read from this dataset.</summary>
    public static double Target(UserExample example) =>
        example.Labels.Count == 1 && double.TryParse(example.Labels[0], NumberStyles.Float, CultureInfo.InvariantCulture, out var v) && double.IsFinite(v)
            ? v
            : throw new InvalidDataException($"{example.Source}: expected one numeric regression target, found '{string.Join(", ", example.Labels)}'");

    IEnumerable<UserExample> ReadDelimited(char delimiter)
    {
        int text = -1, pair = -1, label = -1;
        string[] header = [];
        long row = 0;
        foreach (var r in CsvRows.Read(Path, delimiter))
        {
            if (header.Length == 0)
            {
                header = r.Fields;
                text = Column(header, Columns.TextColumn, r.Source);
                pair = Columns.TextPairColumn is null ? -1 : Column(header, Columns.TextPairColumn, r.Source);
                label = Columns.LabelColumn is null ? -1 : Column(header, Columns.LabelColumn, r.Source);
                continue;
            }
            if (r.Fields.Length != header.Length)
                throw new InvalidDataException($"{r.Source}: expected {header.Length} fields ({string.Join(", ", header)}), found {r.Fields.Length}");
            var labels = label < 0 ? [] : DelimitedLabels(r.Fields[label], r.Source);
            yield return new UserExample(row++, new TextInput(r.Fields[text], pair < 0 ? null : r.Fields[pair]), labels, r.Source);
        }
        if (header.Length == 0) throw new InvalidDataException($"{Path}: empty file; expected a header row naming the columns");
    }

    IEnumerable<UserExample> ReadJsonl()
    {
        long row = 0;
        foreach (var r in JsonlRows.Read(Path))
        {
            IReadOnlyList<string> labels = [];
            if (Columns.LabelColumn is not null)
            {
                var value = r.Field(Columns.LabelColumn);
                labels = value.ValueKind == JsonValueKind.Array
                    ? value.EnumerateArray().Select(v => r.LabelText(v, Columns.LabelColumn)).ToList()
                    : [r.LabelText(value, Columns.LabelColumn)];
            }
            var input = new TextInput(r.String(Columns.TextColumn), Columns.TextPairColumn is null ? null : r.String(Columns.TextPairColumn));
            yield return new UserExample(row++, input, labels, r.Source);
        }
    }

    // A CSV/TSV label cell holding a JSON array (["sports", "politics"]) is a multi-label list.
    static IReadOnlyList<string> DelimitedLabels(string cell, SourceLocation source)
    {
        var trimmed = cell.Trim();
        if (!trimmed.StartsWith('[')) return [trimmed];
        try
        {
            using var doc = JsonDocument.Parse(trimmed);
            return doc.RootElement.EnumerateArray().Select(v => v.ValueKind == JsonValueKind.String ? v.GetString()! : v.GetRawText()).ToList();
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{source}: label '{cell}' starts with '[' but is not a JSON list ({e.Message})", e);
        }
    }

    static int Column(string[] header, string name, SourceLocation source)
    {
        var i = Array.IndexOf(header, name);
        return i >= 0 ? i : throw new InvalidDataException($"{source}: no column '{name}' in the header; columns are {string.Join(", ", header)}");
    }
}
