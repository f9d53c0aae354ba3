// A named split of a task and the file names it may have on disk.
namespace NluSharp.Evaluation.Tasks;

/// <summary>A split ("train", "dev", "test", "dev32", ...) and the file names that hold it, first match wins.</summary>
public sealed record TaskSplit(string Name, params string[] FileNames);
