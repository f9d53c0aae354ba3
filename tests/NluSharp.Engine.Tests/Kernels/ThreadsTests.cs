// Threads.For: every item exactly once in at most Count chunks, nested calls, and exceptions reaching the caller.
namespace NluSharp.Engine.Tests.Kernels;

[Collection(ThreadCountCollection.Name)]
public class ThreadsTests
{
    [Theory]
    [InlineData(1, 1000, 1)]
    [InlineData(2, 1000, 1)]
    [InlineData(3, 7, 1)]
    [InlineData(2, 5, 100)]
    [InlineData(4, 1, 1)]
    public void CoversEveryItemOnceInAtMostCountChunks(int threads, int total, int minChunk)
    {
        var hits = new int[total]; int chunks = 0;
        ThreadCountCollection.With(threads, () => Threads.For(total, minChunk, (s, e) =>
        {
            Interlocked.Increment(ref chunks);
            for (int i = s; i < e; i++) Interlocked.Increment(ref hits[i]);
        }));
        Assert.All(hits, h => Assert.Equal(1, h));
        Assert.InRange(chunks, 1, threads);
    }

    [Fact]
    public void NestedCallsRunAndCoverEverything()
    {
        var hits = new int[50 * 40];
        ThreadCountCollection.With(2, () => Threads.For(50, 1, (s, e) =>
        {
            for (int i = s; i < e; i++)
            {
                int row = i;
                Threads.For(40, 1, (a, b) => { for (int j = a; j < b; j++) Interlocked.Increment(ref hits[row * 40 + j]); });
            }
        }));
        Assert.All(hits, h => Assert.Equal(1, h));
    }

    [Fact]
    public void ExceptionInAWorkerReachesTheCaller()
    {
        ThreadCountCollection.With(2, () =>
        {
            var ex = Assert.Throws<InvalidOperationException>(() =>
                Threads.For(100, 1, (s, e) => { if (s > 0) throw new InvalidOperationException("chunk failed"); }));
            Assert.Equal("chunk failed", ex.Message);
            // The pool still works afterwards.
            int sum = 0;
            Threads.For(100, 1, (s, e) => Interlocked.Add(ref sum, e - s));
            Assert.Equal(100, sum);
        });
    }

    [Fact]
    public void CountRejectsZero() => Assert.Throws<ArgumentOutOfRangeException>(() => Threads.Count = 0);
}
