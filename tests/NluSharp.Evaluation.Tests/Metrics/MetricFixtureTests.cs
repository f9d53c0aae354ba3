// Walks every case of ../shared/fixtures/metrics/metrics.json (scikit-learn / scipy / official ReCoRD and MultiRC
// logic) and requires the streaming metrics to reproduce each value to 1e-9. A case whose metric has no
// implementation here fails the test instead of being skipped.
using System.Text.Json;
using NluSharp.Evaluation.Metrics;
using NluSharp.Tests;

namespace NluSharp.Evaluation.Tests.Metrics;

public class MetricFixtureTests
{
    const double Tolerance = 1e-9;

    static readonly Dictionary<string, Func<JsonElement, double>> ByFixtureName = new()
    {
        ["accuracy"] = inputs => Confusion(inputs).Accuracy,
        ["f1"] = inputs => Confusion(inputs).F1(1),
        ["macro_f1"] = inputs => Confusion(inputs).MacroF1,
        ["matthews"] = inputs => Confusion(inputs).MatthewsCorrelation,
        ["pearson"] = inputs => Pairs(inputs, new PearsonCorrelation(), (m, g, p) => m.Add(g, p)).Value,
        ["spearman"] = inputs => Pairs(inputs, new SpearmanCorrelation(), (m, g, p) => m.Add(g, p)).Value,
        ["record_f1"] = inputs => Record(inputs).F1,
        ["record_em"] = inputs => Record(inputs).ExactMatch,
        ["multirc_f1a"] = inputs => MultiRc(inputs).F1a,
        ["multirc_em"] = inputs => MultiRc(inputs).ExactMatch,
        ["glue_score"] = inputs => LeaderboardScore.Glue(Tasks(inputs)),
        ["superglue_score"] = inputs => LeaderboardScore.SuperGlue(Tasks(inputs)),
    };

    [SkippableFact]
    public void EveryFixtureCaseIsReproduced()
    {
        var path = SharedData.Require("fixtures/metrics/metrics.json");
        using var doc = JsonDocument.Parse(File.ReadAllText(path));
        var cases = doc.RootElement.GetProperty("cases").EnumerateArray().ToList();
        Assert.True(cases.Count >= 30, $"expected the full fixture, found {cases.Count} cases");
        var failures = new List<string>();
        var used = new HashSet<string>();
        foreach (var c in cases)
        {
            var name = c.GetProperty("name").GetString()!;
            var metric = c.GetProperty("metric").GetString()!;
            if (!ByFixtureName.TryGetValue(metric, out var compute))
            {
                failures.Add($"{name}: no implementation for metric '{metric}'");
                continue;
            }
            used.Add(metric);
            var expected = c.GetProperty("expected").GetDouble();
            var actual = compute(c.GetProperty("inputs"));
            if (!(Math.Abs(actual - expected) <= Tolerance))
                failures.Add($"{name}: expected {expected:R}, got {actual:R}");
        }
        Assert.True(failures.Count == 0, string.Join("\n", failures));
        Assert.Equal(ByFixtureName.Keys.Order(), used.Order());
    }

    static ConfusionMatrix Confusion(JsonElement inputs)
    {
        var labels = inputs.GetProperty("labels").EnumerateArray().Select(e => e.GetInt32()).ToList();
        var predictions = inputs.GetProperty("predictions").EnumerateArray().Select(e => e.GetInt32()).ToList();
        var matrix = new ConfusionMatrix();
        for (var i = 0; i < labels.Count; i++) matrix.Add(labels[i], predictions[i]);
        return matrix;
    }

    static T Pairs<T>(JsonElement inputs, T metric, Action<T, double, double> add)
    {
        var labels = inputs.GetProperty("labels").EnumerateArray().Select(e => e.GetDouble()).ToList();
        var predictions = inputs.GetProperty("predictions").EnumerateArray().Select(e => e.GetDouble()).ToList();
        for (var i = 0; i < labels.Count; i++) add(metric, labels[i], predictions[i]);
        return metric;
    }

    static RecordScore Record(JsonElement inputs)
    {
        var score = new RecordScore();
        foreach (var item in inputs.GetProperty("items").EnumerateArray())
            score.Add(item.GetProperty("prediction").GetString()!,
                item.GetProperty("answers").EnumerateArray().Select(a => a.GetString()!).ToList());
        return score;
    }

    static MultiRcScore MultiRc(JsonElement inputs)
    {
        var score = new MultiRcScore();
        var q = 0;
        foreach (var question in inputs.GetProperty("questions").EnumerateArray())
        {
            var labels = question.GetProperty("labels").EnumerateArray().Select(e => e.GetInt32()).ToList();
            var predictions = question.GetProperty("predictions").EnumerateArray().Select(e => e.GetInt32()).ToList();
            for (var i = 0; i < labels.Count; i++) score.Add($"q{q}", labels[i], predictions[i]);
            q++;
        }
        return score;
    }

    static Dictionary<string, IReadOnlyDictionary<string, double>> Tasks(JsonElement inputs) =>
        inputs.GetProperty("tasks").EnumerateObject().ToDictionary(
            t => t.Name,
            t => (IReadOnlyDictionary<string, double>)t.Value.EnumerateObject().ToDictionary(m => m.Name, m => m.Value.GetDouble()));
}
