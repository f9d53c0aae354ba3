// The realistic-vocabulary case end to end from text, half-precision weights, the inference API on every head,
// save_pretrained round trips, and Hugging Face-style initialization of new heads.
using NluSharp.Checkpoints;
using NluSharp.Engine;
using NluSharp.Tests;
using NluSharp.Tokenizers;

namespace NluSharp.Models.Tests;

public class InferenceAndSavingTests
{
    static string Vocab30522 => SharedData.Require("fixtures/models/bert-vocab30522");

    [SkippableTheory]
    [InlineData("model.safetensors", "logits", "loss")]
    [InlineData("model.fp16.safetensors", "logits_from_fp16", "loss_from_fp16")]
    [InlineData("model.bf16.safetensors", "logits_from_bf16", "loss_from_bf16")]
    public void RealVocabularyModelMatchesItsOwnExpectedLogitsPerWeightPrecision(string weights, string logitsKey, string lossKey)
    {
        var dir = Vocab30522;
        var expected = ModelFixture.ReadAll(Path.Combine(dir, "expected.safetensors"));
        var inputs = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(Path.Combine(dir, "inputs.json")))!;
        int[][] Rows(string key) => inputs["batch"]![key]!.AsArray().Select(r => r!.AsArray().Select(v => (int)v!).ToArray()).ToArray();
        var batch = EncoderInput.FromRows(Rows("input_ids"), Rows("attention_mask"), Rows("token_type_ids"));
        var labels = inputs["labels"]!["sequence_classification"]!.AsArray().Select(v => (int)v!).ToArray();

        var (model, report) = Pretrained.Load(Path.Combine(dir, weights));
        Assert.Empty(report.MissingKeys);
        Assert.Empty(report.UnexpectedKeys);
        var output = model.Forward(batch, new TaskLabels { Classes = Tensor<int>.FromArray(labels, labels.Length) });
        Close.Assert(logitsKey, output.Logits!, expected[logitsKey], 1e-5, 1e-5);
        Close.Assert(lossKey, output.Loss!, expected[lossKey], 0, 1e-5);
        if (weights == "model.safetensors")
        {
            Close.Assert("last_hidden_state", output.Encoder.LastHiddenState, expected["last_hidden_state"], 1e-5, 1e-5);
            Close.Assert("pooler_output", output.Encoder.PoolerOutput!, expected["pooler_output"], 1e-5, 1e-5);
        }
    }

    [SkippableFact]
    public void RawSst2TextsTokenizedEndToEndGiveTheExpectedLogits()
    {
        var dir = Vocab30522;
        var tokenizer = Tokenizer.FromFile(SharedData.Require("tokenizers/bert-base-uncased"));
        var (model, _) = Pretrained.Load(dir);
        var classifier = new TextClassifier(model, tokenizer);
        // SST-2 dev rows 0–3, read from the GLUE file itself.
        var texts = File.ReadLines(SharedData.Require("data/glue/SST-2/dev.tsv")).Skip(1).Take(4).Select(l => l.Split('\t')[0]).ToList();
        var predictions = classifier.Predict(texts, batchSize: 3);    // two batches, each padded to its own longest text
        var expected = ModelFixture.ReadAll(Path.Combine(dir, "expected.safetensors"))["logits"];
        var logits = Tensor<float>.FromArray(predictions.SelectMany(p => p.Logits).ToArray(), 4, 2);
        Close.Assert("logits", logits, expected, 1e-5, 1e-5);
        foreach (var p in predictions)
        {
            Assert.Equal(model.Config.Id2Label.TryGetValue(p.LabelId, out var name) ? name : $"LABEL_{p.LabelId}", p.Label);
            Assert.Equal(1.0, p.Probabilities.Sum(), 5);
        }
    }

    [SkippableTheory]
    [InlineData("bert", "token_classification")]
    [InlineData("roberta", "question_answering")]
    [InlineData("distilbert", "multi_label_classification")]
    [InlineData("albert", "regression")]
    public void TokenIdInputThroughTheInferenceApiMatchesTheBatchedForward(string arch, string task)
    {
        var f = ModelFixture.Of(arch);
        var (model, _) = f.Build(task);
        var batch = f.Batch;
        int B = batch.InputIds.Size(0), T = batch.InputIds.Size(1);
        var ids = batch.InputIds.ToArray(); var mask = batch.AttentionMask!.ToArray(); var types = batch.TokenTypeIds?.ToArray();
        var inputs = Enumerable.Range(0, B).Select(b =>
        {
            int length = mask.Skip(b * T).Take(T).Sum();   // unpadded: the API pads per batch itself
            return new TokenizedInput(ids.Skip(b * T).Take(length).ToArray(), null, types?.Skip(b * T).Take(length).ToArray());
        }).ToList();
        var predictions = new TextClassifier(model, null).PredictTokenized(inputs, batchSize: 2);
        for (int b = 0; b < B; b++)
        {
            int length = inputs[b].InputIds.Length;
            var p = predictions[b];
            switch (task)
            {
                case "token_classification":
                    var e = f.Expected("token_classification.logits");
                    Assert.Equal(length, p.TokenLabels!.Count);
                    for (int i = 0; i < length * 5; i++) Assert.Equal(e.Data[b * T * 5 + i], p.Logits[i], 1e-5);
                    break;
                case "question_answering":
                    var s = f.Expected("question_answering.start_logits");
                    for (int i = 0; i < length; i++) Assert.Equal(s.Data[b * T + i], p.Logits[i], 1e-5);
                    Assert.InRange(p.Answer!.Start, 0, p.Answer.End);
                    break;
                default:
                    var l = f.Expected(task + ".logits"); int n = p.Logits.Length;
                    for (int i = 0; i < n; i++) Assert.Equal(l.Data[b * n + i], p.Logits[i], 1e-5);
                    if (task == "multi_label_classification") Assert.All(p.Probabilities, v => Assert.InRange(v, 0f, 1f));
                    break;
            }
        }
    }

    [SkippableFact]
    public void InferenceApiRejectsBadTokenInputWithTheIndexAndField()
    {
        var f = ModelFixture.Of("bert");
        var (model, _) = f.Build("sequence_classification");
        var api = new TextClassifier(model, null);
        Assert.Contains("input 1: token id 5000", Assert.Throws<ArgumentException>(() => api.PredictTokenized([new([101, 102]), new([101, 5000, 102])])).Message);
        Assert.Contains("input 0: attention_mask has 1", Assert.Throws<ArgumentException>(() => api.PredictTokenized([new([101, 102], [1])])).Message);
        Assert.Contains("more than the model's maximum of 64", Assert.Throws<ArgumentException>(() => api.PredictTokenized([new(new int[65])])).Message);
        Assert.Contains("no tokenizer", Assert.Throws<InvalidOperationException>(() => api.Predict(["text"])).Message);
    }

    [SkippableTheory]
    [InlineData("bert", "")]
    [InlineData("bert", "mlm")]
    [InlineData("albert", "")]
    [InlineData("roberta", "")]
    public void SavePretrainedWritesTheReferenceFileAndRoundTrips(string arch, string sub)
    {
        var source = Path.Combine(ModelFixture.Of(arch).Dir, sub);
        var (model, _) = Pretrained.Load(source);
        var dir = Directory.CreateTempSubdirectory("nlusharp-save-").FullName;
        try
        {
            Pretrained.Save(model, dir);
            // Same tensors, same names, tied aliases dropped, same byte layout as the reference writer produced.
            Assert.Equal(File.ReadAllBytes(Path.Combine(source, "model.safetensors")), File.ReadAllBytes(Path.Combine(dir, "model.safetensors")));
            var (reloaded, report) = Pretrained.Load(dir);
            Assert.Empty(report.MissingKeys);
            Assert.Empty(report.UnexpectedKeys);
            Assert.Equal(model.HfClassName, reloaded.HfClassName);
            Assert.Equal(model.Config.Id2Label, reloaded.Config.Id2Label);
            var a = model.UniqueNamedParameters(); var b = reloaded.UniqueNamedParameters();
            for (int i = 0; i < a.Count; i++) Assert.Equal(a[i].Parameter.ToArray(), b[i].Parameter.ToArray());
            Assert.Equal(File.ReadAllText(Path.Combine(source, "config.json")), File.ReadAllText(Path.Combine(dir, "config.json")));
        }
        finally { Directory.Delete(dir, recursive: true); }
    }

    [SkippableFact]
    public void NewHeadsAreInitializedAsHuggingFaceDoesAndDeterministically()
    {
        var f = ModelFixture.Of("bert");
        var config = ConfigOverrides.Apply(f.ConfigFor("sequence_classification"), new System.Text.Json.Nodes.JsonObject { ["num_labels"] = 7, ["initializer_range"] = 0.02 });
        var a = ModelRegistry.Create("BertForTokenClassification", config, seed: 5);
        var b = ModelRegistry.Create("BertForTokenClassification", config, seed: 5);
        var p = a.NamedParameters().ToDictionary(x => x.Name, x => x.Parameter.ToArray());
        Assert.Equal(p["classifier.weight"], b.NamedParameters().First(x => x.Name == "classifier.weight").Parameter.ToArray());
        Assert.Equal(7 * 32, p["classifier.weight"].Length);
        Assert.All(p["classifier.bias"], v => Assert.Equal(0f, v));
        Assert.All(p["bert.embeddings.LayerNorm.weight"], v => Assert.Equal(1f, v));
        Assert.All(p["bert.embeddings.word_embeddings.weight"].Take(32), v => Assert.Equal(0f, v));   // padding row
        var w = p["bert.embeddings.word_embeddings.weight"].Skip(32).Select(v => (double)v).ToArray();
        double std = Math.Sqrt(w.Select(v => v * v).Average());
        Assert.InRange(std, 0.0195, 0.0205);                                                          // N(0, initializer_range)
        Assert.InRange(w.Average(), -0.0005, 0.0005);
        Assert.NotEqual(p["classifier.weight"], ModelRegistry.Create("BertForTokenClassification", config, seed: 6).NamedParameters().First(x => x.Name == "classifier.weight").Parameter.ToArray());
    }
}
