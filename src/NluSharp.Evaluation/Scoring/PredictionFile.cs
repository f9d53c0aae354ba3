// Reads a predictions file, JSONL of {"idx": ..., "prediction": ...}, into id -> prediction text, and checks it
// against a split's examples: missing and duplicate ids are rejected with counts, never silently scored.
using System.Text.Json;
using NluSharp.Evaluation.Formats;
using NluSharp.Evaluation.Tasks;

namespace NluSharp.Evaluation.Scoring;

/// <summary>Predictions keyed by example id.</summary>
public sealed class PredictionFile
{
    readonly Dictionary<string, (string Prediction, long Line)> _byId;

    PredictionFile(string path, Dictionary<string, (string, long)> byId) { Path = path; _byId = byId; }

    /// <summary>The file read.</summary>
    public string Path { get; }

    /// <summary>Number of distinct ids.</summary>
    public int Count => _byId.Count;

    /// <summary>The prediction for <paramref name="id"/>, if present.</summary>
    public bool TryGet(string id, out string prediction)
    {
        var found = _byId.TryGetValue(id, out var p);
        prediction = p.Prediction;
        return found;
    }

    /// <summary>All ids in file order.</summary>
    public IEnumerable<string> Ids => _byId.Keys;

    /// <summary>
    /// Reads <paramref name="path"/>. <c>idx</c> is the example's id as in the data: a number or string, for
    /// MultiRC <c>{"paragraph": p, "question": q, "answer": a}</c>, for ReCoRD <c>{"passage": p, "query": q}</c>.
    /// <c>prediction</c> is a label string, boolean, or number. Duplicate ids fail with their count.
    /// </summary>
    public static PredictionFile Read(string path)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"predictions file not found: {path}", path);
        var byId = new Dictionary<string, (string, long)>(StringComparer.Ordinal);
        var duplicates = new List<string>();
        foreach (var row in JsonlRows.Read(path))
        {
            var id = IdText(row, row.Field("idx"));
            var prediction = row.LabelText(row.Field("prediction"), "prediction");
            if (!byId.TryAdd(id, (prediction, row.Source.Line)))
                duplicates.Add($"{id} (lines {byId[id].Item2} and {row.Source.Line})");
        }
        if (duplicates.Count > 0)
            throw new InvalidDataException($"{path}: {duplicates.Count} duplicate id(s), each id must appear once; first: {string.Join(", ", duplicates.Take(5))}");
        return new PredictionFile(path, byId);
    }

    /// <summary>The canonical id text of an <c>idx</c> value (see <see cref="TaskExample.Id"/>).</summary>
    public static string IdText(JsonlRow row, JsonElement idx) => idx.ValueKind switch
    {
        JsonValueKind.Number or JsonValueKind.String => row.IdText(idx),
        JsonValueKind.Object when idx.TryGetProperty("answer", out _) =>
            $"{row.Integer(idx, "paragraph")}/{row.Integer(idx, "question")}/{row.Integer(idx, "answer")}",
        JsonValueKind.Object when idx.TryGetProperty("query", out _) => $"{row.Integer(idx, "passage")}/{row.Integer(idx, "query")}",
        _ => throw new InvalidDataException(
            $"{row.Source}: 'idx' must be a number, a string, {{\"paragraph\", \"question\", \"answer\"}} (MultiRC) or {{\"passage\", \"query\"}} (ReCoRD); found {idx.GetRawText()}"),
    };

    /// <summary>
    /// Fails unless the ids are exactly those of <paramref name="examples"/>: reports how many examples have no
    /// prediction and how many predictions match no example, with the first few of each.
    /// </summary>
    public void RequireExactly(IReadOnlyCollection<string> exampleIds, string what)
    {
        var missing = exampleIds.Where(id => !_byId.ContainsKey(id)).ToList();
        var known = exampleIds as IReadOnlySet<string> ?? exampleIds.ToHashSet(StringComparer.Ordinal);
        var unknown = _byId.Keys.Where(id => !known.Contains(id)).ToList();
        if (missing.Count == 0 && unknown.Count == 0) return;
        var parts = new List<string>();
        if (missing.Count > 0)
            parts.Add($"{missing.Count} of {exampleIds.Count} examples of {what} have no prediction (first: {string.Join(", ", missing.Take(5))})");
        if (unknown.Count > 0)
            parts.Add($"{unknown.Count} prediction id(s) are not in {what} (first: {string.Join(", ", unknown.Take(5))})");
        throw new InvalidDataException($"{Path}: {string.Join("; ", parts)}");
    }
}
