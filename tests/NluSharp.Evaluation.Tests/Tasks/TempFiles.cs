// Writes small data files into a fresh temporary folder for reader tests, deleted on dispose.
namespace NluSharp.Evaluation.Tests.Tasks;

internal sealed class TempFiles : IDisposable
{
    public string Dir { get; } = Directory.CreateTempSubdirectory("nlusharp-eval-").FullName;

    public string Write(string relative, string content)
    {
        var path = Path.Combine(Dir, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, content);
        return path;
    }

    public void Dispose() => Directory.Delete(Dir, recursive: true);
}
