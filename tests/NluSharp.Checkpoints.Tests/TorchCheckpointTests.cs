// PyTorch .bin readers (zip and legacy) against the fixture twins, the restricted unpickler's refusals,
// and synthetic state dicts with tied storages, strided views and every storage dtype.
using System.Text;
using NluSharp.Checkpoints.PyTorch;
using NluSharp.Checkpoints.Tensors;
using NluSharp.Checkpoints.Tests.Support;
using NluSharp.Tests;

namespace NluSharp.Checkpoints.Tests;

public sealed class TorchCheckpointTests : IDisposable
{
    readonly string _dir = Directory.CreateTempSubdirectory("nlu-pt-").FullName;
    public void Dispose() => Directory.Delete(_dir, recursive: true);

    string Save(string name, byte[] bytes)
    {
        var path = Path.Combine(_dir, name);
        File.WriteAllBytes(path, bytes);
        return path;
    }

    public static TheoryData<string> Architectures() => new() { "bert", "roberta", "distilbert", "albert", "electra" };

    [SkippableTheory]
    [MemberData(nameof(Architectures))]
    public void Zip_bin_holds_exactly_the_safetensors_twin(string arch)
    {
        var bin = SharedData.Require($"fixtures/models/{arch}/pytorch_model.bin");
        using var st = Checkpoint.Open(SharedData.Require($"fixtures/models/{arch}/model.safetensors"));
        using var pt = Checkpoint.Open(bin);
        Assert.Equal(CheckpointFormat.PyTorchZip, pt.Format);
        Assert.Equal(st.Tensors.Select(t => t.Name).Order(), pt.Tensors.Select(t => t.Name).Order());
        foreach (var t in st.Tensors) TestTensors.AssertSame(t, pt[t.Name]);
    }

    [SkippableFact]
    public void Mlm_bin_keeps_tied_decoder_as_shared_storage()
    {
        using var st = Checkpoint.Open(SharedData.Require("fixtures/models/bert/mlm/model.safetensors"));
        using var pt = Checkpoint.Open(SharedData.Require("fixtures/models/bert/mlm/pytorch_model.bin"));
        foreach (var t in st.Tensors) TestTensors.AssertSame(t, pt[t.Name]);
        var extra = pt.Tensors.Select(t => t.Name).Except(st.Tensors.Select(t => t.Name)).Order().ToList();
        Assert.Equal(["cls.predictions.decoder.bias", "cls.predictions.decoder.weight"], extra);
        TestTensors.AssertSame(st["bert.embeddings.word_embeddings.weight"] with { Name = "cls.predictions.decoder.weight" }, pt["cls.predictions.decoder.weight"]);
        TestTensors.AssertSame(st["cls.predictions.bias"] with { Name = "cls.predictions.decoder.bias" }, pt["cls.predictions.decoder.bias"]);
    }

    [SkippableFact]
    public void Legacy_bin_equals_zip_bin_in_order_and_bits()
    {
        using var zip = Checkpoint.Open(SharedData.Require("fixtures/models/bert/pytorch_model.bin"));
        using var legacy = Checkpoint.Open(SharedData.Require("fixtures/models/bert/pytorch_model.legacy.bin"));
        Assert.Equal(CheckpointFormat.PyTorchLegacy, legacy.Format);
        Assert.Equal(zip.Tensors.Count, legacy.Tensors.Count);
        for (int i = 0; i < zip.Tensors.Count; i++) TestTensors.AssertSame(zip.Tensors[i], legacy.Tensors[i]);
    }

    [SkippableFact]
    public void Old_key_legacy_bin_equals_safetensors_after_hf_renames()
    {
        using var st = Checkpoint.Open(SharedData.Require("fixtures/models/bert/model.safetensors"));
        using var old = Checkpoint.Open(SharedData.Require("fixtures/models/bert/pytorch_model.oldkeys.bin"));
        Assert.Contains(old.Tensors, t => t.Name.EndsWith("LayerNorm.gamma"));
        var positions = old["bert.embeddings.position_ids"];
        Assert.Equal(TensorDType.I64, positions.DType);
        Assert.Equal([1L, 64L], positions.Shape);
        Assert.Equal(Enumerable.Range(0, 64).Select(i => (float)i), positions.ToFloat32());
        var renamed = old.Tensors.Where(t => !HfKeyConventions.IsIgnoredBuffer(t.Name))
            .Select(t => t with { Name = HfKeyConventions.Normalize(t.Name) }).ToList();
        Assert.Equal(st.Tensors.Count, renamed.Count);
        foreach (var t in renamed) TestTensors.AssertSame(st[t.Name], t);
    }

    [SkippableTheory]
    [InlineData("fp16", TensorDType.F16)]
    [InlineData("bf16", TensorDType.BF16)]
    public void Half_precision_variants_are_the_fp32_weights_rounded_to_nearest_even(string variant, TensorDType dtype)
    {
        using var f32 = Checkpoint.Open(SharedData.Require("fixtures/models/bert-vocab30522/model.safetensors"));
        using var half = Checkpoint.Open(SharedData.Require($"fixtures/models/bert-vocab30522/model.{variant}.safetensors"));
        Assert.Equal(f32.Tensors.Count, half.Tensors.Count);
        foreach (var t in f32.Tensors)
        {
            var h = half[t.Name];
            Assert.Equal(dtype, h.DType);
            TestTensors.AssertSame(t.CastTo(dtype), h);
            // Widening is exact: re-narrowing the float32 values gives the same bits back.
            Assert.True(DTypeConversion.FromFloat32(dtype, h.ToFloat32()).AsSpan().SequenceEqual(h.GetBytes().Span));
        }
    }

    [Fact]
    public void Synthetic_zip_and_legacy_files_of_every_dtype_load_bitwise()
    {
        var tensors = TestTensors.AllDTypes(3).Where(t => t.DType is not (TensorDType.U16 or TensorDType.U32 or TensorDType.U64)).ToList();
        var (specs, storages) = TorchFiles.Simple(tensors);
        foreach (var (name, bytes) in new[] { ("z.bin", TorchFiles.Zip(specs, storages)), ("l.bin", TorchFiles.Legacy(specs, storages)) })
        {
            using var ckpt = Checkpoint.Open(Save(name, bytes));
            Assert.Equal(tensors.Count, ckpt.Tensors.Count);
            for (int i = 0; i < tensors.Count; i++) TestTensors.AssertSame(tensors[i], ckpt.Tensors[i]);
        }
    }

    [Fact]
    public void Strided_views_and_offsets_into_a_shared_storage_are_materialized_in_C_order()
    {
        // storage: 0..11 as float32; views: full [3,4], transposed [4,3], row 1 (offset 4), and column 2 (stride 4).
        var values = Enumerable.Range(0, 12).Select(i => (float)i).ToArray();
        var storage = new TorchStorageSpec("0", "FloatStorage", DTypeConversion.FromFloat32(TensorDType.F32, values), 4);
        var specs = new List<TorchTensorSpec>
        {
            new("full", "0", 0, [3, 4], [4, 1]),
            new("transposed", "0", 0, [4, 3], [1, 4]),
            new("row1", "0", 4, [4], [1]),
            new("col2", "0", 2, [3], [4]),
        };
        foreach (var bytes in new[] { TorchFiles.Zip(specs, [storage], prefix: "pytorch_model"), TorchFiles.Legacy(specs, [storage]) })
        {
            using var ckpt = Checkpoint.Open(Save("v.bin", bytes));
            Assert.Equal(values, ckpt["full"].ToFloat32());
            Assert.Equal(new float[] { 0, 4, 8, 1, 5, 9, 2, 6, 10, 3, 7, 11 }, ckpt["transposed"].ToFloat32());
            Assert.Equal(new float[] { 4, 5, 6, 7 }, ckpt["row1"].ToFloat32());
            Assert.Equal(new float[] { 2, 6, 10 }, ckpt["col2"].ToFloat32());
        }
    }

    [Fact]
    public void Legacy_storage_views_index_into_their_root_storage()
    {
        // Pre-0.4 torch pickled storage views: persistent id ('storage', type, root_key, loc, root_size, (view_key, offset, view_size)).
        var values = Enumerable.Range(0, 12).Select(i => (float)i).ToArray();
        var root = new TorchStorageSpec("root", "FloatStorage", DTypeConversion.FromFloat32(TensorDType.F32, values), 4);
        var p = new PickleWriter();
        p.Proto(2);
        p.EmptyDict(); p.Mark();
        p.Unicode("w");
        p.Global("torch._utils", "_rebuild_tensor_v2");
        p.Mark();
        p.Mark(); p.Unicode("storage"); p.Global("torch", "FloatStorage"); p.Unicode("root"); p.Unicode("cpu"); p.Int(12);
        p.Mark(); p.Unicode("view"); p.Int(4); p.Int(6); p.Tuple();
        p.Tuple(); p.BinPersId();
        p.Int(1); p.Mark(); p.Int(2); p.Int(2); p.Tuple(); p.Mark(); p.Int(2); p.Int(1); p.Tuple();
        p.False(); p.Global("collections", "OrderedDict"); p.EmptyTuple(); p.Reduce();
        p.Tuple(); p.Reduce();
        p.SetItems(); p.Stop();
        using var ckpt = Checkpoint.Open(Save("view.bin", TorchFiles.Legacy([], [root], objectPickle: p.ToArray())));
        // view = elements 4..9; tensor offset 1 within the view, size [2,2], stride [2,1] → 5, 6, 7, 8
        Assert.Equal(new float[] { 5, 6, 7, 8 }, ckpt["w"].ToFloat32());
    }

    [Fact]
    public void A_view_past_the_end_of_its_storage_is_refused()
    {
        var storage = new TorchStorageSpec("0", "FloatStorage", new byte[48], 4);
        var specs = new List<TorchTensorSpec> { new("w", "0", 1, [3, 4], [4, 1]) };
        var e = Assert.Throws<CheckpointFormatException>(() => Checkpoint.Open(Save("p.bin", TorchFiles.Zip(specs, [storage]))));
        Assert.Contains("'w'", e.Message);
        Assert.Contains("holds 12", e.Message);
    }

    [Fact]
    public void A_corrupted_zip_storage_fails_its_crc_check()
    {
        var (specs, storages) = TorchFiles.Simple([TestTensors.Make("w", TensorDType.F32, [64], 1)]);
        var bytes = TorchFiles.Zip(specs, storages);
        var at = bytes.AsSpan().IndexOf(storages[0].Bytes.AsSpan(0, 16));
        bytes[at + 5] ^= 0xff;
        using var ckpt = Checkpoint.Open(Save("crc.bin", bytes));
        var e = Assert.Throws<CheckpointFormatException>(() => ckpt["w"].ToFloat32());
        Assert.Contains("CRC-32", e.Message);
    }

    [Fact]
    public void Byteorder_records_of_newer_torch_are_honoured()
    {
        var (specs, storages) = TorchFiles.Simple([TestTensors.Make("w", TensorDType.F32, [4], 1)]);
        using (var little = Checkpoint.Open(Save("le.bin", TorchFiles.Zip(specs, storages, extraEntries: new Dictionary<string, byte[]> { ["byteorder"] = "little"u8.ToArray() }))))
            Assert.Equal(storages[0].Bytes, little["w"].ReadBytes());
        var e = Assert.Throws<CheckpointFormatException>(() => Checkpoint.Open(Save("be.bin", TorchFiles.Zip(specs, storages, extraEntries: new Dictionary<string, byte[]> { ["byteorder"] = "big"u8.ToArray() }))));
        Assert.Contains("big-endian", e.Message);
    }

    static byte[] EvilPickle(string module, string name)
    {
        var p = new PickleWriter();
        p.Proto(2);
        p.Global(module, name);
        p.Mark(); p.Unicode("echo pwned"); p.Tuple();
        p.Reduce();
        p.Stop();
        return p.ToArray();
    }

    [Theory]
    [InlineData("os", "system")]
    [InlineData("posix", "system")]
    [InlineData("builtins", "eval")]
    [InlineData("subprocess", "Popen")]
    [InlineData("numpy.core.multiarray", "_reconstruct")]
    [InlineData("torch", "load")]
    public void Any_global_outside_the_allow_list_is_refused_by_name(string module, string name)
    {
        var zip = Save("evil.bin", TorchFiles.Zip([], [], pickle: EvilPickle(module, name)));
        var e = Assert.Throws<CheckpointFormatException>(() => Checkpoint.Open(zip));
        Assert.Contains($"'{module}.{name}'", e.Message);
        Assert.StartsWith(zip, e.Message);

        var legacy = Save("evil-legacy.bin", TorchFiles.Legacy([], [], objectPickle: EvilPickle(module, name)));
        e = Assert.Throws<CheckpointFormatException>(() => Checkpoint.Open(legacy));
        Assert.Contains($"'{module}.{name}'", e.Message);
    }

    [Fact]
    public void Stack_global_is_checked_too_and_instantiation_opcodes_are_refused()
    {
        var p = new PickleWriter();
        p.Proto(4);
        p.Unicode("os"); p.Unicode("system"); p.Op(0x93); // STACK_GLOBAL
        p.Stop();
        var e = Assert.Throws<CheckpointFormatException>(() => Checkpoint.Open(Save("sg.bin", TorchFiles.Zip([], [], pickle: p.ToArray()))));
        Assert.Contains("'os.system'", e.Message);

        var inst = Encoding.ASCII.GetBytes("(ios\nsystem\nS'ls'\n.");
        e = Assert.Throws<CheckpointFormatException>(() => Checkpoint.Open(Save("inst.bin", TorchFiles.Zip([], [], pickle: inst))));
        Assert.Contains("not allowed", e.Message);
    }

    [Fact]
    public void Allowed_globals_cannot_be_called_in_other_roles()
    {
        var p = new PickleWriter();
        p.Proto(2);
        p.Global("torch", "FloatStorage"); p.Mark(); p.Int(10); p.Tuple(); p.Reduce(); p.Stop();
        var e = Assert.Throws<CheckpointFormatException>(() => Checkpoint.Open(Save("call.bin", TorchFiles.Zip([], [], pickle: p.ToArray()))));
        Assert.Contains("torch.FloatStorage", e.Message);
    }

    [Fact]
    public void A_checkpoint_that_is_not_a_state_dict_is_refused()
    {
        var p = new PickleWriter();
        p.Proto(2); p.EmptyList(); p.Stop();
        var e = Assert.Throws<CheckpointFormatException>(() => Checkpoint.Open(Save("list.bin", TorchFiles.Zip([], [], pickle: p.ToArray()))));
        Assert.Contains("expected a state dict", e.Message);
    }
}
