// Shard planning, index files (read, validated, written as transformers does) and conversion: bin → safetensors,
// dtype casts, shard/unshard, bit-identical reload and byte-identical output across runs.
using System.Text;
using NluSharp.Checkpoints.Conversion;
using NluSharp.Checkpoints.Safetensors;
using NluSharp.Checkpoints.Sharding;
using NluSharp.Checkpoints.Tensors;
using NluSharp.Checkpoints.Tests.Support;
using NluSharp.Tests;

namespace NluSharp.Checkpoints.Tests;

public sealed class ShardingAndConversionTests : IDisposable
{
    readonly string _dir = Directory.CreateTempSubdirectory("nlu-shard-").FullName;
    public void Dispose() => Directory.Delete(_dir, recursive: true);

    static CheckpointTensor Sized(string name, int bytes) => TestTensors.Make(name, TensorDType.U8, [bytes], bytes);

    [Fact]
    public void Planner_follows_huggingface_hub_greedy_split()
    {
        // [6, 6, 2, 6, 2, 2] with limit 10 → [6], [6, 2], [6, 2, 2]; a 12-byte tensor gets its own shard.
        var tensors = new[] { 6, 6, 2, 6, 2, 2 }.Select((b, i) => Sized($"t{i}", b)).ToList();
        var shards = ShardPlanner.Plan(tensors, 10);
        Assert.Equal([["t0"], ["t1", "t2"], ["t3", "t4", "t5"]], shards.Select(s => s.Select(t => t.Name).ToArray()).ToArray());
        shards = ShardPlanner.Plan([Sized("a", 3), Sized("big", 12), Sized("b", 3)], 10);
        Assert.Equal([["big"], ["a", "b"]], shards.Select(s => s.Select(t => t.Name).ToArray()).ToArray());
        Assert.Equal("model-00002-of-00003.safetensors", ShardPlanner.ShardFileName("model", ".safetensors", 1, 3));
        Assert.Equal(5_000_000_000, ShardPlanner.ParseSize("5GB"));
        Assert.Equal(2L << 30, ShardPlanner.ParseSize("2GiB"));
        Assert.Equal(1234, ShardPlanner.ParseSize("1234"));
        Assert.Throws<ArgumentException>(() => ShardPlanner.ParseSize("lots"));
    }

    [Fact]
    public void Index_is_written_as_transformers_writes_it()
    {
        var json = Encoding.UTF8.GetString(ShardIndex.Serialize(300, [new("b.w", "model-00002-of-00002.safetensors"), new("a.w", "model-00001-of-00002.safetensors")]));
        Assert.Equal("{\n  \"metadata\": {\n    \"total_size\": 300\n  },\n  \"weight_map\": {\n    \"a.w\": \"model-00001-of-00002.safetensors\",\n    \"b.w\": \"model-00002-of-00002.safetensors\"\n  }\n}\n", json);
    }

    [Fact]
    public void Shard_then_unshard_round_trips_bitwise_and_deterministically()
    {
        var tensors = TestTensors.AllDTypes(11);
        var single = Path.Combine(_dir, "in", "model.safetensors");
        SafetensorsWriter.Write(single, tensors, new Dictionary<string, string> { ["format"] = "pt" });

        var sharded = CheckpointConverter.Convert(single, Path.Combine(_dir, "sharded"), new ConvertOptions(MaxShardBytes: 64));
        Assert.True(sharded.Files.Count > 2);
        var index = Path.Combine(_dir, "sharded", "model.safetensors.index.json");
        Assert.Equal(index, sharded.Files[^1]);
        using (var ckpt = Checkpoint.Open(Path.Combine(_dir, "sharded")))
        {
            Assert.Equal(CheckpointFormat.ShardedSafetensors, ckpt.Format);
            foreach (var t in tensors) TestTensors.AssertSame(t, ckpt[t.Name]);
        }
        var again = CheckpointConverter.Convert(single, Path.Combine(_dir, "sharded2"), new ConvertOptions(MaxShardBytes: 64));
        for (int i = 0; i < sharded.Files.Count; i++)
            Assert.Equal(File.ReadAllBytes(sharded.Files[i]), File.ReadAllBytes(again.Files[i]));

        var unsharded = CheckpointConverter.Convert(index, Path.Combine(_dir, "out", "model.safetensors"), new ConvertOptions());
        Assert.Equal(File.ReadAllBytes(single), File.ReadAllBytes(Assert.Single(unsharded.Files)));
    }

    [Fact]
    public void Index_and_shards_must_agree()
    {
        var folder = Path.Combine(_dir, "bad");
        CheckpointConverter.Convert(WriteSingle(), folder, new ConvertOptions(MaxShardBytes: 64));
        var index = Path.Combine(folder, "model.safetensors.index.json");
        var text = File.ReadAllText(index);

        File.WriteAllText(index, text.Replace("\"scalar.loss\"", "\"renamed.loss\""));
        var e = Assert.Throws<CheckpointFormatException>(() => Checkpoint.Open(index));
        Assert.Contains("scalar.loss", e.Message);

        File.WriteAllText(index, text.Replace("model-00001-of-", "../model-00001-of-"));
        e = Assert.Throws<CheckpointFormatException>(() => Checkpoint.Open(index));
        Assert.Contains("expected a file name in the index's folder", e.Message);

        File.WriteAllText(index, text.Replace("model-00001-of-", "missing-00001-of-"));
        e = Assert.Throws<CheckpointFormatException>(() => Checkpoint.Open(index));
        Assert.Contains("does not exist", e.Message);
    }

    string WriteSingle()
    {
        var path = Path.Combine(_dir, "single.safetensors");
        SafetensorsWriter.Write(path, TestTensors.AllDTypes(5));
        return path;
    }

    [Fact]
    public void Sharded_pytorch_bins_load_through_their_index()
    {
        var tensors = TestTensors.AllDTypes(9).Where(t => t.DType is TensorDType.F32 or TensorDType.I64 or TensorDType.F16).ToList();
        var folder = Path.Combine(_dir, "ptshards");
        Directory.CreateDirectory(folder);
        var map = new List<KeyValuePair<string, string>>();
        for (int i = 0; i < tensors.Count; i++)
        {
            var name = $"pytorch_model-{i + 1:00000}-of-{tensors.Count:00000}.bin";
            var (specs, storages) = TorchFiles.Simple([tensors[i]]);
            File.WriteAllBytes(Path.Combine(folder, name), TorchFiles.Zip(specs, storages));
            map.Add(new(tensors[i].Name, name));
        }
        File.WriteAllBytes(Path.Combine(folder, "pytorch_model.bin.index.json"), ShardIndex.Serialize(0, map));
        using var ckpt = Checkpoint.Open(folder);
        Assert.Equal(CheckpointFormat.ShardedPyTorch, ckpt.Format);
        Assert.Equal(tensors.Count, ckpt.Tensors.Count);
        foreach (var t in tensors) TestTensors.AssertSame(t, ckpt[t.Name]);
    }

    [SkippableTheory]
    [InlineData("bert/pytorch_model.bin")]
    [InlineData("bert/pytorch_model.legacy.bin")]
    [InlineData("roberta/pytorch_model.bin")]
    [InlineData("albert/pytorch_model.bin")]
    public void Converting_a_bin_gives_the_reference_safetensors_file_byte_for_byte(string bin)
    {
        var input = SharedData.Require("fixtures/models/" + bin);
        var reference = Path.Combine(Path.GetDirectoryName(input)!, "model.safetensors");
        var first = CheckpointConverter.Convert(input, Path.Combine(_dir, "a.safetensors"), new ConvertOptions());
        var second = CheckpointConverter.Convert(input, Path.Combine(_dir, "b.safetensors"), new ConvertOptions());
        Assert.Equal(File.ReadAllBytes(first.Files[0]), File.ReadAllBytes(second.Files[0]));
        Assert.Equal(File.ReadAllBytes(reference), File.ReadAllBytes(first.Files[0]));
    }

    [SkippableTheory]
    [InlineData("f16", "fp16")]
    [InlineData("bf16", "bf16")]
    public void Casting_the_fp32_model_reproduces_the_half_precision_variant_file(string dtype, string variant)
    {
        var folder = SharedData.Require("fixtures/models/bert-vocab30522");
        var result = CheckpointConverter.Convert(folder, Path.Combine(_dir, "half"), new ConvertOptions(TensorDTypes.ParseFloatName(dtype)));
        Assert.Equal(File.ReadAllBytes(Path.Combine(folder, $"model.{variant}.safetensors")), File.ReadAllBytes(result.Files[0]));
        Assert.True(File.Exists(Path.Combine(_dir, "half", "config.json")));
        // and back: the widened values are exactly the half-precision values
        var back = CheckpointConverter.Convert(result.Files[0], Path.Combine(_dir, "back.safetensors"), new ConvertOptions(TensorDType.F32));
        using var half = Checkpoint.Open(result.Files[0]);
        using var wide = Checkpoint.Open(back.Files[0]);
        foreach (var t in half.Tensors) Assert.Equal(t.ToFloat32(), wide[t.Name].ToFloat32());
    }

    [Fact]
    public void Integer_tensors_are_not_cast_and_converting_onto_the_input_is_refused()
    {
        var path = Path.Combine(_dir, "mixed.safetensors");
        SafetensorsWriter.Write(path, [TestTensors.Make("ids", TensorDType.I64, [4], 1), TestTensors.Make("w", TensorDType.F32, [4], 2)]);
        var result = CheckpointConverter.Convert(path, Path.Combine(_dir, "h.safetensors"), new ConvertOptions(TensorDType.F16));
        using (var ckpt = Checkpoint.Open(result.Files[0]))
        {
            Assert.Equal(TensorDType.I64, ckpt["ids"].DType);
            Assert.Equal(TensorDType.F16, ckpt["w"].DType);
        }
        Assert.Throws<ArgumentException>(() => CheckpointConverter.Convert(path, path, new ConvertOptions()));
    }
}
