// The live view of a training run: on a terminal a Spectre.Console panel redrawn at most ten times a second (step,
// epoch, loss, learning rate, sequences/s, ETA, last evaluation); when output is redirected (CI, a log file) one
// plain line per logging step, evaluation and checkpoint instead, so logs stay greppable.
using System.Globalization;
using NluSharp.Training.Trainers;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace NluSharp.Cli;

internal static class TrainingConsole
{
    /// <summary>Whether standard output is an interactive terminal Spectre can redraw.</summary>
    public static bool IsInteractive => !Console.IsOutputRedirected && AnsiConsole.Profile.Capabilities.Interactive;

    /// <summary>Runs <paramref name="body"/> with a progress sink that renders to the console.</summary>
    public static T Run<T>(string title, Func<IProgress<TrainingProgress>, T> body)
    {
        if (!IsInteractive) return body(new PlainLines(title));
        T result = default!;
        var view = new LiveView(title);
        AnsiConsole.Live(view.Render()).AutoClear(false).Start(ctx =>
        {
            view.Context = ctx;
            result = body(view);
            ctx.UpdateTarget(view.Render());
        });
        return result;
    }

    static string F(double v, string format = "0.0000") => double.IsFinite(v) ? v.ToString(format, CultureInfo.InvariantCulture) : "-";
    static string Eta(TimeSpan? t) => t is { } v ? v.ToString(v.TotalHours >= 1 ? @"h\:mm\:ss" : @"m\:ss", CultureInfo.InvariantCulture) : "-";
    static string Metrics(IReadOnlyDictionary<string, double> m) =>
        string.Join(" ", m.Where(kv => kv.Key is not ("epoch" or "step")).Select(kv => $"{kv.Key} {F(kv.Value)}"));

    sealed class PlainLines(string title) : IProgress<TrainingProgress>
    {
        public void Report(TrainingProgress p)
        {
            string? line = p.Kind switch
            {
                ProgressKind.Log => $"step {p.Step}/{p.MaxSteps} epoch {F(p.Epoch, "0.00")} loss {F(p.Loss)} lr {p.LearningRate.ToString("0.00e+0", CultureInfo.InvariantCulture)} " +
                                    $"grad_norm {F(p.GradNorm, "0.000")} {F(p.SequencesPerSecond, "0.0")} seq/s eta {Eta(p.Eta)}",
                ProgressKind.Evaluation => $"eval at step {p.Step}: {Metrics(p.Metrics!)}",
                ProgressKind.Checkpoint => $"saved {p.Checkpoint}",
                ProgressKind.Finished => $"finished {p.Step} steps in {p.Elapsed.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture)} s, {F(p.SequencesPerSecond, "0.0")} seq/s",
                _ => null,
            };
            if (line != null) Console.WriteLine($"[{title}] {line}");
        }
    }

    sealed class LiveView(string title) : IProgress<TrainingProgress>
    {
        public LiveDisplayContext? Context { get; set; }
        TrainingProgress? last;
        IReadOnlyDictionary<string, double>? lastEval;
        string? lastCheckpoint;
        double lastLoggedLoss = double.NaN;
        DateTime lastDraw = DateTime.MinValue;

        public void Report(TrainingProgress p)
        {
            last = p;
            if (p.Kind == ProgressKind.Evaluation) lastEval = p.Metrics;
            if (p.Kind == ProgressKind.Checkpoint) lastCheckpoint = p.Checkpoint;
            if (p.Kind == ProgressKind.Log) lastLoggedLoss = p.Loss;
            var now = DateTime.UtcNow;
            if (p.Kind == ProgressKind.Step && (now - lastDraw).TotalMilliseconds < 100) return;
            lastDraw = now;
            Context?.UpdateTarget(Render());
        }

        public IRenderable Render()
        {
            var grid = new Grid().AddColumn(new GridColumn().NoWrap()).AddColumn();
            if (last is not { } p)
            {
                grid.AddRow("status", "starting");
            }
            else
            {
                double fraction = p.MaxSteps > 0 ? (double)p.Step / p.MaxSteps : 0;
                int width = 30, filled = (int)Math.Round(fraction * width);
                grid.AddRow("step", $"[green]{new string('━', filled)}[/][grey]{new string('━', width - filled)}[/] {p.Step}/{p.MaxSteps} ({fraction:P0})");
                grid.AddRow("epoch", F(p.Epoch, "0.00"));
                grid.AddRow("loss", $"{F(p.Kind == ProgressKind.Step ? p.Loss : lastLoggedLoss)} (last logged {F(lastLoggedLoss)})");
                grid.AddRow("learning rate", p.LearningRate.ToString("0.000e+0", CultureInfo.InvariantCulture));
                grid.AddRow("sequences/s", F(p.SequencesPerSecond, "0.0"));
                grid.AddRow("elapsed / eta", $"{Eta(p.Elapsed)} / {Eta(p.Eta)}");
                if (lastEval != null) grid.AddRow("last eval", Markup.Escape(Metrics(lastEval)));
                if (lastCheckpoint != null) grid.AddRow("checkpoint", Markup.Escape(lastCheckpoint));
            }
            return new Panel(grid).Header(Markup.Escape(title)).Border(BoxBorder.Rounded);
        }
    }
}
