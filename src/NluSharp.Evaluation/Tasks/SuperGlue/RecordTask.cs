// ReCoRD: a news passage with marked entity spans and cloze queries whose "@placeholder" stands for one entity.
// Each query becomes multiple choice over the passage's distinct entity texts, candidate i being the pair
// (passage, query with @placeholder replaced by entity i); the prediction is the chosen entity's text.
using NluSharp.Evaluation.Formats;
using NluSharp.Evaluation.Scoring;

namespace NluSharp.Evaluation.Tasks.SuperGlue;

/// <summary>ReCoRD; example ids are "passage/query" (SuperGLUE idx values), gold answers in <see cref="TaskExample.Answers"/>.</summary>
public sealed class RecordTask() : BenchmarkTask(Benchmark.SuperGlue, "record", "ReCoRD",
    "cloze reading comprehension; multiple choice over the passage's entities filling @placeholder in the query",
    SuperGlueSplits.Standard, [], ["f1", "em"], ["f1", "em"], "ReCoRD.jsonl", SubmissionStyle.Record)
{
    /// <summary>The cloze slot in ReCoRD queries.</summary>
    public const string Placeholder = "@placeholder";

    /// <inheritdoc />
    public override TaskScorer CreateScorer() => new RecordScorer(this);

    /// <inheritdoc />
    public override IEnumerable<TaskExample> Read(string path)
    {
        foreach (var row in JsonlRows.Read(path))
        {
            var passageIdx = row.Integer("idx");
            var passage = row.Field("passage");
            var text = row.String(passage, "text");
            var candidates = Entities(row, passage, text);
            // "@highlight" lines are the article's summary bullets; shown to the model as "- " bullets (as jiant does).
            var shown = text.Replace("@highlight\n", "- ");
            foreach (var qa in row.Field("qas").EnumerateArray())
            {
                var query = row.String(qa, "query");
                if (!query.Contains(Placeholder, StringComparison.Ordinal))
                    throw new InvalidDataException($"{row.Source}: ReCoRD query has no {Placeholder}: '{query}'");
                var choices = candidates.Select(entity => new TextInput(shown, query.Replace(Placeholder, entity))).ToList();
                IReadOnlyList<string>? answers = qa.TryGetProperty("answers", out var a) && a.ValueKind == System.Text.Json.JsonValueKind.Array
                    ? a.EnumerateArray().Select(x => row.String(x, "text")).ToList()
                    : null;
                if (answers is { Count: 0 }) answers = null;
                yield return new TaskExample($"{passageIdx}/{row.Integer(qa, "idx")}", new ChoiceInput(choices, candidates),
                    null, null, null, answers, row.Source);
            }
        }
    }

    /// <summary>Distinct entity texts in order of first appearance; ReCoRD spans are [start, end] with end inclusive.</summary>
    static List<string> Entities(JsonlRow row, System.Text.Json.JsonElement passage, string text)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var entities = new List<string>();
        foreach (var e in row.Field(passage, "entities").EnumerateArray())
        {
            long start = row.Integer(e, "start"), end = row.Integer(e, "end");
            if (start < 0 || end < start || end >= text.Length)
                throw new InvalidDataException($"{row.Source}: entity span [{start}, {end}] is outside the passage (length {text.Length})");
            var entity = text.Substring((int)start, (int)(end - start + 1));
            if (seen.Add(entity)) entities.Add(entity);
        }
        return entities;
    }
}
