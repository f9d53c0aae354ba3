// Parity with the PyTorch fixtures (../shared/fixtures/models): encoder outputs, every head's logits and loss, and the
// gradient of every parameter, for each architecture. Tolerances are the fixture README's.
using NluSharp.Engine;

namespace NluSharp.Models.Tests;

public class ParityTests
{
    public static readonly TheoryData<string> Architectures = new() { "bert", "roberta", "distilbert", "albert", "electra" };

    public static TheoryData<string, string> Tasks()
    {
        var data = new TheoryData<string, string>();
        foreach (var arch in new[] { "bert", "roberta", "distilbert", "albert", "electra" })
            foreach (var task in new[] { "multi_label_classification", "token_classification", "question_answering", "multiple_choice", "regression", "masked_lm" })
                data.Add(arch, task);
        data.Add("albert", "pretraining");
        data.Add("electra", "pretraining");
        return data;
    }

    [SkippableTheory]
    [MemberData(nameof(Architectures))]
    public void EncoderOutputsLogitsLossAndEveryGradientMatchPyTorch(string arch)
    {
        var f = ModelFixture.Of(arch);
        var (model, report) = f.Build("sequence_classification");
        Assert.Empty(report.MissingKeys);
        Assert.Empty(report.UnexpectedKeys);

        var output = model.Forward(f.Batch, f.Labels("sequence_classification"));
        var enc = output.Encoder;
        for (int i = 0; i < enc.HiddenStates.Count; i++) Close.Assert($"hidden_states.{i}", enc.HiddenStates[i], f.Expected($"hidden_states.{i}"), 1e-5, 1e-5);
        Assert.Equal(enc.HiddenStates.Count, f.Manifest["expected_keys"]!.AsArray().Count(k => ((string)k!).StartsWith("hidden_states.")));
        Close.Assert("last_hidden_state", enc.LastHiddenState, f.Expected("last_hidden_state"), 1e-5, 1e-5);
        for (int i = 0; i < enc.Attentions.Count; i++) Close.Assert($"attentions.{i}", enc.Attentions[i], f.Expected($"attentions.{i}"), 5e-6, 0, zerosExact: true);
        if (f.HasExpected("pooler_output")) Close.Assert("pooler_output", enc.PoolerOutput!, f.Expected("pooler_output"), 1e-5, 1e-5);
        else Assert.Null(enc.PoolerOutput);
        if (f.HasExpected("embedding_output")) Close.Assert("embedding_output", enc.EmbeddingOutput!, f.Expected("embedding_output"), 1e-5, 1e-5);
        Close.Assert("logits", output.Logits!, f.Expected("sequence_classification.logits"), 1e-5, 1e-5);
        Close.Assert("loss", output.Loss!, f.Expected("sequence_classification.loss"), 0, 1e-5);

        output.Loss!.Backward();
        var named = model.UniqueNamedParameters().ToDictionary(p => p.Name, p => p.Parameter);
        var gradKeys = f.Grads.Keys.Where(k => !k.StartsWith("loss_")).ToList();
        Assert.Equal(gradKeys.Order(), named.Keys.Order());
        foreach (var key in gradKeys)
        {
            var grad = named[key].Grad ?? Tensor<float>.Zeros(named[key].Shape.ToArray());
            bool keyBias = key.EndsWith("attention.self.key.bias") || key.EndsWith("attention.key.bias") || key.EndsWith("k_lin.bias");
            if (keyBias) Close.Assert(key + ".grad", grad, f.Grads[key], 1e-6, 0);     // analytically zero: noise only
            else
            {
                Close.Gradient(key, grad, f.Grads[key], 1e-5, 5e-6);
                // Padding rows, unused vocabulary rows and positions beyond the batch get exactly zero gradient.
                var reference = f.Grads[key].Data; var ours = grad.ToArray();
                for (int i = 0; i < ours.Length; i++)
                    if (reference[i] == 0) Assert.True(ours[i] == 0, $"{key}.grad[{i}] is {ours[i]:R}, expected exactly 0");
            }
        }
    }

    [SkippableTheory]
    [MemberData(nameof(Tasks))]
    public void EveryHeadMatchesPyTorch(string arch, string task)
    {
        var f = ModelFixture.Of(arch);
        var (model, report) = task == "masked_lm" && arch == "bert" ? Pretrained.Load(Path.Combine(f.Dir, "mlm")) : f.Build(task);
        Assert.Empty(report.MissingKeys);
        Assert.Empty(report.UnexpectedKeys);
        Assert.Equal((string)f.Task(task)["class"]!, model.HfClassName);

        var output = model.Forward(f.InputFor(task), f.Labels(task));
        switch (task)
        {
            case "question_answering":
                Close.Assert("start_logits", output.StartLogits!, f.Expected("question_answering.start_logits"), 1e-5, 1e-5);
                Close.Assert("end_logits", output.EndLogits!, f.Expected("question_answering.end_logits"), 1e-5, 1e-5);
                break;
            case "masked_lm":
                Close.Assert("logits", output.Logits!, f.Expected("masked_lm.logits"), 5e-5, 1e-5);
                break;
            case "pretraining" when arch == "albert":
                Close.Assert("prediction_logits", output.Logits!, f.Expected("pretraining.prediction_logits"), 5e-5, 1e-5);
                Close.Assert("sop_logits", output.SopLogits!, f.Expected("pretraining.sop_logits"), 1e-5, 1e-5);
                break;
            default:
                Close.Assert("logits", output.Logits!, f.Expected(task + ".logits"), 1e-5, 1e-5);
                break;
        }
        Close.Assert("loss", output.Loss!, f.Expected(task + ".loss"), 0, 1e-5);
        // The loss is differentiable end to end (the heads' backward runs).
        output.Loss!.Backward();
        Assert.All(model.Parameters().Where(p => p.Grad != null), p => Assert.All(p.Grad!.ToArray(), g => Assert.True(float.IsFinite(g))));
    }
}
