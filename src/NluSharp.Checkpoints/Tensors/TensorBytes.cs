// Where a tensor's raw little-endian bytes come from: an array, a slice of a memory-mapped file, or a storage read on first use.
namespace NluSharp.Checkpoints.Tensors;

/// <summary>
/// The raw little-endian, C-order bytes of one tensor. Readers hand out lazy sources (a memory-mapped slice or a
/// storage read on first access), so opening a checkpoint reads only its header.
/// </summary>
public abstract class TensorBytes
{
    /// <summary>Number of bytes the tensor occupies.</summary>
    public abstract long Length { get; }

    /// <summary>The bytes. Valid while the checkpoint that produced them is open (for file-backed sources).</summary>
    public abstract ReadOnlyMemory<byte> GetMemory();

    /// <summary>Wraps bytes already in memory.</summary>
    public static TensorBytes FromMemory(ReadOnlyMemory<byte> bytes) => new InMemory(bytes);

    /// <summary>Bytes produced by <paramref name="read"/> on first access, then kept.</summary>
    public static TensorBytes Lazy(long length, Func<ReadOnlyMemory<byte>> read) => new OnFirstUse(length, read);

    /// <summary>Bytes recomputed by <paramref name="compute"/> on every access and not kept (for conversions streamed to disk).</summary>
    public static TensorBytes Computed(long length, Func<ReadOnlyMemory<byte>> compute) => new OnEachUse(length, compute);

    sealed class OnEachUse(long length, Func<ReadOnlyMemory<byte>> compute) : TensorBytes
    {
        public override long Length => length;
        public override ReadOnlyMemory<byte> GetMemory()
        {
            var m = compute();
            if (m.Length != length)
                throw new InvalidOperationException($"tensor source produced {m.Length} bytes, expected {length}");
            return m;
        }
    }

    sealed class InMemory(ReadOnlyMemory<byte> bytes) : TensorBytes
    {
        public override long Length => bytes.Length;
        public override ReadOnlyMemory<byte> GetMemory() => bytes;
    }

    sealed class OnFirstUse(long length, Func<ReadOnlyMemory<byte>> read) : TensorBytes
    {
        readonly Lazy<ReadOnlyMemory<byte>> _bytes = new(() =>
        {
            var m = read();
            if (m.Length != length)
                throw new InvalidOperationException($"tensor source produced {m.Length} bytes, expected {length}");
            return m;
        }, LazyThreadSafetyMode.ExecutionAndPublication);

        public override long Length => length;
        public override ReadOnlyMemory<byte> GetMemory() => _bytes.Value;
    }
}
