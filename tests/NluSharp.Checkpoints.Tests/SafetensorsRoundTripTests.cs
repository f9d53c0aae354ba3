// safetensors writer/reader: byte-exact format (the reference crate's own test vectors), round trips of every dtype,
// determinism, and re-serializing every fixture file reproduces it byte for byte.
using System.Text;
using NluSharp.Checkpoints.Safetensors;
using NluSharp.Checkpoints.Tensors;
using NluSharp.Checkpoints.Tests.Support;
using NluSharp.Tests;

namespace NluSharp.Checkpoints.Tests;

public sealed class SafetensorsRoundTripTests : IDisposable
{
    readonly string _dir = Directory.CreateTempSubdirectory("nlu-st-").FullName;
    public void Dispose() => Directory.Delete(_dir, recursive: true);

    static CheckpointTensor F32(string name, long[] shape, params float[] values) =>
        new(name, TensorDType.F32, shape, TensorBytes.FromMemory(DTypeConversion.FromFloat32(TensorDType.F32, values)));

    [Fact]
    public void Header_matches_the_reference_serializer_byte_for_byte()
    {
        // Vectors from safetensors/src/tensor.rs tests (test_serialization, test_serialization_forced_alignement, test_empty).
        var one = SafetensorsWriter.Serialize([F32("attn.0", [1, 2, 3], 0, 1, 2, 3, 4, 5)]);
        var header = "{\"attn.0\":{\"dtype\":\"F32\",\"shape\":[1,2,3],\"data_offsets\":[0,24]}}";
        Assert.Equal(64, BitConverter.ToInt64(one, 0));
        Assert.Equal(header, Encoding.UTF8.GetString(one, 8, 64));
        Assert.Equal(8 + 64 + 24, one.Length);

        var padded = SafetensorsWriter.Serialize([F32("attn0", [1, 1, 2, 3], 0, 1, 2, 3, 4, 5)]);
        Assert.Equal(72, BitConverter.ToInt64(padded, 0));
        Assert.EndsWith("}}       ", Encoding.UTF8.GetString(padded, 8, 72));

        var empty = SafetensorsWriter.Serialize([]);
        Assert.Equal(new byte[] { 8, 0, 0, 0, 0, 0, 0, 0, (byte)'{', (byte)'}', 32, 32, 32, 32, 32, 32 }, empty);
        var withMeta = SafetensorsWriter.Serialize([], new Dictionary<string, string> { ["framework"] = "pt" });
        Assert.Equal("{\"__metadata__\":{\"framework\":\"pt\"}}     ", Encoding.UTF8.GetString(withMeta, 8, 40));
    }

    [Fact]
    public void Every_dtype_round_trips_bitwise_in_reference_order()
    {
        var tensors = TestTensors.AllDTypes();
        var path = Path.Combine(_dir, "all.safetensors");
        SafetensorsWriter.Write(path, tensors, new Dictionary<string, string> { ["format"] = "pt", ["note"] = "tab\there \"quoted\" é" });
        using var ckpt = Checkpoint.Open(path);
        Assert.Equal(CheckpointFormat.Safetensors, ckpt.Format);
        Assert.Equal("pt", ckpt.Metadata["format"]);
        Assert.Equal("tab\there \"quoted\" é", ckpt.Metadata["note"]);
        Assert.Equal(tensors.Count, ckpt.Tensors.Count);
        foreach (var t in tensors) TestTensors.AssertSame(t, ckpt[t.Name]);
        // Storage order: dtype descending in the crate's enum order, then name.
        var order = ckpt.Tensors.Select(t => t.DType).ToList();
        Assert.Equal(order.OrderByDescending(d => d).ToList(), order);
        Assert.Equal(TensorDType.U64, ckpt.Tensors[0].DType);
    }

    [Fact]
    public void Output_is_identical_whatever_the_input_order()
    {
        var tensors = TestTensors.AllDTypes(7);
        var a = SafetensorsWriter.Serialize(tensors);
        var b = SafetensorsWriter.Serialize(Enumerable.Reverse(tensors));
        Assert.Equal(a, b);
    }

    [Fact]
    public void Tensors_are_read_lazily_from_the_mapping_and_converted_exactly()
    {
        var values = new float[] { 1.5f, -2.25f, float.Epsilon, float.MaxValue, float.NegativeInfinity, 65504f, 1e-8f };
        var path = Path.Combine(_dir, "f.safetensors");
        var f32 = F32("w", [7], values);
        SafetensorsWriter.Write(path, [f32, f32.CastTo(TensorDType.F16) with { Name = "h" }, f32.CastTo(TensorDType.BF16) with { Name = "b" }]);
        using var ckpt = Checkpoint.Open(path);
        Assert.Equal(values, ckpt["w"].ToFloat32());
        Assert.Equal(values.Select(v => (float)(Half)v).ToArray(), ckpt["h"].ToFloat32());
        Assert.Equal(values.Select(v => DTypeConversion.BFloat16ToSingle(DTypeConversion.SingleToBFloat16(v))).ToArray(), ckpt["b"].ToFloat32());
    }

    [Fact]
    public void Bfloat16_rounding_is_nearest_even()
    {
        Assert.Equal(0x3F80, DTypeConversion.SingleToBFloat16(1f));
        Assert.Equal(0x3F80, DTypeConversion.SingleToBFloat16(BitConverter.UInt32BitsToSingle(0x3F808000))); // tie, even stays
        Assert.Equal(0x3F82, DTypeConversion.SingleToBFloat16(BitConverter.UInt32BitsToSingle(0x3F818000))); // tie, odd rounds up
        Assert.Equal(0x3F81, DTypeConversion.SingleToBFloat16(BitConverter.UInt32BitsToSingle(0x3F808001)));
        Assert.Equal(0x7FC0, DTypeConversion.SingleToBFloat16(float.NaN));
        Assert.Equal(0x7F80, DTypeConversion.SingleToBFloat16(float.PositiveInfinity));
    }

    [Fact]
    public void Every_half_and_bfloat16_value_widens_exactly()
    {
        var bytes = new byte[65536 * 2];
        for (int i = 0; i < 65536; i++) BitConverter.TryWriteBytes(bytes.AsSpan(2 * i), (ushort)i);
        var f16 = new float[65536];
        var bf16 = new float[65536];
        DTypeConversion.ToFloat32(TensorDType.F16, bytes, f16);
        DTypeConversion.ToFloat32(TensorDType.BF16, bytes, bf16);
        for (int i = 0; i < 65536; i++)
        {
            var h = BitConverter.UInt16BitsToHalf((ushort)i);
            if (Half.IsNaN(h)) { Assert.True(float.IsNaN(f16[i])); continue; }
            Assert.Equal((double)h, (double)f16[i]); // exact: every half is a float
            Assert.Equal(i, BitConverter.HalfToUInt16Bits((Half)f16[i]));
            Assert.Equal((uint)i << 16, BitConverter.SingleToUInt32Bits(bf16[i]));
        }
    }

    [Fact]
    public void Writing_replaces_the_target_atomically_and_leaves_no_temp_files()
    {
        var path = Path.Combine(_dir, "atomic.safetensors");
        File.WriteAllText(path, "old");
        SafetensorsWriter.Write(path, TestTensors.AllDTypes());
        Assert.Single(Directory.GetFiles(_dir));
        Assert.Throws<ArgumentException>(() => SafetensorsWriter.Write(path, [F32("a", [1], 1), F32("a", [1], 2)]));
        Assert.Single(Directory.GetFiles(_dir));
        using var ckpt = Checkpoint.Open(path);
        Assert.Equal(TestTensors.AllDTypes().Count, ckpt.Tensors.Count);
    }

    public static TheoryData<string> FixtureSafetensors()
    {
        var data = new TheoryData<string>();
        foreach (var f in new[] { "bert/model.safetensors", "bert/mlm/model.safetensors", "bert/expected.safetensors", "bert/expected_fp64.safetensors",
                     "bert/grads.safetensors", "bert/heads.safetensors", "roberta/expected.safetensors", "roberta/model.safetensors",
                     "distilbert/model.safetensors", "albert/model.safetensors", "electra/model.safetensors",
                     "bert-vocab30522/model.safetensors", "bert-vocab30522/model.fp16.safetensors", "bert-vocab30522/model.bf16.safetensors" })
            data.Add(f);
        return data;
    }

    [SkippableTheory]
    [MemberData(nameof(FixtureSafetensors))]
    public void Rewriting_a_reference_file_reproduces_it_byte_for_byte(string fixture)
    {
        var path = SharedData.Require("fixtures/models/" + fixture);
        using var ckpt = Checkpoint.Open(path);
        var bytes = SafetensorsWriter.Serialize(ckpt.Tensors, ckpt.Metadata);
        Assert.True(File.ReadAllBytes(path).AsSpan().SequenceEqual(bytes), $"{fixture} re-serialized differently");
    }
}
