// Reads one architecture's folder of ../shared/fixtures/models (see its README): inputs, manifest, expected outputs,
// gradients, and assembles each task model the way the README prescribes (encoder keys of model.safetensors plus the
// task's keys of heads.safetensors).
using System.Text.Json.Nodes;
using NluSharp.Checkpoints;
using NluSharp.Checkpoints.Configs;
using NluSharp.Checkpoints.Tensors;
using NluSharp.Engine;
using NluSharp.Tests;

namespace NluSharp.Models.Tests;

public sealed class ModelFixture
{
    public string Dir { get; }
    public JsonObject Manifest { get; }
    public JsonObject Inputs { get; }
    public string Prefix => (string)Manifest["base_model_prefix"]!;
    readonly Lazy<Dictionary<string, (long[] Shape, double[] Data)>> expected, grads;

    ModelFixture(string dir)
    {
        Dir = dir;
        Manifest = (JsonObject)JsonNode.Parse(File.ReadAllText(Path.Combine(dir, "manifest.json")))!;
        Inputs = (JsonObject)JsonNode.Parse(File.ReadAllText(Path.Combine(dir, "inputs.json")))!;
        expected = new(() => ReadAll(Path.Combine(dir, "expected.safetensors")));
        grads = new(() => ReadAll(Path.Combine(dir, "grads.safetensors")));
    }

    /// <summary>The fixture of one architecture; skips the test when ../shared is absent.</summary>
    public static ModelFixture Of(string arch) => new(SharedData.Require("fixtures/models/" + arch));

    public static Dictionary<string, (long[] Shape, double[] Data)> ReadAll(string path)
    {
        using var c = Checkpoint.Open(path);
        return c.Tensors.ToDictionary(t => t.Name, t => (t.Shape.ToArray(), t.DType switch
        {
            TensorDType.F64 => System.Runtime.InteropServices.MemoryMarshal.Cast<byte, double>(t.GetBytes().Span).ToArray(),
            TensorDType.I64 => System.Runtime.InteropServices.MemoryMarshal.Cast<byte, long>(t.GetBytes().Span).ToArray().Select(v => (double)v).ToArray(),
            _ => t.ToFloat32().Select(v => (double)v).ToArray(),
        }));
    }

    public (long[] Shape, double[] Data) Expected(string key) => expected.Value[key];
    public bool HasExpected(string key) => expected.Value.ContainsKey(key);
    public IReadOnlyDictionary<string, (long[] Shape, double[] Data)> Grads => grads.Value;

    // ---- inputs ---------------------------------------------------------------------------------

    static int[] Ints(JsonNode? n) => Flatten(n).Select(v => (int)v).ToArray();
    static IEnumerable<double> Flatten(JsonNode? n) => n is JsonArray a ? a.SelectMany(Flatten) : [n!.GetValue<double>()];
    static int[] ShapeOf(JsonNode? n) { var s = new List<int>(); while (n is JsonArray a) { s.Add(a.Count); n = a.Count > 0 ? a[0] : null; } return s.ToArray(); }
    static Tensor<int> IntTensor(JsonNode? n) => Tensor<int>.FromArray(Ints(n), ShapeOf(n));

    static EncoderInput InputOf(JsonObject o) => new(IntTensor(o["input_ids"]),
        o["attention_mask"] is { } m ? IntTensor(m) : null, o["token_type_ids"] is { } t ? IntTensor(t) : null);

    public EncoderInput Batch => InputOf((JsonObject)Inputs["batch"]!);
    public EncoderInput MaskedLmBatch => InputOf((JsonObject)Inputs["masked_lm"]!);
    public EncoderInput MultipleChoiceBatch => InputOf((JsonObject)Inputs["multiple_choice"]!);

    /// <summary>The labels of a task, as inputs.json gives them (floats rounded to float32, as HF computes with float32 labels).</summary>
    public TaskLabels Labels(string task)
    {
        var labels = (JsonObject)Inputs["labels"]!;
        switch (task)
        {
            case "sequence_classification": case "token_classification":
                return new TaskLabels { Classes = IntTensor(labels[task]) };
            case "regression": case "multi_label_classification":
                var n = labels[task]; var v = Flatten(n).Select(x => (float)x).ToArray();
                return new TaskLabels { Values = Tensor<float>.FromArray(v, ShapeOf(n)) };
            case "question_answering":
                return new TaskLabels { StartPositions = IntTensor(labels[task]!["start_positions"]), EndPositions = IntTensor(labels[task]!["end_positions"]) };
            case "multiple_choice":
                return new TaskLabels { Classes = IntTensor(Inputs["multiple_choice"]!["labels"]) };
            case "masked_lm":
                return new TaskLabels { Classes = IntTensor(Inputs["masked_lm"]!["labels"]) };
            case "pretraining":
                var p = (JsonObject)Inputs["pretraining"]!;
                return new TaskLabels { Classes = IntTensor(p["labels"]), SentenceOrder = p["sentence_order_label"] is { } s ? IntTensor(s) : null };
            default: throw new ArgumentException(task);
        }
    }

    public EncoderInput InputFor(string task) => task switch
    {
        "multiple_choice" => MultipleChoiceBatch,
        "masked_lm" => MaskedLmBatch,
        "pretraining" when Prefix == "albert" => MaskedLmBatch,
        _ => Batch,
    };

    // ---- models ---------------------------------------------------------------------------------

    public JsonObject Task(string task) => (JsonObject)Manifest["tasks"]![task]!;

    public ModelConfig ConfigFor(string task) =>
        ConfigOverrides.Apply(ModelConfig.Load(Path.Combine(Dir, "config.json")), (JsonObject)Task(task)["config_overrides"]!);

    /// <summary>The task model with the README's weights: the encoder keys of model.safetensors plus heads.safetensors "task/…".</summary>
    public (TaskModel Model, LoadReport Report) Build(string task)
    {
        var model = ModelRegistry.Create((string)Task(task)["class"]!, ConfigFor(task), seed: 123);
        using var main = Checkpoint.Open(Path.Combine(Dir, "model.safetensors"));
        IEnumerable<CheckpointTensor> tensors = main.Tensors;
        Checkpoint? heads = null;
        if (Task(task)["head_keys"] != null)
        {
            heads = Checkpoint.Open(Path.Combine(Dir, "heads.safetensors"));
            var expectedKeys = model.NamedParameters().Select(p => p.Name).ToHashSet();
            tensors = main.Tensors.Where(t => t.Name.StartsWith(Prefix + ".") && expectedKeys.Contains(t.Name))
                .Concat(heads.Tensors.Where(t => t.Name.StartsWith(task + "/")).Select(t => t with { Name = t.Name[(task.Length + 1)..] }));
        }
        try
        {
            var report = StateDictLoader.Load(model, tensors, model.BaseModelPrefix, model.TiedKeys, Dir, model.HfClassName);
            return (model, report);
        }
        finally { heads?.Dispose(); }
    }
}
