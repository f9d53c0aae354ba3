// The HTML report of a real (small) training run parses as XML and carries every series, the confusion matrix,
// the configuration and the fingerprints, with nothing loaded from outside the file.
using System.Xml;
using System.Xml.Linq;
using NluSharp.Training.Losses;
using NluSharp.Training.Reporting;
using NluSharp.Training.Tests.TestModel;
using NluSharp.Training.Trainers;

namespace NluSharp.Training.Tests.Reporting;

public sealed class HtmlReportTests : IDisposable
{
    readonly string dir = Path.Combine(Path.GetTempPath(), "nlusharp-report-" + Guid.NewGuid().ToString("N"));
    public void Dispose() { if (Directory.Exists(dir)) Directory.Delete(dir, recursive: true); }

    static XDocument Parse(string path)
    {
        using var reader = XmlReader.Create(path, new XmlReaderSettings { DtdProcessing = DtdProcessing.Ignore });
        return XDocument.Load(reader);
    }

    [Fact]
    public void ReportOfATrainingRunHasAllSeries()
    {
        var train = SmallEncoder.Dataset(48, seed: 1);
        var validation = SmallEncoder.Dataset(30, seed: 2);
        var tokenizer = Path.Combine(dir, "in", "vocab.txt");
        Directory.CreateDirectory(Path.GetDirectoryName(tokenizer)!);
        File.WriteAllText(tokenizer, "[PAD]\n[UNK]\nhello & <world>\n");
        var options = new TrainerOptions
        {
            OutputDir = Path.Combine(dir, "out"), MaxSteps = 12, PerDeviceTrainBatchSize = 8, LearningRate = 1e-2, LoggingSteps = 2,
            EvalStrategy = IntervalStrategy.Steps, EvalSteps = 4, SaveStrategy = IntervalStrategy.No, TokenizerFiles = [tokenizer],
        };
        new Trainer(new SmallEncoder(3), options, train, TrainingLoss.CrossEntropy(),
            m => ModelEvaluator.Classification(m, validation, 8, TrainingLoss.CrossEntropy(), labelNames: ["low", "mid", "high <&>"])).Train();

        var path = HtmlReport.Write(options.OutputDir);
        Assert.Equal(Path.Combine(options.OutputDir, "report.html"), path);
        Assert.Empty(Directory.GetFiles(options.OutputDir, "*.tmp"));
        var doc = Parse(path);
        XNamespace html = "http://www.w3.org/1999/xhtml", svg = "http://www.w3.org/2000/svg";

        var series = doc.Descendants(svg + "g").ToDictionary(g => (string)g.Attribute("data-series")!, g => (int)g.Attribute("data-points")!);
        Assert.Equal(6, series["loss"]);            // steps 2, 4, ..., 12
        Assert.Equal(6, series["learning_rate"]);
        Assert.Equal(6, series["grad_norm"]);
        Assert.Equal(3, series["eval_accuracy"]);   // steps 4, 8, 12
        Assert.Equal(3, series["eval_loss"]);
        Assert.Contains("eval_mcc", series.Keys);
        var lossLine = doc.Descendants(svg + "g").Single(g => (string)g.Attribute("data-series")! == "loss").Element(svg + "polyline")!;
        Assert.Equal(6, ((string)lossLine.Attribute("points")!).Split(' ').Length);

        var confusion = doc.Descendants(html + "table").Single(t => (string?)t.Attribute("class") == "confusion");
        Assert.Contains("high <&>", confusion.Descendants(html + "th").Select(th => th.Value));
        Assert.Equal(30, confusion.Descendants(html + "td").Sum(td => int.Parse(td.Value)));

        var config = doc.Descendants(html + "table").Single(t => (string?)t.Attribute("class") == "config");
        Assert.Contains(config.Descendants(html + "tr"), tr => tr.Element(html + "th")!.Value == "LearningRate" && tr.Element(html + "td")!.Value == "0.01");
        var fingerprints = doc.Descendants(html + "table").Single(t => (string?)t.Attribute("class") == "fingerprints")
            .Descendants(html + "tr").ToDictionary(tr => tr.Element(html + "th")!.Value, tr => tr.Element(html + "td")!.Value);
        Assert.Matches("^[0-9a-f]{64}$", fingerprints["train_data"]);
        Assert.Matches("^[0-9a-f]{64}$", fingerprints["tokenizer:vocab.txt"]);

        // Self-contained: no scripts and nothing fetched from elsewhere.
        Assert.Empty(doc.Descendants(html + "script"));
        Assert.DoesNotContain(doc.Descendants().Attributes(), a => a.Name.LocalName is "src" or "href");
    }

    [Fact]
    public void MissingOrBrokenMetricsAreReportedClearly()
    {
        Directory.CreateDirectory(dir);
        Assert.Contains("metrics.jsonl", Assert.Throws<FileNotFoundException>(() => HtmlReport.Write(dir)).Message);
        File.WriteAllText(Path.Combine(dir, MetricsLog.FileName), "{\"loss\":1,\"step\":1}\nnot json\n{\"loss\":0.5,\"step\":2}\n");
        Assert.Contains("metrics.jsonl:2", Assert.Throws<InvalidDataException>(() => HtmlReport.Write(dir)).Message);
    }

    [Fact]
    public void EmptyRunStillRendersWellFormed()
    {
        var text = HtmlReport.Render([], null, null, "empty <run>");
        var doc = XDocument.Parse(text.Replace("<!DOCTYPE html>", ""));
        Assert.Contains("no data", doc.ToString());
    }
}
