// One example of a benchmark task, already in model-input form, with its gold answer and prediction key.
using NluSharp.Evaluation.Formats;

namespace NluSharp.Evaluation.Tasks;

/// <summary>A task example.</summary>
/// <param name="Id">
/// The key predictions are matched on: GLUE's index column (or the 0-based row number where the file has none),
/// SuperGLUE's <c>idx</c>, "paragraph/question/answer" for MultiRC, "passage/query" for ReCoRD.
/// </param>
/// <param name="Input">What the model sees.</param>
/// <param name="Label">The gold label as written in the data (JSON booleans as "true"/"false"); null when unlabeled.</param>
/// <param name="Target">The gold number of a regression task (STS-B); null otherwise or when unlabeled.</param>
/// <param name="Group">MultiRC's question ("paragraph/question") or AX-g's minimal pair; null for other tasks.</param>
/// <param name="Answers">ReCoRD's gold answer texts; null for other tasks.</param>
/// <param name="Source">File and line of the row.</param>
public sealed record TaskExample(
    string Id,
    ModelInput Input,
    string? Label,
    double? Target,
    string? Group,
    IReadOnlyList<string>? Answers,
    SourceLocation Source)
{
    /// <summary>Whether the example carries a gold answer.</summary>
    public bool IsLabeled => Label is not null || Target is not null || Answers is not null;
}
