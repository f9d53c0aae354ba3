// The leaderboard file formats a task's test predictions can take.
using NluSharp.Evaluation.Scoring;

namespace NluSharp.Evaluation.Tasks;

/// <summary>How a task's predictions are written for the leaderboard server (see <see cref="SubmissionWriter"/>).</summary>
public enum SubmissionStyle
{
    /// <summary>GLUE TSV, <c>index\tprediction</c>, the label string as in the data.</summary>
    GlueLabel,
    /// <summary>GLUE TSV with a score clamped to [0, 5] and written with three decimals (STS-B).</summary>
    GlueRegression,
    /// <summary>SuperGLUE JSONL <c>{"idx": n, "label": "..."}</c> with the label string as in the data.</summary>
    SuperGlueLabel,
    /// <summary>SuperGLUE JSONL with "True"/"False" (WSC, as jiant's writer sends it).</summary>
    SuperGlueCapitalizedBool,
    /// <summary>SuperGLUE JSONL with an integer label (COPA).</summary>
    SuperGlueInteger,
    /// <summary>One line per paragraph with nested questions and answers (MultiRC).</summary>
    MultiRc,
    /// <summary><c>{"idx": query, "label": "entity text"}</c> (ReCoRD).</summary>
    Record,
}
