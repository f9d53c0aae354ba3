// Fuzzing every reader: thousands of truncated and mutated safetensors, zip .bin, legacy .bin and index files must each
// either load self-consistently or fail with a CheckpointFormatException (a FormatException) naming the file — never
// another exception, a hang, or a large allocation. Mutations are seeded, so a failure names a reproducible case.
using System.Buffers.Binary;
using System.Diagnostics;
using System.Text;
using NluSharp.Checkpoints.Conversion;
using NluSharp.Checkpoints.Safetensors;
using NluSharp.Checkpoints.Tensors;
using NluSharp.Checkpoints.Tests.Support;
using Xunit.Abstractions;

namespace NluSharp.Checkpoints.Tests;

public sealed class CheckpointFuzzTests(ITestOutputHelper output) : IDisposable
{
    const int CasesPerFormat = 1500;
    const long MaxAllocationPerCase = 32L << 20; // seeds are a few KB; anything near this means a size was trusted
    static readonly TimeSpan MaxTimePerCase = TimeSpan.FromSeconds(2);

    readonly string _dir = Directory.CreateTempSubdirectory("nlu-fuzz-").FullName;
    public void Dispose() => Directory.Delete(_dir, recursive: true);

    static List<CheckpointTensor> SeedTensors() =>
        TestTensors.AllDTypes(42).Where(t => t.DType is not (TensorDType.U16 or TensorDType.U32 or TensorDType.U64)).ToList();

    static byte[] SafetensorsSeed() => SafetensorsWriter.Serialize(SeedTensors(), new Dictionary<string, string> { ["format"] = "pt" });

    static byte[] ZipSeed()
    {
        // Two tensors share storage "0" (a tied weight) and one is a transposed view, as real .bin files have.
        var (specs, storages) = TorchFiles.Simple(SeedTensors());
        specs.Add(new TorchTensorSpec("tied.view", "0", 0, [3, 2], [1, 3]));
        return TorchFiles.Zip(specs, storages);
    }

    static byte[] LegacySeed()
    {
        var (specs, storages) = TorchFiles.Simple(SeedTensors());
        specs.Add(new TorchTensorSpec("tied.view", "0", 0, [3, 2], [1, 3]));
        return TorchFiles.Legacy(specs, storages);
    }

    [Fact]
    public void Mutated_safetensors_fail_cleanly() => Fuzz("st", ".safetensors", SafetensorsSeed(), seed: 1, HeaderAwareSafetensors);

    [Fact]
    public void Mutated_zip_bins_fail_cleanly() => Fuzz("zip", ".bin", ZipSeed(), seed: 2, ZipAware);

    [Fact]
    public void Mutated_legacy_bins_fail_cleanly() => Fuzz("legacy", ".bin", LegacySeed(), seed: 3, PickleAware);

    [Fact]
    public void Mutated_index_files_fail_cleanly()
    {
        var folder = Path.Combine(_dir, "shards");
        var seedPath = Path.Combine(_dir, "seed.safetensors");
        File.WriteAllBytes(seedPath, SafetensorsSeed());
        CheckpointConverter.Convert(seedPath, folder, new ConvertOptions(MaxShardBytes: 64));
        var index = Path.Combine(folder, "model.safetensors.index.json");
        var seed = File.ReadAllBytes(index);
        Fuzz("index", ".json", seed, seed: 4, JsonAware, target: index);
    }

    [Fact]
    public void Hostile_sizes_are_refused_before_allocating()
    {
        // safetensors: header length of 2^63 and of just over the 100 MB limit
        foreach (var n in new[] { ulong.MaxValue, 100_000_001UL, 1UL << 40 })
        {
            var bytes = SafetensorsSeed();
            BinaryPrimitives.WriteUInt64LittleEndian(bytes, n);
            AssertRefused(bytes, ".safetensors", "header length");
        }
        // safetensors: a shape whose byte count overflows, and one that claims far more data than the file holds
        AssertRefused(Header("{\"a\":{\"dtype\":\"F32\",\"shape\":[4294967296,4294967296,16],\"data_offsets\":[0,0]}}"), ".safetensors", "overflows");
        AssertRefused(Header("{\"a\":{\"dtype\":\"F32\",\"shape\":[1000000000],\"data_offsets\":[0,4000000000]}}"), ".safetensors", "past the end");
        // pickle: a BINUNICODE claiming 4 GB, a LONG4 claiming 2 GB
        var p = new PickleWriter(); p.Proto(2); p.Op((byte)'X'); p.Raw([0xff, 0xff, 0xff, 0xff]); p.Stop();
        AssertRefused(TorchFiles.Zip([], [], pickle: p.ToArray()), ".bin", "truncated");
        p = new PickleWriter(); p.Proto(2); p.Op(0x8b); p.Raw([0xff, 0xff, 0xff, 0x7f]); p.Stop();
        AssertRefused(TorchFiles.Zip([], [], pickle: p.ToArray()), ".bin", "too large");
        // a storage whose pickle declares 2^40 elements
        var storage = new TorchStorageSpec("0", "FloatStorage", new byte[16], 4);
        var huge = storage with { Bytes = new byte[16] };
        var pickle = TorchFiles.StateDictPickle([new TorchTensorSpec("w", "0", 0, [1L << 40], [1])], [new TorchStorageSpec("0", "FloatStorage", new byte[16], 4)], legacy: false);
        var zipBytes = TorchFiles.Zip([], [huge], pickle: Encoding.Latin1.GetBytes(Encoding.Latin1.GetString(pickle).Replace("K\u0004", "\u008a\u0006\u0000\u0000\u0000\u0000\u0000\u0001")));
        AssertRefused(zipBytes, ".bin", "");
    }

    static byte[] Header(string json)
    {
        var h = Encoding.UTF8.GetBytes(json);
        var result = new byte[8 + h.Length];
        BinaryPrimitives.WriteUInt64LittleEndian(result, (ulong)h.Length);
        h.CopyTo(result, 8);
        return result;
    }

    void AssertRefused(byte[] bytes, string extension, string expectedText)
    {
        var path = Path.Combine(_dir, "hostile" + extension);
        File.WriteAllBytes(path, bytes);
        var before = GC.GetAllocatedBytesForCurrentThread();
        var e = Assert.Throws<CheckpointFormatException>(() => { using var c = Checkpoint.Open(path); ReadAll(c); });
        Assert.True(GC.GetAllocatedBytesForCurrentThread() - before < MaxAllocationPerCase, "allocated too much before refusing");
        Assert.Contains(expectedText, e.Message);
        Assert.StartsWith(path, e.Message);
    }

    // ---- the fuzz loop -----------------------------------------------------------------------------

    void Fuzz(string name, string extension, byte[] seedBytes, int seed, Func<Random, byte[], byte[]> structured, string? target = null)
    {
        // The unmutated seed must load, or the fuzzer only proves that garbage is rejected.
        var path = target ?? Path.Combine(_dir, "case" + extension);
        File.WriteAllBytes(path, seedBytes);
        using (var c = Checkpoint.Open(path)) Assert.True(c.Tensors.Count > 0);

        var rng = new Random(seed);
        int refused = 0, loaded = 0;
        var total = Stopwatch.StartNew();
        for (int i = 0; i < CasesPerFormat; i++)
        {
            var kind = rng.Next(4);
            var mutated = kind switch
            {
                0 => seedBytes[..rng.Next(seedBytes.Length)], // truncation
                1 => FlipBytes(rng, seedBytes, 1 + rng.Next(8)),
                2 => structured(rng, seedBytes),
                _ => Splice(rng, seedBytes),
            };
            File.WriteAllBytes(path, mutated);
            var before = GC.GetAllocatedBytesForCurrentThread();
            var watch = Stopwatch.StartNew();
            try
            {
                using var ckpt = Checkpoint.Open(path);
                ReadAll(ckpt);
                loaded++;
            }
            catch (CheckpointFormatException e)
            {
                Assert.False(string.IsNullOrWhiteSpace(e.Message));
                Assert.Contains(Path.GetFileName(path), e.Message);
                refused++;
            }
            catch (Exception e)
            {
                var dump = Path.Combine(Path.GetTempPath(), $"nlu-fuzz-{name}-{seed}-{i}{extension}");
                File.WriteAllBytes(dump, mutated);
                Assert.Fail($"{name} case {i} (mutation kind {kind}, saved to {dump}) threw {e.GetType().Name}: {e.Message}\n{e.StackTrace}");
            }
            Assert.True(watch.Elapsed < MaxTimePerCase, $"{name} case {i} took {watch.Elapsed}");
            var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
            Assert.True(allocated < MaxAllocationPerCase, $"{name} case {i} allocated {allocated} bytes");
        }
        output.WriteLine($"{name}: {CasesPerFormat} cases, {refused} refused, {loaded} loaded self-consistently, {total.Elapsed.TotalSeconds:F1} s");
        Assert.True(refused > CasesPerFormat / 4, $"only {refused} of {CasesPerFormat} mutations were refused: the mutations are too weak");
    }

    /// <summary>Reads every tensor; a loaded tensor must have exactly shape × dtype bytes.</summary>
    static void ReadAll(Checkpoint ckpt)
    {
        foreach (var t in ckpt.Tensors)
        {
            var bytes = t.GetBytes();
            Assert.Equal(t.ElementCount * t.DType.SizeOf(), bytes.Length);
            if (t.ElementCount < 1 << 20) _ = t.ToFloat32();
        }
    }

    static byte[] FlipBytes(Random rng, byte[] seed, int count)
    {
        var b = (byte[])seed.Clone();
        for (int i = 0; i < count; i++) b[rng.Next(b.Length)] = (byte)rng.Next(256);
        return b;
    }

    static byte[] Splice(Random rng, byte[] seed)
    {
        // Delete, duplicate or insert a random chunk.
        var at = rng.Next(seed.Length);
        var len = 1 + rng.Next(Math.Min(64, seed.Length - at));
        return rng.Next(3) switch
        {
            0 => [.. seed[..at], .. seed[(at + len)..]],
            1 => [.. seed[..(at + len)], .. seed[at..]],
            _ => [.. seed[..at], .. Enumerable.Range(0, len).Select(_ => (byte)rng.Next(256)), .. seed[at..]],
        };
    }

    static readonly string[] HostileNumbers = ["0", "1", "-1", "7", "4294967296", "18446744073709551615", "18446744073709551616", "9223372036854775807", "1e3", "2.5", "null", "\"3\"", "[]", "{}"];
    static readonly string[] DTypeNames = ["F32", "F16", "BF16", "F64", "I64", "I32", "I16", "I8", "U8", "BOOL", "F8_E4M3", "f32", "", "BOOL ", "Bool"];

    /// <summary>Header length prefix and JSON numbers / dtypes / keys replaced with hostile values.</summary>
    static byte[] HeaderAwareSafetensors(Random rng, byte[] seed)
    {
        var n = (int)BinaryPrimitives.ReadUInt64LittleEndian(seed);
        if (rng.Next(5) == 0)
        {
            var b = (byte[])seed.Clone();
            ulong[] lengths = [0, 1, (ulong)n - 1, (ulong)n + 1, (ulong)n + 8, (ulong)seed.Length, 100_000_000, 100_000_001, ulong.MaxValue, 1UL << 63];
            BinaryPrimitives.WriteUInt64LittleEndian(b, lengths[rng.Next(lengths.Length)]);
            return b;
        }
        var header = Encoding.UTF8.GetString(seed, 8, n);
        var mutatedHeader = MutateJson(rng, header);
        var h = Encoding.UTF8.GetBytes(mutatedHeader);
        var result = new byte[8 + h.Length + seed.Length - 8 - n];
        BinaryPrimitives.WriteUInt64LittleEndian(result, (ulong)h.Length);
        h.CopyTo(result, 8);
        seed.AsSpan(8 + n).CopyTo(result.AsSpan(8 + h.Length));
        return result;
    }

    static string MutateJson(Random rng, string json)
    {
        var sb = new StringBuilder(json);
        for (int round = 0; round < 1 + rng.Next(3); round++)
        {
            var text = sb.ToString();
            switch (rng.Next(4))
            {
                case 0: // replace a number
                {
                    var digits = Enumerable.Range(0, text.Length).Where(i => char.IsDigit(text[i]) && (i == 0 || !char.IsDigit(text[i - 1]))).ToList();
                    if (digits.Count == 0) break;
                    var at = digits[rng.Next(digits.Count)];
                    var end = at;
                    while (end < text.Length && char.IsDigit(text[end])) end++;
                    sb.Remove(at, end - at).Insert(at, HostileNumbers[rng.Next(HostileNumbers.Length)]);
                    break;
                }
                case 1: // replace a dtype
                {
                    var at = text.IndexOf("\"dtype\":\"", rng.Next(text.Length), StringComparison.Ordinal);
                    if (at < 0) break;
                    at += 9;
                    var end = text.IndexOf('"', at);
                    sb.Remove(at, end - at).Insert(at, DTypeNames[rng.Next(DTypeNames.Length)]);
                    break;
                }
                case 2: // duplicate or drop a structural character
                {
                    var structural = Enumerable.Range(0, text.Length).Where(i => "{}[],:\"".Contains(text[i])).ToList();
                    var at = structural[rng.Next(structural.Count)];
                    if (rng.Next(2) == 0) sb.Remove(at, 1); else sb.Insert(at, text[at]);
                    break;
                }
                default: // rename a key to an existing one (duplicates) or to __metadata__
                {
                    var keys = System.Text.RegularExpressions.Regex.Matches(text, "\"([a-z_.0-9]+)\":\\{").Select(m => m.Groups[1]).ToList();
                    if (keys.Count < 2) break;
                    var a = keys[rng.Next(keys.Count)];
                    var replacement = rng.Next(3) == 0 ? "__metadata__" : keys[rng.Next(keys.Count)].Value;
                    sb.Remove(a.Index, a.Length).Insert(a.Index, replacement);
                    break;
                }
            }
        }
        return sb.ToString();
    }

    static byte[] JsonAware(Random rng, byte[] seed) => Encoding.UTF8.GetBytes(MutateJson(rng, Encoding.UTF8.GetString(seed)));

    /// <summary>Mutations aimed at the zip structure: local/central header fields, sizes and names.</summary>
    static byte[] ZipAware(Random rng, byte[] seed)
    {
        if (rng.Next(2) == 0) return PickleAware(rng, seed);
        var b = (byte[])seed.Clone();
        var signatures = new List<int>();
        for (int i = 0; i + 4 <= b.Length; i++)
        {
            var sig = BinaryPrimitives.ReadUInt32LittleEndian(b.AsSpan(i));
            if (sig is 0x04034b50 or 0x02014b50 or 0x06054b50) signatures.Add(i);
        }
        var at = signatures[rng.Next(signatures.Count)];
        // Overwrite a 2- or 4-byte field inside the first 46 bytes of the record with an extreme value.
        var field = at + 4 + 2 * rng.Next(20);
        if (field + 4 > b.Length) return b;
        uint[] values = [0, 1, 0xffff, 0xffffffff, 0x7fffffff, (uint)rng.Next()];
        var v = values[rng.Next(values.Length)];
        if (rng.Next(2) == 0) BinaryPrimitives.WriteUInt16LittleEndian(b.AsSpan(field), (ushort)v);
        else BinaryPrimitives.WriteUInt32LittleEndian(b.AsSpan(field), v);
        return b;
    }

    /// <summary>Pickle-level mutations: replace opcodes with other opcodes, and small integers (sizes, offsets, strides) with extreme ones.</summary>
    static byte[] PickleAware(Random rng, byte[] seed)
    {
        var b = (byte[])seed.Clone();
        // Pickle bytes sit in the first part of a legacy file and inside data.pkl of the zip (stored, so visible in place).
        var opcodes = "().0123NIJKLMQRSTUVXabcdeghjlpqrstu}]\u0080\u0085\u0086\u0087\u0088\u0089\u008a\u008b\u008c\u0093\u0094\u0095".Select(c => (byte)c).ToArray();
        for (int round = 0; round < 1 + rng.Next(4); round++)
        {
            var at = rng.Next(Math.Min(b.Length, 4096));
            switch (rng.Next(3))
            {
                case 0: b[at] = opcodes[rng.Next(opcodes.Length)]; break;
                case 1:
                    // K (BININT1) arguments are the sizes/strides/offsets/numels of small tensors
                    var ks = Enumerable.Range(0, Math.Min(b.Length, 4096) - 1).Where(i => b[i] == (byte)'K').ToList();
                    if (ks.Count > 0) b[ks[rng.Next(ks.Count)] + 1] = (byte)rng.Next(256);
                    break;
                default:
                    var js = Enumerable.Range(0, Math.Min(b.Length, 4096) - 5).Where(i => b[i] is (byte)'K' or (byte)'M').ToList();
                    if (js.Count == 0) break;
                    var j = js[rng.Next(js.Count)];
                    // widen to BININT with an extreme value (shifts the rest: a structural change too)
                    int[] extremes = [int.MaxValue, int.MinValue, -1, 1 << 30, 65537];
                    var repl = new byte[5];
                    repl[0] = (byte)'J';
                    BinaryPrimitives.WriteInt32LittleEndian(repl.AsSpan(1), extremes[rng.Next(extremes.Length)]);
                    var argLen = b[j] == (byte)'K' ? 1 : 2;
                    b = [.. b[..j], .. repl, .. b[(j + 1 + argLen)..]];
                    break;
            }
        }
        return b;
    }
}

/// <summary>The same fuzzing on the real torch-written fixture files (skipped without ../shared).</summary>
public sealed class FixtureFuzzTests : IDisposable
{
    readonly string _dir = Directory.CreateTempSubdirectory("nlu-fuzzfx-").FullName;
    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [SkippableTheory]
    [InlineData("bert/pytorch_model.bin", 11)]
    [InlineData("bert/pytorch_model.legacy.bin", 12)]
    [InlineData("bert/model.safetensors", 13)]
    public void Mutated_fixture_checkpoints_fail_cleanly(string fixture, int seed)
    {
        var bytes = File.ReadAllBytes(NluSharp.Tests.SharedData.Require("fixtures/models/" + fixture));
        var path = Path.Combine(_dir, Path.GetFileName(fixture));
        var rng = new Random(seed);
        for (int i = 0; i < 300; i++)
        {
            var mutated = (byte[])bytes.Clone();
            if (rng.Next(3) == 0) mutated = mutated[..rng.Next(mutated.Length)];
            else
            {
                // Focus on the structure: the first 8 KB (header / pickle / zip local headers) and the last 4 KB (zip directory).
                for (int k = 0; k < 1 + rng.Next(6); k++)
                {
                    var at = rng.Next(2) == 0 ? rng.Next(Math.Min(8192, mutated.Length)) : mutated.Length - 1 - rng.Next(Math.Min(4096, mutated.Length));
                    mutated[at] = (byte)rng.Next(256);
                }
            }
            File.WriteAllBytes(path, mutated);
            try
            {
                using var ckpt = Checkpoint.Open(path);
                foreach (var t in ckpt.Tensors) Assert.Equal(t.ElementCount * t.DType.SizeOf(), t.GetBytes().Length);
            }
            catch (CheckpointFormatException e)
            {
                Assert.Contains(Path.GetFileName(path), e.Message);
            }
            catch (Exception e)
            {
                Assert.Fail($"{fixture} case {i} threw {e.GetType().Name}: {e.Message}\n{e.StackTrace}");
            }
        }
    }
}
