// The benchmark suites the registry knows.
namespace NluSharp.Evaluation.Tasks;

/// <summary>Which leaderboard a task belongs to.</summary>
public enum Benchmark
{
    /// <summary>GLUE (Wang et al. 2018): TSV files in the <c>glue_data/</c> layout.</summary>
    Glue,

    /// <summary>SuperGLUE (Wang et al. 2019): JSONL files; FewGLUE uses the same tasks and formats.</summary>
    SuperGlue,
}
