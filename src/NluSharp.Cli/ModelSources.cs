// Turns a command-line model argument into a local path: an existing file or folder as is, otherwise "org/name[@rev]"
// fetched through the hub cache (HF_* environment variables), with a Spectre.Console progress bar on stderr.
using NluSharp.Checkpoints.Hub;
using Spectre.Console;

namespace NluSharp.Cli;

internal static class ModelSources
{
    /// <summary>The local file or folder for <paramref name="pathOrRepo"/>.</summary>
    public static string Resolve(string pathOrRepo)
    {
        if (File.Exists(pathOrRepo) || Directory.Exists(pathOrRepo)) return pathOrRepo;
        if (!RepoReference.LooksLikeRepoId(pathOrRepo))
            throw new FileNotFoundException($"{pathOrRepo}: no such file or folder (and not a hub id of the form org/name[@revision])", pathOrRepo);
        var repo = RepoReference.Parse(pathOrRepo);
        using var client = new HubClient(HubSettings.FromEnvironment());
        return DownloadWithProgress(client, repo);
    }

    static string DownloadWithProgress(HubClient client, RepoReference repo)
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Error) });
        if (!console.Profile.Capabilities.Interactive)
            return client.DownloadModelAsync(repo).GetAwaiter().GetResult();
        string? folder = null;
        console.Progress()
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new DownloadedColumn(), new TransferSpeedColumn())
            .Start(ctx =>
            {
                var tasks = new Dictionary<string, ProgressTask>();
                var progress = new Progress<DownloadProgress>(p =>
                {
                    lock (tasks)
                    {
                        if (!tasks.TryGetValue(p.FileName, out var task))
                            tasks[p.FileName] = task = ctx.AddTask(Markup.Escape(p.FileName), maxValue: Math.Max(1, p.TotalBytes ?? 1));
                        if (p.TotalBytes is { } total) task.MaxValue = Math.Max(1, total);
                        task.Value = p.BytesDone;
                    }
                });
                folder = client.DownloadModelAsync(repo, progress).GetAwaiter().GetResult();
            });
        return folder!;
    }
}
