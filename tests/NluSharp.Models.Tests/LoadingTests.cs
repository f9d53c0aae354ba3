// Loading what real checkpoints contain: .bin (zip, legacy, old gamma/beta keys + position_ids), tied decoder weights
// present or omitted, bare base-model keys, and Hugging Face-style missing/unexpected reports and shape errors.
using NluSharp.Checkpoints;
using NluSharp.Engine;

namespace NluSharp.Models.Tests;

public class LoadingTests
{
    static float[] Logits(TaskModel model, ModelFixture f)
    {
        using var _ = Autograd.NoGrad();
        return model.Forward(f.Batch).Logits!.ToArray();
    }

    [SkippableTheory]
    [InlineData("bert", "pytorch_model.bin")]
    [InlineData("bert", "pytorch_model.legacy.bin")]
    [InlineData("bert", "pytorch_model.oldkeys.bin")]
    [InlineData("roberta", "pytorch_model.bin")]
    [InlineData("distilbert", "pytorch_model.bin")]
    [InlineData("albert", "pytorch_model.bin")]
    [InlineData("electra", "pytorch_model.bin")]
    public void BinVariantsLoadTheSameWeightsAsSafetensors(string arch, string file)
    {
        var f = ModelFixture.Of(arch);
        var (fromBin, report) = Pretrained.Load(Path.Combine(f.Dir, file));
        Assert.Empty(report.MissingKeys);
        Assert.Empty(report.UnexpectedKeys);     // oldkeys: gamma/beta renamed, position_ids ignored
        var (fromSafetensors, _) = Pretrained.Load(f.Dir);
        var a = fromBin.UniqueNamedParameters(); var b = fromSafetensors.UniqueNamedParameters();
        Assert.Equal(b.Select(p => p.Name), a.Select(p => p.Name));
        for (int i = 0; i < a.Count; i++) Assert.Equal(b[i].Parameter.ToArray(), a[i].Parameter.ToArray());
        Close.Assert("logits", Tensor<float>.FromArray(Logits(fromBin, f), 3, 3), f.Expected("sequence_classification.logits"), 1e-5, 1e-5);
    }

    [SkippableTheory]
    [InlineData("model.safetensors")]     // tied decoder keys omitted
    [InlineData("pytorch_model.bin")]     // tied decoder keys present, sharing storage
    public void MaskedLmAcceptsTiedDecoderPresentOrOmittedAndTies(string file)
    {
        var f = ModelFixture.Of("bert");
        var (model, report) = Pretrained.Load(Path.Combine(f.Dir, "mlm", file));
        Assert.Empty(report.MissingKeys);
        Assert.Empty(report.UnexpectedKeys);
        var p = model.NamedParameters().ToDictionary(x => x.Name, x => x.Parameter);
        Assert.Same(p["bert.embeddings.word_embeddings.weight"], p["cls.predictions.decoder.weight"]);
        Assert.Same(p["cls.predictions.bias"], p["cls.predictions.decoder.bias"]);
        using var _ = Autograd.NoGrad();
        Close.Assert("masked_lm.logits", model.Forward(f.MaskedLmBatch).Logits!, f.Expected("masked_lm.logits"), 5e-5, 1e-5);
    }

    public static TheoryData<string, string> HeadTasks()
    {
        var data = new TheoryData<string, string>();
        foreach (var arch in new[] { "bert", "roberta", "distilbert", "albert", "electra" })
            foreach (var task in new[] { "token_classification", "question_answering", "multiple_choice", "regression" })
                data.Add(arch, task);
        return data;
    }

    [SkippableTheory]
    [MemberData(nameof(HeadTasks))]
    public void BaseKeysIntoAHeadModelReportTheHeadAsMissingAndUnusedKeysAsUnexpected(string arch, string task)
    {
        var f = ModelFixture.Of(arch);
        var t = f.Task(task);
        var model = ModelRegistry.Create((string)t["class"]!, f.ConfigFor(task));
        using var checkpoint = Checkpoint.Open(Path.Combine(f.Dir, "model.safetensors"));
        // Only the base model's keys: the head must come back as missing, the unused base keys (pooler) as unexpected.
        var baseKeys = checkpoint.Tensors.Where(x => x.Name.StartsWith(f.Prefix + "."));
        var report = StateDictLoader.Load(model, baseKeys, model.BaseModelPrefix, model.TiedKeys, checkpoint.Path, model.HfClassName);
        var unused = t["unused_checkpoint_keys"]!.AsArray().Select(k => (string)k!).Where(k => k.StartsWith(f.Prefix + ".")).Order();
        Assert.Equal(unused, report.UnexpectedKeys.Order());
        var heads = t["head_keys"]!.AsArray().Select(k => (string)k!).Order();
        Assert.Equal(heads, report.MissingKeys.Order());
        Assert.Contains(report.Warnings(), w => w.Contains("newly initialized") && w.Contains(model.HfClassName));
    }

    [SkippableFact]
    public void BareBaseModelKeysGetThePrefixAndPrefixedKeysLoadIntoABareBaseModel()
    {
        var f = ModelFixture.Of("bert");
        using var checkpoint = Checkpoint.Open(Path.Combine(f.Dir, "model.safetensors"));
        var bare = checkpoint.Tensors.Where(t => t.Name.StartsWith("bert.")).Select(t => t with { Name = t.Name["bert.".Length..] }).ToList();
        var model = ModelRegistry.Create("BertForSequenceClassification", f.ConfigFor("sequence_classification"));
        var report = StateDictLoader.Load(model, bare, "bert", model.TiedKeys, "bare", model.HfClassName);
        Assert.Empty(report.UnexpectedKeys);
        Assert.Equal(["classifier.weight", "classifier.bias"], report.MissingKeys);

        var encoder = new BertModel((NluSharp.Checkpoints.Configs.BertConfig)f.ConfigFor("sequence_classification"), new Nn.Initializer(0.02));
        var baseReport = StateDictLoader.Load(encoder, checkpoint.Tensors, "bert", new Dictionary<string, string>(), checkpoint.Path, "BertModel");
        Assert.Empty(baseReport.MissingKeys);
        Assert.Equal(["classifier.bias", "classifier.weight"], baseReport.UnexpectedKeys.Order());
        using var _ = Autograd.NoGrad();
        Close.Assert("pooler_output", encoder.Forward(f.Batch).PoolerOutput!, f.Expected("pooler_output"), 1e-5, 1e-5);
    }

    [SkippableFact]
    public void ShapeMismatchFailsNamingEveryKeyAndBothShapes()
    {
        var f = ModelFixture.Of("bert");
        var model = ModelRegistry.Create("BertForMultipleChoice", f.ConfigFor("multiple_choice"));
        using var checkpoint = Checkpoint.Open(Path.Combine(f.Dir, "model.safetensors"));
        var e = Assert.Throws<InvalidDataException>(() => StateDictLoader.Load(model, checkpoint));
        Assert.Contains("size mismatch for classifier.weight: copying a param with shape [3, 32] from checkpoint, the shape in current model is [1, 32]", e.Message);
        Assert.Contains("size mismatch for classifier.bias", e.Message);
        Assert.Contains("model.safetensors", e.Message);
    }

    [SkippableFact]
    public void RobertaPositionIdsComeFromThePaddingOfTheIds()
    {
        var f = ModelFixture.Of("roberta");
        var ids = RobertaEmbeddings.PositionIds(f.Batch.InputIds, padId: 1);
        Assert.Equal(f.Expected("position_ids").Data, ids.ToArray().Select(v => (double)v).ToArray());
    }
}
