// A region (typically one training step) whose tensor buffers are recycled when it ends. Parameters, gradients of
// parameters and optimizer state are allocated outside any scope (or persistent) and are never recycled.
namespace NluSharp.Engine;

public sealed class MemoryScope : IDisposable
{
    [ThreadStatic] static MemoryScope? current;

    readonly MemoryScope? parent;
    readonly List<IReleasable> owned = new();
    readonly int tapeLengthAtStart;
    bool disposed;

    MemoryScope(MemoryScope? parent)
    {
        this.parent = parent;
        tapeLengthAtStart = Autograd.TapeLength;
    }

    internal static MemoryScope? Current => current;

    /// <summary>Starts a scope on this thread; buffers allocated until Dispose are pooled and recycled at Dispose.</summary>
    public static MemoryScope Begin() => current = new MemoryScope(current);

    internal void Own(IReleasable storage) => owned.Add(storage);

    public void Dispose()
    {
        if (disposed) return;
        if (current != this) throw new InvalidOperationException("MemoryScopes must be disposed in reverse order of creation, on the thread that began them");
        disposed = true;
        // Graph nodes recorded inside the scope refer to its buffers: drop them with the buffers.
        Autograd.TruncateTape(tapeLengthAtStart);
        foreach (var s in owned) s.Release();
        owned.Clear();
        current = parent;
    }
}
