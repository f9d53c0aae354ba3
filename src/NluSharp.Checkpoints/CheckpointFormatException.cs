// The one exception every checkpoint reader throws for a malformed or hostile file: it names the file and what was wrong.
namespace NluSharp.Checkpoints;

/// <summary>
/// A checkpoint, index or config file is malformed, truncated, hostile or unsupported.
/// <see cref="Exception.Message"/> starts with the file path and says what was found and what was expected.
/// </summary>
public class CheckpointFormatException : FormatException
{
    /// <summary>The file that could not be read.</summary>
    public string FilePath { get; }

    /// <summary>Creates the exception; the message becomes "<paramref name="filePath"/>: <paramref name="problem"/>".</summary>
    public CheckpointFormatException(string filePath, string problem, Exception? inner = null)
        : base($"{filePath}: {problem}", inner)
    {
        FilePath = filePath;
    }
}
