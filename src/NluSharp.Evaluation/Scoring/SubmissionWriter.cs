// Writes a task's test predictions in the exact form the GLUE and SuperGLUE servers accept: GLUE wants
// <Task>.tsv with an "index\tprediction" header and the label strings; SuperGLUE wants <Task>.jsonl with one
// {"idx", "label"} object per example (MultiRC nested per paragraph, ReCoRD per query). Formats follow jiant's
// strict-GLUE-format writer, the reference the leaderboards point to.
using System.Globalization;
using System.Text;
using System.Text.Json;
using NluSharp.Evaluation.Tasks;

namespace NluSharp.Evaluation.Scoring;

/// <summary>Leaderboard submission files.</summary>
public static class SubmissionWriter
{
    /// <summary>
    /// Writes <see cref="BenchmarkTask.SubmissionFile"/> for <paramref name="task"/> into <paramref name="outputDir"/>
    /// atomically (temp file, then rename) and returns its path. Predictions are checked against the task's labels,
    /// and against <paramref name="testIds"/> when given (missing/unknown ids rejected with counts).
    /// </summary>
    public static string Write(BenchmarkTask task, PredictionFile predictions, string outputDir, IReadOnlyCollection<string>? testIds = null)
    {
        if (testIds is not null) predictions.RequireExactly(testIds, $"{task.FullName} test");
        var rows = predictions.Ids.Select(id => (Id: id, Prediction: Checked(task, predictions, id)))
            .OrderBy(r => r.Id, IdOrder.Instance).ToList();
        Directory.CreateDirectory(outputDir);
        var path = Path.Combine(outputDir, task.SubmissionFile);
        var temp = path + ".tmp";
        using (var stream = new FileStream(temp, FileMode.Create, FileAccess.Write))
        using (var writer = new StreamWriter(stream, new UTF8Encoding(false)) { NewLine = "\n" })
        {
            switch (task.SubmissionStyle)
            {
                case SubmissionStyle.GlueLabel:
                case SubmissionStyle.GlueRegression:
                    writer.WriteLine("index\tprediction");
                    foreach (var (id, p) in rows) writer.WriteLine($"{id}\t{p}");
                    break;
                case SubmissionStyle.MultiRc:
                    WriteMultiRc(writer, rows);
                    break;
                default:
                    foreach (var (id, p) in rows) writer.WriteLine(JsonLine(task.SubmissionStyle, id, p));
                    break;
            }
        }
        File.Move(temp, path, overwrite: true);
        return path;
    }

    static string Checked(BenchmarkTask task, PredictionFile predictions, string id)
    {
        predictions.TryGet(id, out var p);
        var where = $"{predictions.Path}: prediction for {task.FullName} example {id}";
        switch (task.SubmissionStyle)
        {
            case SubmissionStyle.GlueRegression:
                if (!double.TryParse(p, NumberStyles.Float, CultureInfo.InvariantCulture, out var score) || !double.IsFinite(score))
                    throw new InvalidDataException($"{where}: expected a number, found '{p}'");
                // The STS-B server expects scores in [0, 5]; jiant clamps and writes three decimals.
                return Math.Clamp(score, 0.0, 5.0).ToString("F3", CultureInfo.InvariantCulture);
            case SubmissionStyle.Record:
                return p;
            default:
                return task.CheckLabel(p, where);
        }
    }

    static string JsonLine(SubmissionStyle style, string id, string prediction)
    {
        var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            // SuperGLUE idx values are integers; ReCoRD answers are keyed by the query's idx alone.
            var idx = style == SubmissionStyle.Record ? id[(id.IndexOf('/') + 1)..] : id;
            WriteIdx(json, idx);
            switch (style)
            {
                case SubmissionStyle.SuperGlueInteger: json.WriteNumber("label", int.Parse(prediction, CultureInfo.InvariantCulture)); break;
                case SubmissionStyle.SuperGlueCapitalizedBool: json.WriteString("label", prediction == "true" ? "True" : "False"); break;
                default: json.WriteString("label", prediction); break;
            }
            json.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    static void WriteIdx(Utf8JsonWriter json, string idx)
    {
        if (long.TryParse(idx, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n)) json.WriteNumber("idx", n);
        else json.WriteString("idx", idx);
    }

    // {"idx": p, "passage": {"questions": [{"idx": q, "answers": [{"idx": a, "label": 0|1}, ...]}, ...]}} per paragraph.
    static void WriteMultiRc(StreamWriter writer, List<(string Id, string Prediction)> rows)
    {
        var parsed = rows.Select(r =>
        {
            var parts = r.Id.Split('/');
            if (parts.Length != 3) throw new InvalidDataException($"MultiRC prediction id '{r.Id}' is not paragraph/question/answer");
            return (P: parts[0], Q: parts[1], A: parts[2], r.Prediction);
        });
        foreach (var paragraph in parsed.GroupBy(r => r.P))
        {
            var buffer = new MemoryStream();
            using (var json = new Utf8JsonWriter(buffer))
            {
                json.WriteStartObject();
                WriteIdx(json, paragraph.Key);
                json.WriteStartObject("passage");
                json.WriteStartArray("questions");
                foreach (var question in paragraph.GroupBy(r => r.Q))
                {
                    json.WriteStartObject();
                    WriteIdx(json, question.Key);
                    json.WriteStartArray("answers");
                    foreach (var answer in question)
                    {
                        json.WriteStartObject();
                        WriteIdx(json, answer.A);
                        json.WriteNumber("label", int.Parse(answer.Prediction, CultureInfo.InvariantCulture));
                        json.WriteEndObject();
                    }
                    json.WriteEndArray();
                    json.WriteEndObject();
                }
                json.WriteEndArray();
                json.WriteEndObject();
                json.WriteEndObject();
            }
            writer.WriteLine(Encoding.UTF8.GetString(buffer.ToArray()));
        }
    }

    /// <summary>Orders ids part by part ("2/10" after "2/9"), numerically where both parts are integers.</summary>
    sealed class IdOrder : IComparer<string>
    {
        public static readonly IdOrder Instance = new();

        public int Compare(string? x, string? y)
        {
            var a = x!.Split('/');
            var b = y!.Split('/');
            for (var i = 0; i < Math.Min(a.Length, b.Length); i++)
            {
                var c = long.TryParse(a[i], out var na) && long.TryParse(b[i], out var nb)
                    ? na.CompareTo(nb)
                    : string.CompareOrdinal(a[i], b[i]);
                if (c != 0) return c;
            }
            return a.Length.CompareTo(b.Length);
        }
    }
}
