// Runs a small script against the Hugging Face Rust core through its Node binding (shared/peers/tokgen installs it,
// by default into /tmp/tokgen). Tests using it skip when node or the binding is missing.
using System.Diagnostics;

namespace NluSharp.Tokenizers.Tests;

internal static class HfPeer
{
    public static string NodePath => Environment.GetEnvironmentVariable("NLU_TOKGEN_NODE_PATH") ?? "/tmp/tokgen/node_modules";

    public static void SkipIfMissing() =>
        Skip.IfNot(Directory.Exists(Path.Combine(NodePath, "@anush008", "tokenizers")), $"HF Node binding not installed in {NodePath} (see shared/peers/tokgen/README.md)");

    /// <summary>Runs <paramref name="script"/> with node and returns its standard output.</summary>
    public static string Run(string script, params string[] args)
    {
        var path = Path.Combine(Path.GetTempPath(), $"nlu-hf-{Guid.NewGuid():N}.js");
        File.WriteAllText(path, script);
        try
        {
            var psi = new ProcessStartInfo("node") { RedirectStandardOutput = true, RedirectStandardError = true };
            psi.ArgumentList.Add(path);
            foreach (var a in args) psi.ArgumentList.Add(a);
            psi.Environment["NODE_PATH"] = NodePath;
            using var p = Process.Start(psi)!;
            var stdout = p.StandardOutput.ReadToEndAsync();
            var stderr = p.StandardError.ReadToEnd();
            p.WaitForExit();
            Assert.True(p.ExitCode == 0, "node failed: " + stderr);
            return stdout.Result;
        }
        finally { File.Delete(path); }
    }
}
