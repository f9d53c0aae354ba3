// MultiRC: a paragraph, questions about it, and candidate answers each true or false. One example per answer option,
// as the pair (paragraph, question + " " + answer), grouped by question so EM can require every option right.
using NluSharp.Evaluation.Formats;
using NluSharp.Evaluation.Scoring;

namespace NluSharp.Evaluation.Tasks.SuperGlue;

/// <summary>MultiRC; example ids are "paragraph/question/answer" and groups "paragraph/question" (all SuperGLUE idx values).</summary>
public sealed class MultiRcTask() : BenchmarkTask(Benchmark.SuperGlue, "multirc", "MultiRC",
    "multi-sentence reading comprehension; one pair (paragraph, question + answer) per answer option, grouped by question",
    SuperGlueSplits.Standard, ["0", "1"], ["f1a", "em"], ["f1a", "em"], "MultiRC.jsonl", SubmissionStyle.MultiRc)
{
    /// <inheritdoc />
    public override TaskScorer CreateScorer() => new MultiRcScorer(this);

    /// <inheritdoc />
    public override IEnumerable<TaskExample> Read(string path)
    {
        foreach (var row in JsonlRows.Read(path))
        {
            var paragraphIdx = row.Integer("idx");
            var passage = row.Field("passage");
            var text = row.String(passage, "text");
            foreach (var question in row.Field(passage, "questions").EnumerateArray())
            {
                var questionText = row.String(question, "question");
                var group = $"{paragraphIdx}/{row.Integer(question, "idx")}";
                foreach (var answer in row.Field(question, "answers").EnumerateArray())
                {
                    var label = answer.TryGetProperty("label", out var l) ? row.LabelText(l, "label") : null;
                    yield return new TaskExample($"{group}/{row.Integer(answer, "idx")}",
                        new TextInput(text, questionText + " " + row.String(answer, "text")),
                        label is null ? null : CheckLabel(label, At(row.Source)), null, group, null, row.Source);
                }
            }
        }
    }
}
