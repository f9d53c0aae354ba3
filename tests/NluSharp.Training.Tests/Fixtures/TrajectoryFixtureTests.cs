// What of ../shared/fixtures/models/*/train_trajectory.json can be checked without a model: the learning rate of every
// step (exact), the HF decay / no-decay split of every architecture's parameter names, and the clip coefficient
// formula from the recorded pre-clip norms. The loss / grad-norm / final-weight replay needs the models: it plugs a
// model's loss into OptimizationStep.Run (see OptimizationStepTests for the loop on a test model).
using System.Text.Json;
using NluSharp.Engine;
using NluSharp.Tests;
using NluSharp.Training.Optimization;
using NluSharp.Training.Schedules;

namespace NluSharp.Training.Tests.Fixtures;

public class TrajectoryFixtureTests
{
    public static TheoryData<string> Architectures => new() { "bert", "roberta", "distilbert", "albert", "electra" };

    static JsonElement Load(string arch) =>
        JsonDocument.Parse(File.ReadAllText(SharedData.Require($"fixtures/models/{arch}/train_trajectory.json"))).RootElement;

    [SkippableTheory]
    [MemberData(nameof(Architectures))]
    public void LearningRatePerStepIsExact(string arch)
    {
        var root = Load(arch);
        var schedule = root.GetProperty("schedule");
        Assert.StartsWith("linear", schedule.GetProperty("type").GetString());
        var lr = new LearningRateSchedule(ScheduleKind.Linear, root.GetProperty("optimizer").GetProperty("lr").GetDouble(),
            schedule.GetProperty("num_training_steps").GetInt32(), new Warmup(Steps: schedule.GetProperty("num_warmup_steps").GetInt32()));
        var steps = root.GetProperty("steps").EnumerateArray().ToList();
        Assert.Equal(5, steps.Count);
        for (int k = 0; k < steps.Count; k++)
        {
            double expected = steps[k].GetProperty("lr").GetDouble();
            Assert.Equal(k + 1, steps[k].GetProperty("step").GetInt32());
            Assert.True(BitConverter.DoubleToInt64Bits(expected) == BitConverter.DoubleToInt64Bits(lr.LearningRateAt(k)),
                $"{arch} step {k + 1}: fixture lr {expected:R}, schedule {lr.LearningRateAt(k):R}");
        }
    }

    [SkippableTheory]
    [MemberData(nameof(Architectures))]
    public void WeightDecayGroupsMatchHuggingFace(string arch)
    {
        var root = Load(arch);
        var decay = root.GetProperty("decay_parameters").EnumerateArray().Select(e => e.GetString()!).ToList();
        var noDecay = root.GetProperty("no_decay_parameters").EnumerateArray().Select(e => e.GetString()!).ToList();
        var all = decay.Concat(noDecay).Select(n => new NamedParameter(n, Tensor<float>.Zeros(1))).ToList();
        var groups = WeightDecayGroups.Split(all, 0.01);
        Assert.Equal(decay.Order(StringComparer.Ordinal), groups[0].Parameters.Select(p => p.Name).Order(StringComparer.Ordinal));
        Assert.Equal(noDecay.Order(StringComparer.Ordinal), groups[1].Parameters.Select(p => p.Name).Order(StringComparer.Ordinal));
        Assert.Equal(0.01, groups[0].WeightDecay);
        Assert.Equal(0.0, groups[1].WeightDecay);
        var configured = root.GetProperty("optimizer").GetProperty("param_groups")[0].GetProperty("weight_decay").GetDouble();
        Assert.Equal(0.01, configured);
    }

    [SkippableTheory]
    [MemberData(nameof(Architectures))]
    public void ClipCoefficientFollowsFromTheRecordedNorm(string arch)
    {
        // The fixture's clip_coef is torch's float32 max_norm / (norm + 1e-6), printed as a double.
        foreach (var step in Load(arch).GetProperty("steps").EnumerateArray())
        {
            float norm = (float)step.GetProperty("grad_norm").GetDouble();
            float expected = (float)step.GetProperty("clip_coef").GetDouble();
            var t = Tensor<float>.Zeros(1);
            t.RequiresGrad = true;
            t.MulScalar(norm).Sum().Backward();   // a single gradient of exactly `norm`
            var r = GradientClipping.ClipByGlobalNorm([t], 1.0);
            Assert.Equal(norm, r.TotalNorm);
            Assert.Equal(expected, r.Coefficient);
        }
    }
}
