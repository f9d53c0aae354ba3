// WSC: does the pronoun (span2) refer to the noun phrase (span1)? One text with both spans marked. The data gives
// spans as word indices into text.split(); the marked characters run from that word for the span text's length.
using NluSharp.Evaluation.Formats;

namespace NluSharp.Evaluation.Tasks.SuperGlue;

/// <summary>WSC as one span-marked text with spans "span1" (noun phrase) and "span2" (pronoun).</summary>
public sealed class WscTask() : BenchmarkTask(Benchmark.SuperGlue, "wsc", "WSC",
    "Winograd coreference (true/false); single text with the noun phrase (span1) and pronoun (span2) marked",
    SuperGlueSplits.Standard, ["false", "true"], ["accuracy"], ["accuracy"], "WSC.jsonl", SubmissionStyle.SuperGlueCapitalizedBool)
{
    /// <inheritdoc />
    public override IEnumerable<TaskExample> Read(string path)
    {
        foreach (var row in JsonlRows.Read(path))
        {
            var text = row.String("text");
            var target = row.Field("target");
            var spans = new[] { Span(row, target, text, "span1"), Span(row, target, text, "span2") };
            var label = row.OptionalLabel("label");
            yield return new TaskExample(row.IdText(row.Field("idx")), new TextInput(text, null, spans),
                label is null ? null : CheckLabel(label, At(row.Source)), null, null, null, row.Source);
        }
    }

    /// <summary>
    /// Character span of a WSC target. The official word index wins over the span text, which in the released data
    /// sometimes differs from the words at that index in case ("The lawyer" for "the lawyer"), trailing punctuation
    /// ("benefit" for "benefit,"), or, once in val, entirely; the span covers as many words as the span text has,
    /// trimmed to the span text's length when the text there starts with it (ignoring case).
    /// </summary>
    internal static MarkedSpan Span(JsonlRow row, System.Text.Json.JsonElement target, string text, string name)
    {
        var spanText = row.String(target, name + "_text");
        var wordIndex = row.Integer(target, name + "_index");
        var words = WordStarts(text);
        var wordCount = Math.Max(1, spanText.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries).Length);
        if (wordIndex < 0 || wordIndex + wordCount > words.Count)
            throw new InvalidDataException($"{row.Source}: {name}_index {wordIndex} with {wordCount} word(s) is outside the text's {words.Count} words");
        var start = words[(int)wordIndex].Start;
        var end = words[(int)wordIndex + wordCount - 1].End;
        if (end - start > spanText.Length && string.Compare(text, start, spanText, 0, spanText.Length, StringComparison.OrdinalIgnoreCase) == 0)
            end = start + spanText.Length;
        return new MarkedSpan(0, start, end, name);
    }

    static List<(int Start, int End)> WordStarts(string text)
    {
        var words = new List<(int, int)>();
        for (var i = 0; i < text.Length;)
        {
            while (i < text.Length && char.IsWhiteSpace(text[i])) i++;
            if (i >= text.Length) break;
            var start = i;
            while (i < text.Length && !char.IsWhiteSpace(text[i])) i++;
            words.Add((start, i));
        }
        return words;
    }
}
