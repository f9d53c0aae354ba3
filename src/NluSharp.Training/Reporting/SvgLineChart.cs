// A minimal inline-SVG line chart (no scripts, no external resources): axes with min/max ticks, one polyline per series,
// a legend. Output is well-formed XML so the report stays parseable.
using System.Globalization;
using System.Net;
using System.Text;

namespace NluSharp.Training.Reporting;

/// <summary>One named series of (x, y) points.</summary>
/// <param name="Name">Legend text; also written as the group's <c>data-series</c> attribute.</param>
/// <param name="Points">Points in x order; non-finite y values are skipped.</param>
public sealed record ChartSeries(string Name, IReadOnlyList<(double X, double Y)> Points);

/// <summary>Renders line charts as SVG elements.</summary>
public static class SvgLineChart
{
    const int Width = 640, Height = 280, Left = 64, Right = 16, Top = 28, Bottom = 36;
    static readonly string[] Colors = ["#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b", "#e377c2", "#17becf"];

    static string F(double v) => v.ToString("0.###", CultureInfo.InvariantCulture);
    static string Label(double v) => Math.Abs(v) is >= 1e-3 and < 1e5 or 0 ? v.ToString("0.####", CultureInfo.InvariantCulture) : v.ToString("0.##e0", CultureInfo.InvariantCulture);

    /// <summary>An &lt;svg&gt; element plotting <paramref name="series"/> against the step.</summary>
    public static string Render(string title, string xLabel, IReadOnlyList<ChartSeries> series)
    {
        var points = series.SelectMany(s => s.Points).Where(p => double.IsFinite(p.X) && double.IsFinite(p.Y)).ToList();
        var sb = new StringBuilder();
        sb.Append($"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{Width}\" height=\"{Height}\" viewBox=\"0 0 {Width} {Height}\" role=\"img\" aria-label=\"{WebUtility.HtmlEncode(title)}\">");
        sb.Append($"<text x=\"{Width / 2}\" y=\"18\" text-anchor=\"middle\" class=\"title\">{WebUtility.HtmlEncode(title)}</text>");
        if (points.Count == 0)
            return sb.Append($"<text x=\"{Width / 2}\" y=\"{Height / 2}\" text-anchor=\"middle\">no data</text></svg>").ToString();
        double xMin = points.Min(p => p.X), xMax = points.Max(p => p.X), yMin = points.Min(p => p.Y), yMax = points.Max(p => p.Y);
        if (xMax == xMin) { xMin -= 1; xMax += 1; }
        if (yMax == yMin) { double pad = Math.Abs(yMax) * 0.1 + 1e-12; yMin -= pad; yMax += pad; }
        double plotW = Width - Left - Right, plotH = Height - Top - Bottom;
        double X(double x) => Left + (x - xMin) / (xMax - xMin) * plotW;
        double Y(double y) => Top + (1 - (y - yMin) / (yMax - yMin)) * plotH;

        sb.Append($"<rect x=\"{Left}\" y=\"{Top}\" width=\"{F(plotW)}\" height=\"{F(plotH)}\" fill=\"none\" stroke=\"#bbb\"/>");
        foreach (var (v, anchor) in new[] { (yMin, Height - Bottom), (yMax, Top + 10) })
            sb.Append($"<text x=\"{Left - 4}\" y=\"{anchor}\" text-anchor=\"end\" class=\"tick\">{Label(v)}</text>");
        sb.Append($"<text x=\"{Left}\" y=\"{Height - Bottom + 14}\" class=\"tick\">{Label(xMin)}</text>");
        sb.Append($"<text x=\"{Width - Right}\" y=\"{Height - Bottom + 14}\" text-anchor=\"end\" class=\"tick\">{Label(xMax)}</text>");
        sb.Append($"<text x=\"{Left + plotW / 2}\" y=\"{Height - 6}\" text-anchor=\"middle\" class=\"tick\">{WebUtility.HtmlEncode(xLabel)}</text>");
        for (int i = 0; i < series.Count; i++)
        {
            var s = series[i];
            var color = Colors[i % Colors.Length];
            var valid = s.Points.Where(p => double.IsFinite(p.X) && double.IsFinite(p.Y)).ToList();
            sb.Append($"<g data-series=\"{WebUtility.HtmlEncode(s.Name)}\" data-points=\"{valid.Count}\">");
            if (valid.Count == 1)
                sb.Append($"<circle cx=\"{F(X(valid[0].X))}\" cy=\"{F(Y(valid[0].Y))}\" r=\"3\" fill=\"{color}\"/>");
            else if (valid.Count > 1)
                sb.Append($"<polyline fill=\"none\" stroke=\"{color}\" stroke-width=\"1.5\" points=\"{string.Join(" ", valid.Select(p => F(X(p.X)) + "," + F(Y(p.Y))))}\"/>");
            sb.Append($"<text x=\"{Width - Right - 8}\" y=\"{Top + 14 + 14 * i}\" text-anchor=\"end\" fill=\"{color}\" class=\"legend\">{WebUtility.HtmlEncode(s.Name)}</text>");
            sb.Append("</g>");
        }
        return sb.Append("</svg>").ToString();
    }
}
