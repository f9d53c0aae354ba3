// The pretrained encoder committed under models/ (see its README.md) is the trained one: it loads as a masked LM and as
// a classifier encoder, and predicts masked tokens of unseen English text far better than the same architecture
// freshly initialized. Needs nothing outside the repository.
using NluSharp.Models;
using NluSharp.Tokenizers;
using NluSharp.Training.Data;
using NluSharp.Training.Pretraining;

namespace NluSharp.Training.Tests.Pretraining;

public class CommittedEncoderTests
{
    public const string ModelName = "nlusharp-bert-mini-mlm";

    /// <summary>models/ModelName in the repository this test was built from.</summary>
    public static string Folder()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir != null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "NluSharp.slnx"))) return Path.Combine(dir.FullName, "models", ModelName);
        throw new DirectoryNotFoundException($"no NluSharp.slnx above {AppContext.BaseDirectory}");
    }

    // Written for this test (not from the pretraining corpus).
    const string Text =
        "The river runs through the middle of the old town, and most of the houses were built along its banks. " +
        "In the summer the children swim near the bridge, while their parents sit in the shade and talk about the weather. " +
        "The town council decided to build a new school on the north side of the river in the year after the war. " +
        "Many of the people who live there today work in the city, which is about an hour away by train.";

    [Fact]
    public void PredictsMaskedTokensOfNewTextFarBetterThanAFreshEncoder()
    {
        var folder = Folder();
        Assert.True(File.Exists(Path.Combine(folder, "model.safetensors")), $"{folder}: the committed encoder is missing");
        var (model, report) = Pretrained.Load(folder);
        Assert.Empty(report.MissingKeys);
        var mlm = Assert.IsAssignableFrom<MaskedLMModel>(model);
        var tokenizer = Tokenizer.FromFile(Path.Combine(folder, "tokenizer.json"));
        var (cls, sep, _, _, _) = PretrainingJob.SpecialIds(tokenizer);
        var ids = new[] { cls }.Concat(tokenizer.Encode(Text, addSpecialTokens: false).Ids).Append(sep).ToArray();
        var examples = Enumerable.Range(0, 16).Select(_ => new TrainingExample(ids)).ToList();   // 16 different maskings of one text

        double Accuracy(MaskedLMModel m)
        {
            var pretrainer = new MaskedLMPretrainer(m, PretrainingJob.MaskerFor(tokenizer, tokenizer.VocabSize, MaskingObjective.Mlm));
            return pretrainer.Evaluate(examples, 4, new DynamicPadding()).Metrics["accuracy"];
        }
        double trained = Accuracy(mlm), fresh = Accuracy(new BertForMaskedLM((Checkpoints.Configs.BertConfig)mlm.Config, seed: 1));
        Assert.True(trained >= 0.15 && trained > fresh + 0.10, $"masked-token accuracy {trained:F3} (fresh encoder {fresh:F3})");
    }
}
