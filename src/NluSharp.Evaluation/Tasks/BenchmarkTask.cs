// A GLUE or SuperGLUE task: how its files are laid out and read, what its labels are, how an example becomes model
// input, how it is scored, and how its leaderboard submission file is written.
using NluSharp.Evaluation.Formats;
using NluSharp.Evaluation.Scoring;

namespace NluSharp.Evaluation.Tasks;

/// <summary>Base class of every benchmark task in <see cref="TaskRegistry"/>.</summary>
public abstract class BenchmarkTask
{
    /// <summary>Describes a task; see the properties for each argument.</summary>
    protected BenchmarkTask(Benchmark benchmark, string name, string folder, string description,
        IReadOnlyList<TaskSplit> splits, IReadOnlyList<string> labels, IReadOnlyList<string> metrics,
        IReadOnlyList<string> headlineMetrics, string submissionFile, SubmissionStyle submissionStyle)
    {
        Benchmark = benchmark;
        Name = name;
        Folder = folder;
        Description = description;
        Splits = splits;
        Labels = labels;
        Metrics = metrics;
        HeadlineMetrics = headlineMetrics;
        SubmissionFile = submissionFile;
        SubmissionStyle = submissionStyle;
    }

    /// <summary>The suite the task belongs to.</summary>
    public Benchmark Benchmark { get; }

    /// <summary>Short name, e.g. "sst2" (unique within its benchmark).</summary>
    public string Name { get; }

    /// <summary>"glue/sst2", "superglue/rte": unique across benchmarks.</summary>
    public string FullName => $"{BenchmarkPrefix(Benchmark)}/{Name}";

    /// <summary>The task's folder in the official layout, e.g. "SST-2" under <c>glue_data/</c>.</summary>
    public string Folder { get; }

    /// <summary>One line on what the task is and how its input is formed.</summary>
    public string Description { get; }

    /// <summary>The splits and their file names.</summary>
    public IReadOnlyList<TaskSplit> Splits { get; }

    /// <summary>The gold label strings in class-index order; empty for STS-B (a number) and ReCoRD (entity text).</summary>
    public IReadOnlyList<string> Labels { get; }

    /// <summary>The metrics reported, by name.</summary>
    public IReadOnlyList<string> Metrics { get; }

    /// <summary>The metrics whose mean is the task's headline score (the official convention).</summary>
    public IReadOnlyList<string> HeadlineMetrics { get; }

    /// <summary>The file name the leaderboard server expects, e.g. "SST-2.tsv" or "BoolQ.jsonl".</summary>
    public string SubmissionFile { get; }

    /// <summary>How <see cref="SubmissionFile"/> is written.</summary>
    public SubmissionStyle SubmissionStyle { get; }

    /// <summary>Reads one split file lazily, turning each row into a <see cref="TaskExample"/>.</summary>
    public abstract IEnumerable<TaskExample> Read(string path);

    /// <summary>A fresh scorer for this task's metrics.</summary>
    public virtual TaskScorer CreateScorer() => new ClassificationScorer(this);

    /// <summary>The split called <paramref name="name"/> ("val" is accepted for "dev").</summary>
    public TaskSplit Split(string name)
    {
        var wanted = name == "val" ? "dev" : name;
        return Splits.FirstOrDefault(s => s.Name == wanted)
            ?? throw new ArgumentException($"task {FullName} has no split '{name}'; its splits are {string.Join(", ", Splits.Select(s => s.Name))}");
    }

    /// <summary>Returns <paramref name="label"/> when it is one of <see cref="Labels"/>, else fails naming it and the known set.</summary>
    public string CheckLabel(string label, string where)
    {
        foreach (var known in Labels)
            if (known == label) return label;
        throw new InvalidDataException($"{where}: unknown label '{label}' for {FullName}; known labels are {string.Join(", ", Labels.Select(l => $"'{l}'"))}");
    }

    /// <summary>The class index of a label already checked with <see cref="CheckLabel"/>.</summary>
    public int LabelIndex(string label)
    {
        for (var i = 0; i < Labels.Count; i++)
            if (Labels[i] == label) return i;
        throw new ArgumentException($"'{label}' is not a label of {FullName}");
    }

    /// <summary>"glue" or "superglue".</summary>
    public static string BenchmarkPrefix(Benchmark benchmark) => benchmark == Benchmark.Glue ? "glue" : "superglue";

    /// <inheritdoc />
    public override string ToString() => FullName;

    /// <summary>Location text for errors.</summary>
    protected static string At(SourceLocation source) => source.ToString();
}
