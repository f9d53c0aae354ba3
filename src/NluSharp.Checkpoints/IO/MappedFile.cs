// A read-only memory-mapped file whose slices are handed out as ReadOnlyMemory<byte> without copying,
// so a safetensors or legacy .bin tensor is paged in only when it is read.
using System.Buffers;
using System.IO.MemoryMappedFiles;

namespace NluSharp.Checkpoints.IO;

/// <summary>A whole file mapped read-only. Slices are valid until <see cref="Dispose"/>.</summary>
internal sealed unsafe class MappedFile : IDisposable
{
    readonly MemoryMappedFile? _map;
    readonly MemoryMappedViewAccessor? _view;
    readonly byte* _pointer;
    bool _disposed;

    /// <summary>The file's length in bytes.</summary>
    public long Length { get; }

    /// <summary>The path it was opened from.</summary>
    public string Path { get; }

    public MappedFile(string path)
    {
        Path = path;
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.RandomAccess);
        Length = stream.Length;
        if (Length == 0) return; // an empty file cannot be mapped; every slice request beyond 0 bytes fails the bounds check
        _map = MemoryMappedFile.CreateFromFile(stream, null, 0, MemoryMappedFileAccess.Read, HandleInheritability.None, leaveOpen: false);
        _view = _map.CreateViewAccessor(0, 0, MemoryMappedFileAccess.Read);
        byte* p = null;
        _view.SafeMemoryMappedViewHandle.AcquirePointer(ref p);
        _pointer = p + _view.PointerOffset;
    }

    /// <summary>The bytes [offset, offset + length) as memory; throws when out of the file or over 2 GiB.</summary>
    public ReadOnlyMemory<byte> Slice(long offset, long length)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (offset < 0 || length < 0 || offset > Length || length > Length - offset)
            throw new ArgumentOutOfRangeException(nameof(offset), $"slice [{offset}, {offset}+{length}) is outside {Path} ({Length} bytes)");
        if (length > int.MaxValue)
            throw new NotSupportedException($"{Path}: a single tensor of {length} bytes (over 2 GiB) is not supported");
        if (length == 0) return ReadOnlyMemory<byte>.Empty;
        return new SliceManager(this, _pointer + offset, (int)length).Memory;
    }

    /// <summary>The bytes as a span, same rules as <see cref="Slice"/>.</summary>
    public ReadOnlySpan<byte> Span(long offset, long length) => Slice(offset, length).Span;

    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        if (_view != null)
        {
            _view.SafeMemoryMappedViewHandle.ReleasePointer();
            _view.Dispose();
        }
        _map?.Dispose();
    }

    // Exposes unmanaged mapped bytes as Memory<byte>; checks the mapping is still alive on every access.
    sealed class SliceManager(MappedFile owner, byte* pointer, int length) : MemoryManager<byte>
    {
        public override Span<byte> GetSpan()
        {
            ObjectDisposedException.ThrowIf(owner._disposed, owner);
            return new Span<byte>(pointer, length);
        }

        public override MemoryHandle Pin(int elementIndex = 0)
        {
            ObjectDisposedException.ThrowIf(owner._disposed, owner);
            return new MemoryHandle(pointer + elementIndex);
        }

        public override void Unpin() { }
        protected override void Dispose(bool disposing) { }
    }
}
