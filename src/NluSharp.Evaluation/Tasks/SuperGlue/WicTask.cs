// WiC: is the target word used with the same meaning in two sentences? A pair with the word marked in each sentence
// by its character span [start, end) from the data.
using NluSharp.Evaluation.Formats;

namespace NluSharp.Evaluation.Tasks.SuperGlue;

/// <summary>WiC as a span-marked pair (sentence1, sentence2) with spans named "word".</summary>
public sealed class WicTask() : BenchmarkTask(Benchmark.SuperGlue, "wic", "WiC",
    "word in context (true/false); pair (sentence1, sentence2) with the target word's span marked in both",
    SuperGlueSplits.Standard, ["false", "true"], ["accuracy"], ["accuracy"], "WiC.jsonl", SubmissionStyle.SuperGlueLabel)
{
    /// <inheritdoc />
    public override IEnumerable<TaskExample> Read(string path)
    {
        foreach (var row in JsonlRows.Read(path))
        {
            string first = row.String("sentence1"), second = row.String("sentence2");
            var spans = new[]
            {
                Span(row, 0, first, "start1", "end1"),
                Span(row, 1, second, "start2", "end2"),
            };
            var label = row.OptionalLabel("label");
            yield return new TaskExample(row.IdText(row.Field("idx")), new TextInput(first, second, spans),
                label is null ? null : CheckLabel(label, At(row.Source)), null, null, null, row.Source);
        }
    }

    static MarkedSpan Span(JsonlRow row, int segment, string sentence, string startField, string endField)
    {
        long start = row.Integer(startField), end = row.Integer(endField);
        if (start < 0 || end <= start || end > sentence.Length)
            throw new InvalidDataException($"{row.Source}: span {startField}={start}, {endField}={end} does not fit sentence{segment + 1} (length {sentence.Length})");
        return new MarkedSpan(segment, (int)start, (int)end, "word");
    }
}
