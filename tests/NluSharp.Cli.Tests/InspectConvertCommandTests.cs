// `nlu inspect` and `nlu convert` end to end: the JSON shape and tensor order, exit code 2 with a message for bad input,
// and convert output that reloads bit-identically and is byte-identical across runs.
using System.CommandLine;
using System.Text.Json;
using NluSharp.Checkpoints;
using NluSharp.Cli.Commands;
using NluSharp.Tests;

namespace NluSharp.Cli.Tests;

public sealed class InspectConvertCommandTests : IDisposable
{
    readonly string _dir = Directory.CreateTempSubdirectory("nlu-cli-").FullName;
    public void Dispose() => Directory.Delete(_dir, recursive: true);

    static (int Code, string Output) Run(params string[] args)
    {
        var root = new RootCommand();
        root.Subcommands.Add(InspectCommand.Create());
        root.Subcommands.Add(ConvertCommand.Create());
        var output = new StringWriter();
        var code = root.Parse(args).Invoke(new InvocationConfiguration { Output = output, Error = output });
        return (code, output.ToString());
    }

    [SkippableTheory]
    [InlineData("bert/model.safetensors", "safetensors")]
    [InlineData("bert/pytorch_model.bin", "pytorch-zip")]
    [InlineData("bert/pytorch_model.legacy.bin", "pytorch-legacy")]
    [InlineData("electra", "safetensors")]
    public void Inspect_json_has_the_documented_shape_and_checkpoint_order(string fixture, string format)
    {
        var path = SharedData.Require("fixtures/models/" + fixture);
        var (code, output) = Run("inspect", path, "--json");
        Assert.Equal(0, code);
        using var doc = JsonDocument.Parse(output);
        var root = doc.RootElement;
        Assert.Equal(["format", "architecture", "parameters", "tensors"], root.EnumerateObject().Select(p => p.Name));
        Assert.Equal(format, root.GetProperty("format").GetString());
        Assert.EndsWith("ForSequenceClassification", root.GetProperty("architecture").GetString());
        using var ckpt = Checkpoint.Open(path);
        Assert.Equal(ckpt.ParameterCount, root.GetProperty("parameters").GetInt64());
        var tensors = root.GetProperty("tensors").EnumerateArray().ToList();
        Assert.Equal(ckpt.Tensors.Count, tensors.Count);
        for (int i = 0; i < tensors.Count; i++)
        {
            Assert.Equal(["name", "dtype", "shape"], tensors[i].EnumerateObject().Select(p => p.Name));
            Assert.Equal(ckpt.Tensors[i].Name, tensors[i].GetProperty("name").GetString());
            Assert.Equal("F32", tensors[i].GetProperty("dtype").GetString());
            Assert.Equal(ckpt.Tensors[i].Shape, tensors[i].GetProperty("shape").EnumerateArray().Select(d => d.GetInt64()));
        }
        Assert.StartsWith("{\"format\": \"" + format + "\", \"architecture\": ", output);
    }

    [SkippableFact]
    public void Inspect_text_names_format_architecture_and_parameters()
    {
        var (code, output) = Run("inspect", SharedData.Require("fixtures/models/distilbert"));
        Assert.Equal(0, code);
        Assert.Contains("format:       safetensors", output);
        Assert.Contains("DistilBertForSequenceClassification", output);
        Assert.Contains("dim=32", output);
        Assert.Contains("distilbert.embeddings.word_embeddings.weight", output);
    }

    [Fact]
    public void Bad_input_exits_with_code_2()
    {
        var bad = Path.Combine(_dir, "bad.safetensors");
        File.WriteAllBytes(bad, [1, 2, 3]);
        Assert.Equal(2, Run("inspect", bad).Code);
        Assert.Equal(2, Run("inspect", Path.Combine(_dir, "missing.bin")).Code);
        Assert.Equal(2, Run("convert", bad, Path.Combine(_dir, "out.safetensors")).Code);
        Assert.False(File.Exists(Path.Combine(_dir, "out.safetensors")));
    }

    [SkippableFact]
    public void Convert_is_byte_identical_across_runs_and_reloads_bit_identically()
    {
        var bin = SharedData.Require("fixtures/models/bert/mlm/pytorch_model.bin");
        var a = Path.Combine(_dir, "a");
        var b = Path.Combine(_dir, "b");
        Assert.Equal(0, Run("convert", bin, a, "--dtype", "f16", "--max-shard-size", "100KB").Code);
        Assert.Equal(0, Run("convert", bin, b, "--dtype", "f16", "--max-shard-size", "100KB").Code);
        var files = Directory.GetFiles(a).Select(Path.GetFileName).Order().ToList();
        Assert.Contains("model.safetensors.index.json", files);
        Assert.Contains(files, f => f!.StartsWith("model-00002-of-0000"));
        foreach (var f in files) Assert.Equal(File.ReadAllBytes(Path.Combine(a, f!)), File.ReadAllBytes(Path.Combine(b, f!)));
        Assert.Contains("\"torch_dtype\": \"float16\"", File.ReadAllText(Path.Combine(a, "config.json")));

        using var source = Checkpoint.Open(bin);
        using var converted = Checkpoint.Open(a);
        Assert.Equal(source.Tensors.Count, converted.Tensors.Count);
        foreach (var t in source.Tensors)
        {
            var c = converted[t.Name];
            Assert.Equal(t.Shape, c.Shape);
            Assert.Equal(t.CastTo(c.DType).ReadBytes(), c.ReadBytes());
        }

        // and unsharding back to f32 gives exactly the widened half values
        var single = Path.Combine(_dir, "single.safetensors");
        Assert.Equal(0, Run("convert", a, single, "--dtype", "f32").Code);
        using var wide = Checkpoint.Open(single);
        foreach (var t in converted.Tensors) Assert.Equal(t.ToFloat32(), wide[t.Name].ToFloat32());
    }
}
