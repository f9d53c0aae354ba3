// Tests that change the global Threads.Count run in this collection, never beside each other.
namespace NluSharp.Engine.Tests.Kernels;

[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ThreadCountCollection
{
    public const string Name = "Threads.Count is global";

    /// <summary>Runs action with Threads.Count = threads, restoring the previous count afterwards.</summary>
    public static void With(int threads, Action action)
    {
        int saved = Threads.Count;
        Threads.Count = threads;
        try { action(); }
        finally { Threads.Count = saved; }
    }
}
