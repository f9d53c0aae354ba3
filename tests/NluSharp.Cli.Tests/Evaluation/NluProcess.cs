// Runs the built `nlu` tool in a child process so CLI tests see its real stdout, stderr and exit code.
using System.Diagnostics;

namespace NluSharp.Cli.Tests.Evaluation;

internal static class NluProcess
{
    public static (int ExitCode, string Stdout, string Stderr) Run(params string[] args)
    {
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        info.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "nlu.dll"));
        foreach (var a in args) info.ArgumentList.Add(a);
        using var process = Process.Start(info)!;
        var stderr = process.StandardError.ReadToEndAsync();
        var stdout = process.StandardOutput.ReadToEnd();
        if (!process.WaitForExit(60_000)) { process.Kill(); throw new TimeoutException("nlu " + string.Join(' ', args)); }
        return (process.ExitCode, stdout, stderr.Result);
    }
}
