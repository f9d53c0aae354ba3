// confusion_matrix.json: the confusion matrix of the latest classification evaluation, for the HTML report.
using System.Text.Json.Nodes;
using NluSharp.Checkpoints.IO;
using NluSharp.Evaluation.Metrics;

namespace NluSharp.Training.Trainers;

/// <summary>Reads and writes the latest evaluation's confusion matrix (rows gold, columns predicted).</summary>
public static class ConfusionFile
{
    /// <summary>File name in the output folder.</summary>
    public const string FileName = "confusion_matrix.json";

    /// <summary>Writes the matrix of <paramref name="evaluation"/> at <paramref name="step"/> atomically.</summary>
    public static void Save(string outputDir, long step, EvaluationResult evaluation)
    {
        var m = evaluation.Confusion!;
        int n = m.ClassCount;
        var labels = Enumerable.Range(0, n).Select(i => evaluation.LabelNames != null && i < evaluation.LabelNames.Count ? evaluation.LabelNames[i] : i.ToString());
        var json = new JsonObject
        {
            ["step"] = step,
            ["labels"] = new JsonArray(labels.Select(l => (JsonNode?)l).ToArray()),
            ["matrix"] = new JsonArray(Enumerable.Range(0, n).Select(g => (JsonNode?)new JsonArray(Enumerable.Range(0, n).Select(p => (JsonNode?)m[g, p]).ToArray())).ToArray()),
        };
        AtomicFile.WriteAllBytes(Path.Combine(outputDir, FileName), System.Text.Encoding.UTF8.GetBytes(json.ToJsonString() + "\n"));
    }

    /// <summary>Reads (labels, counts[gold][predicted], step); null when the file does not exist.</summary>
    public static (IReadOnlyList<string> Labels, long[][] Counts, long Step)? Load(string outputDir)
    {
        var path = Path.Combine(outputDir, FileName);
        if (!File.Exists(path)) return null;
        try
        {
            var root = JsonNode.Parse(File.ReadAllText(path))!.AsObject();
            var labels = root["labels"]!.AsArray().Select(l => l!.GetValue<string>()).ToList();
            var counts = root["matrix"]!.AsArray().Select(r => r!.AsArray().Select(c => c!.GetValue<long>()).ToArray()).ToArray();
            if (counts.Length != labels.Count || counts.Any(r => r.Length != labels.Count))
                throw new InvalidDataException($"{path}: matrix must be {labels.Count}×{labels.Count} to match 'labels'");
            return (labels, counts, root["step"]!.GetValue<long>());
        }
        catch (Exception e) when (e is System.Text.Json.JsonException or InvalidOperationException or NullReferenceException or FormatException)
        {
            throw new InvalidDataException($"{path}: malformed confusion matrix file ({e.Message})", e);
        }
    }
}
