// The end-of-run report: one self-contained HTML file (inline CSS and SVG, no scripts, no network) built from the
// output folder's metrics.jsonl, run_info.json and confusion_matrix.json — training loss, learning rate and gradient
// norm curves, one curve per evaluation metric, the confusion matrix, the run configuration and input fingerprints.
// Written as well-formed XHTML, atomically.
using System.Globalization;
using System.Net;
using System.Text;
using NluSharp.Checkpoints.IO;
using NluSharp.Training.Trainers;

namespace NluSharp.Training.Reporting;

/// <summary>Builds report.html for a training output folder.</summary>
public static class HtmlReport
{
    /// <summary>Default file name in the output folder.</summary>
    public const string FileName = "report.html";

    /// <summary>Writes the report for <paramref name="outputDir"/> to <paramref name="path"/> (default: report.html inside it) and returns the path.</summary>
    public static string Write(string outputDir, string? path = null, string? title = null)
    {
        var metricsPath = Path.Combine(outputDir, MetricsLog.FileName);
        if (!File.Exists(metricsPath)) throw new FileNotFoundException($"{metricsPath} not found: the report is built from a training run's metrics.jsonl", metricsPath);
        var html = Render(MetricsLog.Read(metricsPath), RunInfo.Load(outputDir), ConfusionFile.Load(outputDir), title ?? $"NluSharp training report: {Path.GetFileName(Path.GetFullPath(outputDir).TrimEnd('/'))}");
        path ??= Path.Combine(outputDir, FileName);
        AtomicFile.WriteAllBytes(path, Encoding.UTF8.GetBytes(html));
        return path;
    }

    static string E(string s) => WebUtility.HtmlEncode(s);
    static string N(double v) => double.IsFinite(v) ? v.ToString("0.######", CultureInfo.InvariantCulture) : v.ToString(CultureInfo.InvariantCulture);

    /// <summary>The report as a string.</summary>
    public static string Render(IReadOnlyList<Dictionary<string, double>> records, RunInfo? info,
        (IReadOnlyList<string> Labels, long[][] Counts, long Step)? confusion, string title)
    {
        static List<(double, double)> Curve(IEnumerable<Dictionary<string, double>> rows, string key) =>
            rows.Where(r => r.ContainsKey(key) && r.ContainsKey("step")).Select(r => (r["step"], r[key])).ToList();
        var training = records.Where(r => r.ContainsKey("loss")).ToList();
        var evaluations = records.Where(r => r.Keys.Any(k => k.StartsWith("eval_", StringComparison.Ordinal))).ToList();
        var evalKeys = evaluations.SelectMany(r => r.Keys).Where(k => k.StartsWith("eval_", StringComparison.Ordinal)).Distinct().Order(StringComparer.Ordinal).ToList();
        var summary = records.LastOrDefault(r => r.ContainsKey("train_runtime"));

        var sb = new StringBuilder();
        sb.Append("<!DOCTYPE html>\n<html xmlns=\"http://www.w3.org/1999/xhtml\" lang=\"en\"><head><meta charset=\"utf-8\"/>");
        sb.Append($"<title>{E(title)}</title><style>");
        sb.Append("body{font-family:system-ui,sans-serif;margin:24px;color:#222}h1{font-size:20px}h2{font-size:16px;margin-top:28px}");
        sb.Append("table{border-collapse:collapse;font-size:13px}td,th{border:1px solid #ccc;padding:3px 8px;text-align:left}");
        sb.Append("td.num{text-align:right;font-variant-numeric:tabular-nums}.charts{display:flex;flex-wrap:wrap;gap:12px}");
        sb.Append("svg .title{font-size:13px;font-weight:600}svg .tick,svg .legend{font-size:11px}code{font-size:12px}");
        sb.Append("</style></head><body>");
        sb.Append($"<h1>{E(title)}</h1>");

        sb.Append("<h2>Summary</h2><table><tbody>");
        long lastStep = records.Count > 0 ? (long)records.Where(r => r.ContainsKey("step")).Select(r => r["step"]).DefaultIfEmpty(0).Max() : 0;
        sb.Append($"<tr><th>steps</th><td class=\"num\">{lastStep}</td></tr>");
        if (training.Count > 0) sb.Append($"<tr><th>last training loss</th><td class=\"num\">{N(training[^1]["loss"])}</td></tr>");
        foreach (var key in evalKeys)
        {
            var last = evaluations.LastOrDefault(r => r.ContainsKey(key));
            if (last != null) sb.Append($"<tr><th>{E(key)} (last)</th><td class=\"num\">{N(last[key])}</td></tr>");
        }
        if (summary != null)
            foreach (var key in new[] { "train_runtime", "train_samples_per_second", "train_steps_per_second", "train_loss" })
                if (summary.TryGetValue(key, out var v)) sb.Append($"<tr><th>{E(key)}</th><td class=\"num\">{N(v)}</td></tr>");
        sb.Append("</tbody></table>");

        sb.Append("<h2>Training</h2><div class=\"charts\">");
        sb.Append(SvgLineChart.Render("training loss", "step", [new ChartSeries("loss", Curve(training, "loss"))]));
        sb.Append(SvgLineChart.Render("learning rate", "step", [new ChartSeries("learning_rate", Curve(training, "learning_rate"))]));
        sb.Append(SvgLineChart.Render("gradient norm (before clipping)", "step", [new ChartSeries("grad_norm", Curve(training, "grad_norm"))]));
        sb.Append("</div>");

        if (evalKeys.Count > 0)
        {
            sb.Append("<h2>Evaluation</h2><div class=\"charts\">");
            foreach (var key in evalKeys)
                sb.Append(SvgLineChart.Render(key, "step", [new ChartSeries(key, Curve(evaluations, key))]));
            sb.Append("</div>");
        }

        if (confusion is var (labels, counts, step))
        {
            sb.Append($"<h2>Confusion matrix (evaluation at step {step}; rows gold, columns predicted)</h2>");
            sb.Append("<table class=\"confusion\"><thead><tr><th>gold \\ predicted</th>");
            foreach (var l in labels) sb.Append($"<th>{E(l)}</th>");
            sb.Append("</tr></thead><tbody>");
            for (int g = 0; g < labels.Count; g++)
            {
                long rowTotal = Math.Max(1, counts[g].Sum());
                sb.Append($"<tr><th>{E(labels[g])}</th>");
                for (int p = 0; p < labels.Count; p++)
                {
                    // Shade by the row fraction: the diagonal darkens as recall improves.
                    int shade = 255 - (int)Math.Round(155.0 * counts[g][p] / rowTotal);
                    sb.Append($"<td class=\"num\" style=\"background:rgb({shade},{shade},255)\">{counts[g][p]}</td>");
                }
                sb.Append("</tr>");
            }
            sb.Append("</tbody></table>");
        }

        if (info != null)
        {
            sb.Append("<h2>Run configuration</h2><table class=\"config\"><tbody>");
            foreach (var (k, v) in info.Config) sb.Append($"<tr><th>{E(k)}</th><td>{E(v)}</td></tr>");
            sb.Append("</tbody></table><h2>Input fingerprints (SHA-256)</h2><table class=\"fingerprints\"><tbody>");
            foreach (var (k, v) in info.Fingerprints) sb.Append($"<tr><th>{E(k)}</th><td><code>{E(v)}</code></td></tr>");
            sb.Append("</tbody></table>");
        }
        sb.Append("</body></html>\n");
        return sb.ToString();
    }
}
