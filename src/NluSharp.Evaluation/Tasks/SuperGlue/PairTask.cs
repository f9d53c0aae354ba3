// SuperGLUE tasks that are plain pair classification: BoolQ (passage, question), CB and RTE (premise, hypothesis),
// AX-b (sentence1, sentence2) and AX-g (premise, hypothesis; scored by gender parity over minimal pairs).
using NluSharp.Evaluation.Formats;
using NluSharp.Evaluation.Scoring;

namespace NluSharp.Evaluation.Tasks.SuperGlue;

/// <summary>A JSONL pair-classification task: <c>{textField, pairField, "label", "idx"}</c> per line.</summary>
public sealed class PairTask : BenchmarkTask
{
    readonly string _textField, _pairField;
    readonly bool _minimalPairs;

    /// <summary>Describes the task; <paramref name="minimalPairs"/> marks AX-g, whose rows come in consecutive gender-swapped pairs.</summary>
    public PairTask(string name, string folder, string description, IReadOnlyList<TaskSplit> splits, IReadOnlyList<string> labels,
        IReadOnlyList<string> metrics, IReadOnlyList<string> headline, string submissionFile, string textField, string pairField,
        bool minimalPairs = false)
        : base(Benchmark.SuperGlue, name, folder, description, splits, labels, metrics, headline, submissionFile, SubmissionStyle.SuperGlueLabel)
    {
        _textField = textField;
        _pairField = pairField;
        _minimalPairs = minimalPairs;
    }

    /// <inheritdoc />
    public override TaskScorer CreateScorer() => _minimalPairs ? new GenderParityScorer(this) : new ClassificationScorer(this);

    /// <inheritdoc />
    public override IEnumerable<TaskExample> Read(string path)
    {
        long ordinal = 0;
        string? firstOfPair = null;
        foreach (var row in JsonlRows.Read(path))
        {
            var text = row.String(_textField);
            var pair = row.String(_pairField);
            var label = row.OptionalLabel("label");
            string? group = null;
            if (_minimalPairs)
            {
                // Winogender rows 2k and 2k+1 differ only in the pronoun's gender; they share the hypothesis.
                if (ordinal % 2 == 0) firstOfPair = pair;
                else if (pair != firstOfPair)
                    throw new InvalidDataException($"{row.Source}: AX-g rows come in minimal pairs sharing the hypothesis, but this row's differs from the previous row's");
                group = (ordinal / 2).ToString(System.Globalization.CultureInfo.InvariantCulture);
            }
            ordinal++;
            yield return new TaskExample(row.IdText(row.Field("idx")), new TextInput(text, pair),
                label is null ? null : CheckLabel(label, At(row.Source)), null, group, null, row.Source);
        }
        if (_minimalPairs && ordinal % 2 != 0)
            throw new InvalidDataException($"{path}: AX-g needs an even number of rows (minimal pairs), found {ordinal}");
    }
}
