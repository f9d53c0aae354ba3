// The flat buffer behind a tensor and all of its views. Inside a MemoryScope the buffer comes from the pool and
// goes back when the scope ends; any later access then fails loudly instead of reading recycled memory.
namespace NluSharp.Engine;

internal interface IReleasable { void Release(); }

public sealed class Storage<T> : IReleasable where T : unmanaged
{
    T[]? array;
    readonly int length;

    internal Storage(T[] array, int length) { this.array = array; this.length = length; }

    /// <summary>Allocates a buffer: pooled and owned by the current MemoryScope if one is active (and persistent is false), else GC-managed.</summary>
    internal static Storage<T> Allocate(int length, bool clear, bool persistent = false)
    {
        var scope = persistent ? null : MemoryScope.Current;
        if (scope == null) return new Storage<T>(new T[length], length);
        var storage = new Storage<T>(TensorPool<T>.Rent(length, clear), length);
        scope.Own(storage);
        return storage;
    }

    public int Length => length;

    public T[] Array => array ?? throw new ObjectDisposedException(nameof(Storage<T>),
        "this tensor's memory was returned to the pool when its MemoryScope ended; copy results you keep (ToArray, Detach(persistent: true)) before the scope ends");

    public Span<T> Span => Array.AsSpan(0, length);

    void IReleasable.Release()
    {
        if (array != null) TensorPool<T>.Return(array);
        array = null;
    }
}
