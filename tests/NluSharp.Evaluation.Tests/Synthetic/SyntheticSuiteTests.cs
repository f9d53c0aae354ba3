// The demo's generated suite: deterministic from the seed, disjoint splits, labels that follow the stated rules.
using NluSharp.Evaluation.Synthetic;
using NluSharp.Evaluation.Tasks;

namespace NluSharp.Evaluation.Tests.Synthetic;

public class SyntheticSuiteTests
{
    static string Key(TaskExample e) { var t = (TextInput)e.Input; return t.Text + "|" + t.Pair + "|" + e.Label; }

    [Fact]
    public void SameSeedSameSuiteOtherSeedOtherSuite()
    {
        var a = SyntheticSuite.Generate(7, 300, 100);
        var b = SyntheticSuite.Generate(7, 300, 100);
        var c = SyntheticSuite.Generate(8, 300, 100);
        for (int t = 0; t < a.Count; t++)
        {
            Assert.Equal(a[t].Train.Select(Key), b[t].Train.Select(Key));
            Assert.Equal(a[t].Test.Select(Key), b[t].Test.Select(Key));
            Assert.NotEqual(a[t].Train.Select(Key), c[t].Train.Select(Key));
        }
    }

    [Fact]
    public void SplitsAreDisjointFullSizeAndUseEveryLabel()
    {
        foreach (var task in SyntheticSuite.Generate(1, 1000, 200))
        {
            Assert.Equal(1000, task.Train.Count);
            Assert.Equal(200, task.Dev.Count);
            Assert.Equal(200, task.Test.Count);
            string Text(TaskExample e) { var t = (TextInput)e.Input; return t.Text + "|" + t.Pair; }
            Assert.Empty(task.Train.Select(Text).Intersect(task.Dev.Select(Text)));
            Assert.Empty(task.Dev.Select(Text).Intersect(task.Test.Select(Text)));
            Assert.Equal(task.Labels.OrderBy(l => l), task.Train.Select(e => e.Label!).Distinct().OrderBy(l => l));
            Assert.InRange(task.MajorityBaseline, 0.2, 0.7);   // no label dominates
        }
    }

    [Fact]
    public void LabelsFollowTheCompositionRules()
    {
        var suite = SyntheticSuite.Generate(3, 2000, 10);
        var sentiment = suite[0].Train;
        // A single un-negated clause with a positive adjective is positive; negating it flips the label.
        Assert.Contains(sentiment, e => ((TextInput)e.Input).Text.Contains(" not ") && !((TextInput)e.Input).Text.Contains(" but "));
        foreach (var e in sentiment.Where(e => !((TextInput)e.Input).Text.Contains(" but ")))
        {
            var words = ((TextInput)e.Input).Text.TrimEnd('.').ToLowerInvariant().Split(' ');
            bool positiveWord = words.Any(w => new[] { "good", "great", "charming", "moving", "brilliant", "delightful", "clever", "gripping", "funny", "beautiful", "wonderful", "sharp" }.Contains(w));
            bool negated = words.Any(w => w is "not" or "never" or "hardly");
            Assert.Equal(positiveWord ^ negated ? "positive" : "negative", e.Label);
        }
        var inference = suite[1].Train;
        foreach (var e in inference)
        {
            var t = (TextInput)e.Input;
            if (t.Text.StartsWith("All") && t.Pair!.StartsWith("Some") && !t.Pair.Contains(" not ") && t.Text.Split(' ')[1] == t.Pair.Split(' ')[1] && t.Text[^8..] == t.Pair[^8..])
                Assert.Equal("entailment", e.Label);
        }
    }
}
