// Recycles tensor buffers so a steady-state training step does not churn the GC: the same shapes recur every
// step, so buffers are kept per exact length. Buffers enter the pool when a MemoryScope ends.
namespace NluSharp.Engine;

internal static class TensorPool<T> where T : unmanaged
{
    [ThreadStatic] static Dictionary<int, Stack<T[]>>? free;

    public static T[] Rent(int length, bool clear)
    {
        free ??= new Dictionary<int, Stack<T[]>>();
        if (free.TryGetValue(length, out var stack) && stack.Count > 0)
        {
            var array = stack.Pop();
            if (clear) Array.Clear(array);
            return array;
        }
        return new T[length];
    }

    public static void Return(T[] array)
    {
        free ??= new Dictionary<int, Stack<T[]>>();
        if (!free.TryGetValue(array.Length, out var stack))
            free[array.Length] = stack = new Stack<T[]>();
        stack.Push(array);
    }
}
