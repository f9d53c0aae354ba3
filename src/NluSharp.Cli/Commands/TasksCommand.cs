// `nlu tasks [--data DIR]`: the GLUE and SuperGLUE tasks with their input form, labels and metrics, and, given a
// data folder, which splits are present there and how many examples each holds.
using System.CommandLine;
using System.Globalization;
using NluSharp.Evaluation.Tasks;

namespace NluSharp.Cli.Commands;

internal static class TasksCommand
{
    public static Command Create()
    {
        var data = new Option<string?>("--data")
        {
            Description = "A benchmark root (glue_data/, a SuperGLUE or FewGLUE folder) or one task's folder; lists the splits found there.",
        };
        var command = new Command("tasks", "List GLUE and SuperGLUE tasks, their metrics, and the splits present in a data folder.");
        command.Options.Add(data);
        command.SetAction(parseResult =>
        {
            var dataDir = parseResult.GetValue(data);
            if (dataDir is not null && !Directory.Exists(dataDir))
                throw new DirectoryNotFoundException($"--data: folder not found: {dataDir}");
            foreach (var task in TaskRegistry.All)
            {
                string splits;
                if (dataDir is null)
                    splits = string.Join(", ", task.Splits.Select(s => s.Name));
                else
                {
                    var found = TaskRegistry.AvailableSplits(task, dataDir);
                    if (found.Count == 0) continue;
                    splits = string.Join(", ", found.Select(f =>
                        $"{f.Split.Name} ({task.Read(f.Path).Count().ToString("N0", CultureInfo.InvariantCulture)})"));
                }
                var labels = task.Labels.Count > 0 ? string.Join("/", task.Labels) : "-";
                Console.WriteLine($"{task.FullName,-18} {string.Join("+", task.Metrics),-22} labels {labels}");
                Console.WriteLine($"{"",-18} {task.Description}");
                Console.WriteLine($"{"",-18} splits: {splits}; submission file {task.SubmissionFile}");
            }
            return 0;
        });
        return command;
    }
}
