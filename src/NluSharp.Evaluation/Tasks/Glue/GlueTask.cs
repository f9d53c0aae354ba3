// A GLUE task described by its TSV columns. GLUE files differ per task (CoLA's train/dev have no header, MRPC names
// its columns "#1 String", QQP's index is "id", test files have an index column and no label), so columns are found
// by header name, with a positional layout only for CoLA's headerless files.
using System.Globalization;
using NluSharp.Evaluation.Formats;
using NluSharp.Evaluation.Scoring;

namespace NluSharp.Evaluation.Tasks.Glue;

/// <summary>Column positions of a file without a header row (CoLA train/dev: source, label, original label, sentence).</summary>
public sealed record HeaderlessLayout(int FieldCount, int LabelColumn, int TextColumn);

/// <summary>
/// A GLUE task: single text (CoLA, SST-2) or text pair (the rest), classification or regression (STS-B).
/// Each column is found by the first of its candidate header names present in the file.
/// </summary>
public sealed class GlueTask : BenchmarkTask
{
    readonly string[] _textColumns, _pairColumns, _labelColumns, _indexColumns;
    readonly HeaderlessLayout? _headerless;

    /// <summary>Describes a GLUE task by its columns.</summary>
    public GlueTask(string name, string folder, string description, IReadOnlyList<TaskSplit> splits,
        IReadOnlyList<string> labels, IReadOnlyList<string> metrics, string submissionFile,
        string[] textColumns, string[] pairColumns, string[] labelColumns, string[]? indexColumns = null,
        HeaderlessLayout? headerless = null, bool regression = false)
        : base(Benchmark.Glue, name, folder, description, splits, labels, metrics, metrics, submissionFile,
            regression ? SubmissionStyle.GlueRegression : SubmissionStyle.GlueLabel)
    {
        _textColumns = textColumns;
        _pairColumns = pairColumns;
        _labelColumns = labelColumns;
        _indexColumns = indexColumns ?? ["index"];
        _headerless = headerless;
        IsRegression = regression;
    }

    /// <summary>True for STS-B, whose gold is a similarity score in [0, 5].</summary>
    public bool IsRegression { get; }

    /// <inheritdoc />
    public override TaskScorer CreateScorer() => IsRegression ? new RegressionScorer(this) : new ClassificationScorer(this);

    /// <inheritdoc />
    public override IEnumerable<TaskExample> Read(string path)
    {
        int fieldCount = 0, text = -1, pair = -1, label = -1, index = -1;
        string[] header = [];
        long ordinal = 0;
        var first = true;
        foreach (var row in TsvRows.Read(path))
        {
            if (first)
            {
                first = false;
                header = row.Fields;
                text = Find(header, _textColumns);
                if (text >= 0)
                {
                    fieldCount = header.Length;
                    pair = Find(header, _pairColumns);
                    label = Find(header, _labelColumns);
                    index = Find(header, _indexColumns);
                    if (_pairColumns.Length > 0 && pair < 0)
                        throw new InvalidDataException($"{row.Source}: header has no column {Names(_pairColumns)} for {FullName}; found {string.Join(", ", header)}");
                    continue;
                }
                if (_headerless is null)
                    throw new InvalidDataException($"{row.Source}: expected a header row naming {Names(_textColumns)} for {FullName}; found {string.Join(", ", header)}");
                (fieldCount, label, text) = (_headerless.FieldCount, _headerless.LabelColumn, _headerless.TextColumn);
                header = [];
            }
            var f = row.Fields;
            if (f.Length != fieldCount)
                throw new InvalidDataException(
                    $"{row.Source}: expected {fieldCount} tab-separated fields{(header.Length > 0 ? $" ({string.Join(", ", header)})" : "")}, found {f.Length}");
            var id = index >= 0 ? f[index].Trim() : ordinal.ToString(CultureInfo.InvariantCulture);
            ordinal++;
            string? gold = null;
            double? target = null;
            if (label >= 0)
            {
                var raw = f[label].Trim();
                if (IsRegression)
                    target = double.TryParse(raw, NumberStyles.Float, CultureInfo.InvariantCulture, out var score) && double.IsFinite(score)
                        ? score
                        : throw new InvalidDataException($"{row.Source}: field '{ColumnName(header, label)}' must be a number, found '{raw}'");
                else
                    gold = CheckLabel(raw, At(row.Source));
            }
            yield return new TaskExample(id, new TextInput(f[text], pair >= 0 ? f[pair] : null), gold, target, null, null, row.Source);
        }
    }

    static int Find(string[] header, string[] candidates)
    {
        foreach (var name in candidates)
        {
            var i = Array.IndexOf(header, name);
            if (i >= 0) return i;
        }
        return -1;
    }

    static string Names(string[] names) => string.Join(" or ", names.Select(n => $"'{n}'"));

    static string ColumnName(string[] header, int column) => column < header.Length ? header[column] : $"column {column + 1}";
}
