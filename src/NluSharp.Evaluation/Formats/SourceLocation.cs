// Where a row came from, so every data error can name the file and line.
namespace NluSharp.Evaluation.Formats;

/// <summary>A file and a 1-based line number.</summary>
public readonly record struct SourceLocation(string File, long Line)
{
    /// <summary>"path:line", the form compilers use, so editors can jump to it.</summary>
    public override string ToString() => $"{File}:{Line}";
}
