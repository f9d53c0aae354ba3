// Locates ../shared (reference data and fixtures that live beside the repository, never inside it).
// Tests that need it call SharedData.Require(...), which skips the test with a clear message when absent.
namespace NluSharp.Tests;

public static class SharedData
{
    /// <summary>The shared folder: $NLUSHARP_SHARED if set, else `shared` beside the repository root; null when absent.</summary>
    public static readonly string? Root = Locate();

    static string? Locate()
    {
        var fromEnv = Environment.GetEnvironmentVariable("NLUSHARP_SHARED");
        if (!string.IsNullOrEmpty(fromEnv))
            return Directory.Exists(fromEnv) ? Path.GetFullPath(fromEnv) : null;
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir != null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "NluSharp.slnx")))
            {
                var shared = Path.Combine(dir.Parent?.FullName ?? dir.FullName, "shared");
                return Directory.Exists(shared) ? shared : null;
            }
        }
        return null;
    }

    /// <summary>Full path of a file or folder under ../shared; skips the calling test when it is missing.</summary>
    public static string Require(string relativePath)
    {
        Skip.If(Root == null, "../shared not found beside the repository (set NLUSHARP_SHARED); test needs " + relativePath);
        var full = Path.Combine(Root!, relativePath);
        Skip.If(!File.Exists(full) && !Directory.Exists(full), $"../shared/{relativePath} not found");
        return full;
    }
}
