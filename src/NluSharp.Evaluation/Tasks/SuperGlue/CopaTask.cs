// COPA: choose the more plausible cause or effect of a premise. Each alternative becomes one candidate pair
// (premise, question + " " + alternative), the question being jiant's wording of the "cause"/"effect" field.
using NluSharp.Evaluation.Formats;

namespace NluSharp.Evaluation.Tasks.SuperGlue;

/// <summary>COPA as two-way multiple choice; the label is the index of the right alternative ("0" or "1").</summary>
public sealed class CopaTask() : BenchmarkTask(Benchmark.SuperGlue, "copa", "COPA",
    "choice of plausible alternative; multiple choice over (premise, question + alternative)",
    SuperGlueSplits.Standard, ["0", "1"], ["accuracy"], ["accuracy"], "COPA.jsonl", SubmissionStyle.SuperGlueInteger)
{
    /// <summary>The question each "question" field value is turned into (jiant's COPA task uses the same wording).</summary>
    public static string QuestionFor(string question) => question switch
    {
        "cause" => "What was the cause of this?",
        "effect" => "What happened as a result?",
        _ => throw new ArgumentException($"COPA question must be 'cause' or 'effect', found '{question}'"),
    };

    /// <inheritdoc />
    public override IEnumerable<TaskExample> Read(string path)
    {
        foreach (var row in JsonlRows.Read(path))
        {
            var premise = row.String("premise");
            string question;
            try { question = QuestionFor(row.String("question")); }
            catch (ArgumentException e) { throw new InvalidDataException($"{row.Source}: {e.Message}"); }
            var choices = new[] { row.String("choice1"), row.String("choice2") }
                .Select(choice => new TextInput(premise, question + " " + choice)).ToList();
            var label = row.OptionalLabel("label");
            yield return new TaskExample(row.IdText(row.Field("idx")), new ChoiceInput(choices, Labels),
                label is null ? null : CheckLabel(label, At(row.Source)), null, null, null, row.Source);
        }
    }
}
