// Recycles tensor buffers so a training step does not churn the GC. Buffers are kept per size class, not per exact
// length: with dynamic padding every batch has its own sequence length, and exact-length keys would allocate (and
// keep) a new set of buffers for every length seen (measured on SST-2, mini BERT: more kernel time in page faults
// than in user code). Classes are 4 per octave (2^k · {1, 1.25, 1.5, 1.75}), so a buffer wastes at most 25%.
// Buffers enter the pool when a MemoryScope ends; Storage remembers the requested length and never exposes the tail.
using System.Numerics;

namespace NluSharp.Engine;

internal static class TensorPool<T> where T : unmanaged
{
    [ThreadStatic] static Dictionary<int, Stack<T[]>>? free;

    /// <summary>The capacity of the buffer that serves a request of <paramref name="length"/> elements.</summary>
    internal static int SizeClass(int length)
    {
        if (length <= 64) return length;
        int shift = BitOperations.Log2((uint)(length - 1)) - 2;   // quarter of the octave below the next power of two
        long rounded = ((long)(length - 1) >> shift) + 1 << shift;
        return rounded <= Array.MaxLength ? (int)rounded : length;
    }

    public static T[] Rent(int length, bool clear)
    {
        free ??= new Dictionary<int, Stack<T[]>>();
        int capacity = SizeClass(length);
        if (free.TryGetValue(capacity, out var stack) && stack.Count > 0)
        {
            var array = stack.Pop();
            if (clear) Array.Clear(array, 0, length);
            return array;
        }
        return clear ? new T[capacity] : GC.AllocateUninitializedArray<T>(capacity);
    }

    /// <summary>Elements held by this thread's pool (for tests of its footprint).</summary>
    internal static long RetainedElements => free?.Values.Sum(stack => stack.Sum(array => (long)array.Length)) ?? 0;

    public static void Return(T[] array)
    {
        free ??= new Dictionary<int, Stack<T[]>>();
        if (!free.TryGetValue(array.Length, out var stack))
            free[array.Length] = stack = new Stack<T[]>();
        stack.Push(array);
    }
}
