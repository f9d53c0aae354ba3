// Test-side writer of torch.save files (zip and legacy) with protocol-2 pickles shaped like torch 1.13's,
// so readers and the fuzzer can be exercised on synthetic state dicts (strided views, tied storages, odd dtypes).
using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;
using NluSharp.Checkpoints.Tensors;

namespace NluSharp.Checkpoints.Tests.Support;

/// <summary>A tensor for a synthetic state dict: a view (offset, size, stride) of storage <see cref="StorageKey"/>.</summary>
public sealed record TorchTensorSpec(string Name, string StorageKey, long Offset, long[] Size, long[] Stride);

/// <summary>A storage: its torch class name (e.g. "FloatStorage") and raw bytes.</summary>
public sealed record TorchStorageSpec(string Key, string StorageClass, byte[] Bytes, int ElementSize)
{
    public long ElementCount => Bytes.Length / ElementSize;
}

public static class TorchFiles
{
    /// <summary>Contiguous tensors, one storage each, from (name, dtype, shape, bytes).</summary>
    public static (List<TorchTensorSpec>, List<TorchStorageSpec>) Simple(IEnumerable<CheckpointTensor> tensors)
    {
        var specs = new List<TorchTensorSpec>();
        var storages = new List<TorchStorageSpec>();
        foreach (var t in tensors)
        {
            var key = storages.Count.ToString();
            storages.Add(new TorchStorageSpec(key, StorageClass(t.DType), t.ReadBytes(), t.DType.SizeOf()));
            specs.Add(new TorchTensorSpec(t.Name, key, 0, t.Shape.ToArray(), ContiguousStride(t.Shape.ToArray())));
        }
        return (specs, storages);
    }

    public static long[] ContiguousStride(long[] size)
    {
        var stride = new long[size.Length];
        long s = 1;
        for (int i = size.Length - 1; i >= 0; i--) { stride[i] = s; s *= size[i]; }
        return stride;
    }

    public static string StorageClass(TensorDType d) => d switch
    {
        TensorDType.F32 => "FloatStorage", TensorDType.F64 => "DoubleStorage", TensorDType.F16 => "HalfStorage",
        TensorDType.BF16 => "BFloat16Storage", TensorDType.I64 => "LongStorage", TensorDType.I32 => "IntStorage",
        TensorDType.I16 => "ShortStorage", TensorDType.I8 => "CharStorage", TensorDType.U8 => "ByteStorage",
        TensorDType.Bool => "BoolStorage", _ => throw new ArgumentException(d.ToString()),
    };

    /// <summary>The state-dict pickle (protocol 2), persistent ids with 5 (zip) or 6 (legacy) fields.</summary>
    public static byte[] StateDictPickle(IReadOnlyList<TorchTensorSpec> tensors, IReadOnlyList<TorchStorageSpec> storages, bool legacy)
    {
        var p = new PickleWriter();
        p.Proto(2);
        p.Global("collections", "OrderedDict"); p.EmptyTuple(); p.Reduce();
        p.Mark();
        foreach (var t in tensors)
        {
            var s = storages.Single(x => x.Key == t.StorageKey);
            p.Unicode(t.Name);
            p.Global("torch._utils", "_rebuild_tensor_v2");
            p.Mark();
            p.Mark(); p.Unicode("storage"); p.Global("torch", s.StorageClass); p.Unicode(s.Key); p.Unicode("cpu"); p.Int(s.ElementCount);
            if (legacy) p.None();
            p.Tuple(); p.BinPersId();
            p.Int(t.Offset);
            p.Mark(); foreach (var d in t.Size) p.Int(d); p.Tuple();
            p.Mark(); foreach (var d in t.Stride) p.Int(d); p.Tuple();
            p.False();
            p.Global("collections", "OrderedDict"); p.EmptyTuple(); p.Reduce();
            p.Tuple(); p.Reduce();
        }
        p.SetItems();
        p.Stop();
        return p.ToArray();
    }

    /// <summary>A torch.save zip archive (stored entries) under folder <paramref name="prefix"/>.</summary>
    public static byte[] Zip(IReadOnlyList<TorchTensorSpec> tensors, IReadOnlyList<TorchStorageSpec> storages, string prefix = "archive", byte[]? pickle = null,
        IReadOnlyDictionary<string, byte[]>? extraEntries = null)
    {
        using var ms = new MemoryStream();
        using (var zip = new ZipArchive(ms, ZipArchiveMode.Create, leaveOpen: true))
        {
            void Add(string name, byte[] bytes)
            {
                var e = zip.CreateEntry(prefix + "/" + name, CompressionLevel.NoCompression);
                e.LastWriteTime = new DateTimeOffset(2020, 1, 1, 0, 0, 0, TimeSpan.Zero);
                using var s = e.Open();
                s.Write(bytes);
            }
            Add("data.pkl", pickle ?? StateDictPickle(tensors, storages, legacy: false));
            foreach (var s in storages) Add("data/" + s.Key, s.Bytes);
            Add("version", "3\n"u8.ToArray());
            foreach (var (name, bytes) in extraEntries ?? new Dictionary<string, byte[]>()) Add(name, bytes);
        }
        return ms.ToArray();
    }

    /// <summary>A legacy (pre-1.6) torch.save file.</summary>
    public static byte[] Legacy(IReadOnlyList<TorchTensorSpec> tensors, IReadOnlyList<TorchStorageSpec> storages, byte[]? objectPickle = null)
    {
        using var ms = new MemoryStream();
        var magic = new PickleWriter(); magic.Proto(2); magic.Long1(Convert.FromHexString("6cfc9c46f9206aa85019")); magic.Stop();
        ms.Write(magic.ToArray());
        var proto = new PickleWriter(); proto.Proto(2); proto.Int(1001); proto.Stop();
        ms.Write(proto.ToArray());
        var sys = new PickleWriter(); sys.Proto(2); sys.EmptyDict(); sys.Mark();
        sys.Unicode("protocol_version"); sys.Int(1001); sys.Unicode("little_endian"); sys.True();
        sys.Unicode("type_sizes"); sys.EmptyDict(); sys.Mark(); sys.Unicode("short"); sys.Int(2); sys.Unicode("int"); sys.Int(4); sys.Unicode("long"); sys.Int(4); sys.SetItems();
        sys.SetItems(); sys.Stop();
        ms.Write(sys.ToArray());
        ms.Write(objectPickle ?? StateDictPickle(tensors, storages, legacy: true));
        var keys = storages.Select(s => s.Key).Order(StringComparer.Ordinal).ToList();
        var kp = new PickleWriter(); kp.Proto(2); kp.EmptyList(); kp.Mark(); foreach (var k in keys) kp.Unicode(k); kp.Appends(); kp.Stop();
        ms.Write(kp.ToArray());
        var n = new byte[8];
        foreach (var k in keys)
        {
            var s = storages.Single(x => x.Key == k);
            BinaryPrimitives.WriteInt64LittleEndian(n, s.ElementCount);
            ms.Write(n);
            ms.Write(s.Bytes);
        }
        return ms.ToArray();
    }
}

/// <summary>Minimal protocol-2 pickle emitter for tests.</summary>
public sealed class PickleWriter
{
    readonly MemoryStream _ms = new();
    public void Op(byte b) => _ms.WriteByte(b);
    public void Raw(ReadOnlySpan<byte> b) => _ms.Write(b);
    public void Proto(byte v) { Op(0x80); Op(v); }
    public void Stop() => Op((byte)'.');
    public void Mark() => Op((byte)'(');
    public void Tuple() => Op((byte)'t');
    public void EmptyTuple() => Op((byte)')');
    public void EmptyDict() => Op((byte)'}');
    public void EmptyList() => Op((byte)']');
    public void SetItems() => Op((byte)'u');
    public void Appends() => Op((byte)'e');
    public void Reduce() => Op((byte)'R');
    public void BinPersId() => Op((byte)'Q');
    public void None() => Op((byte)'N');
    public void True() => Op(0x88);
    public void False() => Op(0x89);
    public void Global(string module, string name) { Op((byte)'c'); Raw(Encoding.ASCII.GetBytes(module + "\n" + name + "\n")); }
    public void Unicode(string s)
    {
        var b = Encoding.UTF8.GetBytes(s);
        Op((byte)'X');
        Span<byte> n = stackalloc byte[4];
        BinaryPrimitives.WriteInt32LittleEndian(n, b.Length);
        Raw(n); Raw(b);
    }
    public void Int(long v)
    {
        if (v >= 0 && v < 256) { Op((byte)'K'); Op((byte)v); }
        else if (v >= 0 && v < 65536) { Op((byte)'M'); Op((byte)v); Op((byte)(v >> 8)); }
        else if (v >= int.MinValue && v <= int.MaxValue) { Op((byte)'J'); Span<byte> n = stackalloc byte[4]; BinaryPrimitives.WriteInt32LittleEndian(n, (int)v); Raw(n); }
        else { var b = BitConverter.GetBytes(v); Long1(b); }
    }
    public void Long1(byte[] littleEndian) { Op(0x8a); Op((byte)littleEndian.Length); Raw(littleEndian); }
    public byte[] ToArray() => _ms.ToArray();
}
