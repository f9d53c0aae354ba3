// Replays a recorded Hugging Face training trajectory (../shared/fixtures/models/*/train_trajectory.json: 5 AdamW steps
// with linear warmup, clip_grad_norm_ 1.0, HF weight-decay groups, fixed padded batches) through OptimizationStep, so
// that a model's parity test is: load the checkpoint, Replay(parameters, batch => model loss), compare the per-step
// loss / grad_norm / lr and the final weights with the file and train_final.safetensors.
using System.Text.Json;
using NluSharp.Engine;
using NluSharp.Training.Data;
using NluSharp.Training.Optimization;
using NluSharp.Training.Schedules;

namespace NluSharp.Training.Parity;

/// <summary>What the reference recorded for one step.</summary>
/// <param name="Step">1-based step.</param>
/// <param name="LearningRate">lr used by the step.</param>
/// <param name="Loss">float32 loss.</param>
/// <param name="GradNorm">Pre-clip global gradient norm.</param>
/// <param name="ClipCoefficient">Factor applied to the gradients.</param>
public sealed record RecordedStep(int Step, double LearningRate, double Loss, double GradNorm, double ClipCoefficient);

/// <summary>A recorded training trajectory and its replay.</summary>
public sealed class TrainTrajectory
{
    /// <summary>Peak learning rate.</summary>
    public required double LearningRate { get; init; }
    /// <summary>AdamW β1, β2.</summary>
    public required (double Beta1, double Beta2) Betas { get; init; }
    /// <summary>AdamW ε.</summary>
    public required double Epsilon { get; init; }
    /// <summary>Weight decay of the decayed group.</summary>
    public required double WeightDecay { get; init; }
    /// <summary>Names in the decayed group (the rest get 0).</summary>
    public required IReadOnlyList<string> DecayParameters { get; init; }
    /// <summary>Names in the non-decayed group.</summary>
    public required IReadOnlyList<string> NoDecayParameters { get; init; }
    /// <summary>The schedule (linear with warmup).</summary>
    public required LearningRateSchedule Schedule { get; init; }
    /// <summary>Clipping threshold.</summary>
    public required double MaxGradNorm { get; init; }
    /// <summary>The batches, one per step, already padded.</summary>
    public required IReadOnlyList<Batch> Batches { get; init; }
    /// <summary>The recorded results per step.</summary>
    public required IReadOnlyList<RecordedStep> Steps { get; init; }

    /// <summary>Whether a parameter is an attention key bias, whose gradient is analytically 0 and whose final value is
    /// implementation-dependent (compare with atol 2.5e-3, per the fixtures' README).</summary>
    public static bool IsAttentionKeyBias(string name) =>
        name.EndsWith("attention.self.key.bias", StringComparison.Ordinal) || name.EndsWith("attention.key.bias", StringComparison.Ordinal)
        || name.EndsWith("k_lin.bias", StringComparison.Ordinal);

    /// <summary>Reads a train_trajectory.json; errors name the file and field.</summary>
    public static TrainTrajectory Load(string path)
    {
        using var doc = JsonDocument.Parse(File.ReadAllBytes(path));
        var root = doc.RootElement;
        JsonElement Get(JsonElement e, string field, string where) =>
            e.TryGetProperty(field, out var v) ? v : throw new InvalidDataException($"{path}: missing field '{where}{field}'");
        var opt = Get(root, "optimizer", "");
        var betas = Get(opt, "betas", "optimizer.");
        var groups = Get(opt, "param_groups", "optimizer.");
        var schedule = Get(root, "schedule", "");
        var type = Get(schedule, "type", "schedule.").GetString() ?? "";
        if (!type.StartsWith("linear", StringComparison.Ordinal)) throw new InvalidDataException($"{path}: schedule.type '{type}' is not supported (expected linear)");
        int[][] Matrix(JsonElement e) => e.EnumerateArray().Select(r => r.EnumerateArray().Select(x => x.GetInt32()).ToArray()).ToArray();
        var batches = new List<Batch>();
        int bi = 0;
        foreach (var b in Get(root, "batches", "").EnumerateArray())
        {
            var ids = Matrix(Get(b, "input_ids", $"batches[{bi}]."));
            var mask = Matrix(Get(b, "attention_mask", $"batches[{bi}]."));
            int[][]? types = b.TryGetProperty("token_type_ids", out var t) ? Matrix(t) : null;
            var labels = Get(b, "labels", $"batches[{bi}].").EnumerateArray().Select(x => x.GetInt32()).ToArray();
            int B = ids.Length, T = ids[0].Length;
            if (ids.Any(r => r.Length != T) || mask.Length != B || mask.Any(r => r.Length != T) || labels.Length != B)
                throw new InvalidDataException($"{path}: batches[{bi}] has ragged or mismatched input_ids / attention_mask / labels");
            batches.Add(new Batch
            {
                InputIds = Tensor<int>.FromArray(ids.SelectMany(r => r).ToArray(), B, T),
                AttentionMask = Tensor<int>.FromArray(mask.SelectMany(r => r).ToArray(), B, T),
                TokenTypeIds = types == null ? null : Tensor<int>.FromArray(types.SelectMany(r => r).ToArray(), B, T),
                Labels = Tensor<int>.FromArray(labels, B),
                ExampleIndices = Enumerable.Range(0, B).ToArray(),
                RealTokens = mask.Sum(r => r.Sum()),
            });
            bi++;
        }
        var steps = Get(root, "steps", "").EnumerateArray().Select((s, i) => new RecordedStep(
            Get(s, "step", $"steps[{i}].").GetInt32(), Get(s, "lr", $"steps[{i}].").GetDouble(), Get(s, "loss", $"steps[{i}].").GetDouble(),
            Get(s, "grad_norm", $"steps[{i}].").GetDouble(), Get(s, "clip_coef", $"steps[{i}].").GetDouble())).ToList();
        if (steps.Count != batches.Count) throw new InvalidDataException($"{path}: {steps.Count} steps but {batches.Count} batches");
        return new TrainTrajectory
        {
            LearningRate = Get(opt, "lr", "optimizer.").GetDouble(),
            Betas = (betas[0].GetDouble(), betas[1].GetDouble()),
            Epsilon = Get(opt, "eps", "optimizer.").GetDouble(),
            WeightDecay = groups[0].GetProperty("weight_decay").GetDouble(),
            DecayParameters = Get(root, "decay_parameters", "").EnumerateArray().Select(e => e.GetString()!).ToList(),
            NoDecayParameters = Get(root, "no_decay_parameters", "").EnumerateArray().Select(e => e.GetString()!).ToList(),
            Schedule = new LearningRateSchedule(ScheduleKind.Linear, Get(opt, "lr", "optimizer.").GetDouble(),
                Get(schedule, "num_training_steps", "schedule.").GetInt32(), new Warmup(Steps: Get(schedule, "num_warmup_steps", "schedule.").GetInt32())),
            MaxGradNorm = Get(root, "max_grad_norm", "").GetDouble(),
            Batches = batches,
            Steps = steps,
        };
    }

    /// <summary>
    /// Runs every recorded step on <paramref name="parameters"/> (loaded from the trajectory's model.safetensors) with
    /// <paramref name="loss"/> computing the model's loss for a batch in evaluation mode (dropout off, as recorded).
    /// Groups come from the file's decay lists; every parameter must be in exactly one of them.
    /// </summary>
    public IReadOnlyList<StepResult> Replay(IReadOnlyList<NamedParameter> parameters, Func<Batch, Tensor<float>> loss)
    {
        var decay = DecayParameters.ToHashSet(StringComparer.Ordinal);
        var noDecay = NoDecayParameters.ToHashSet(StringComparer.Ordinal);
        var unknown = parameters.Where(p => !decay.Contains(p.Name) && !noDecay.Contains(p.Name)).Select(p => p.Name).ToList();
        if (unknown.Count > 0) throw new ArgumentException($"parameters not listed in the trajectory's decay / no-decay lists: {string.Join(", ", unknown)}");
        var missing = decay.Concat(noDecay).Except(parameters.Select(p => p.Name)).ToList();
        if (missing.Count > 0) throw new ArgumentException($"the trajectory lists parameters the model does not have: {string.Join(", ", missing)}");
        var optimizer = new AdamW(
            [new ParameterGroup(parameters.Where(p => decay.Contains(p.Name)).ToList(), WeightDecay),
             new ParameterGroup(parameters.Where(p => noDecay.Contains(p.Name)).ToList(), 0.0)],
            Betas.Beta1, Betas.Beta2, Epsilon);
        var stepper = new OptimizationStep(optimizer, Schedule, MaxGradNorm);
        return Batches.Select(batch => stepper.Run(_ => loss(batch))).ToList();
    }
}
