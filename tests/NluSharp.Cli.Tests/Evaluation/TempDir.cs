// A temporary folder for one CLI test, removed afterwards.
namespace NluSharp.Cli.Tests.Evaluation;

/// <summary>A temporary folder for one test, removed afterwards.</summary>
internal sealed class TempDir : IDisposable
{
    public string Path { get; } = Directory.CreateTempSubdirectory("nlusharp-cli-").FullName;

    public string Write(string relative, string content)
    {
        var full = System.IO.Path.Combine(Path, relative);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(full)!);
        File.WriteAllText(full, content);
        return full;
    }

    public void Dispose() => Directory.Delete(Path, recursive: true);
}
