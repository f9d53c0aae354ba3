// Bitwise determinism across thread counts (1 vs 2) and runs, and the steady-state allocation budget of a
// training step. Runs in its own non-parallel collection: it changes the global thread count and measures
// process-wide allocations.
using NluSharp.Engine;
using Xunit.Abstractions;
using static NluSharp.Engine.Tests.TestTensors;

namespace NluSharp.Engine.Tests;

[CollectionDefinition(nameof(SerialEngine), DisableParallelization = true)]
public class SerialEngine { }

[Collection(nameof(SerialEngine))]
public class DeterminismTests(ITestOutputHelper output)
{
    static T WithThreads<T>(int n, Func<T> f)
    {
        int saved = Threads.Count;
        Threads.Count = n;
        try { return f(); } finally { Threads.Count = saved; }
    }

    static void SameBits(float[] a, float[] b, string what)
    {
        Assert.Equal(a.Length, b.Length);
        for (int i = 0; i < a.Length; i++)
            Assert.True(BitConverter.SingleToInt32Bits(a[i]) == BitConverter.SingleToInt32Bits(b[i]), $"{what}: element {i} differs ({a[i]:R} vs {b[i]:R})");
    }

    [Fact]
    public void MatMulIsBitwiseIdenticalForOneAndTwoThreads()
    {
        var a = Float(1, 3, 129, 257); var b = Float(2, 257, 131);
        SameBits(WithThreads(1, () => a.MatMul(b).ToArray()), WithThreads(2, () => a.MatMul(b).ToArray()), "matmul");
        var q = Float(3, 4, 67, 33); var k = Float(4, 4, 71, 33);
        SameBits(WithThreads(1, () => q.MatMul(k.Transpose(-1, -2)).ToArray()), WithThreads(2, () => q.MatMul(k.Transpose(-1, -2)).ToArray()), "batched matmul");
    }

    [Fact]
    public void SoftmaxAndLayerNormForwardAndBackwardAreBitwiseIdentical()
    {
        (float[], float[], float[], float[]) Run()
        {
            var x = Float(5, 300, 257); x.RequiresGrad = true;
            var g = Float(6, 257); g.RequiresGrad = true;
            var b = Float(7, 257); b.RequiresGrad = true;
            var y = x.Softmax().LayerNorm(g, b, 1e-12);
            var yv = y.ToArray();
            y.Backward(Float(8, 300, 257));
            return (yv, x.Grad!.ToArray(), g.Grad!.ToArray(), b.Grad!.ToArray());
        }
        var one = WithThreads(1, Run); var two = WithThreads(2, Run);
        SameBits(one.Item1, two.Item1, "layer_norm(softmax(x))");
        SameBits(one.Item2, two.Item2, "dx");
        SameBits(one.Item3, two.Item3, "dgamma");
        SameBits(one.Item4, two.Item4, "dbeta");
    }

    [Fact]
    public void LargeStridedViewsDropoutAndLinearAreBitwiseIdenticalAndMatchTheSerialLoop()
    {
        // Above Strided's 32K-element threshold, so copies, broadcasts and view gradients split over rows on 2 threads.
        (float[], float[], float[], float[], float[]) Run()
        {
            var x = Float(11, 6, 97, 65); x.RequiresGrad = true;
            var w = Float(12, 33, 65); w.RequiresGrad = true;
            var bias = Float(13, 33); bias.RequiresGrad = true;
            var permuted = x.Permute(2, 0, 1).Contiguous();                  // strided copy
            var sum = x.Add(Float(14, 97, 65));                               // broadcast binary op
            var y = sum.Linear(w, bias).Dropout(0.25, new DropoutKey(7, 3, 1));
            var loss = y.Mul(Float(15, 6, 97, 33)).Sum().Add(permuted.Mul(Float(16, 65, 6, 97)).Sum());
            loss.Backward();
            return (permuted.ToArray(), y.ToArray(), x.Grad!.ToArray(), w.Grad!.ToArray(), bias.Grad!.ToArray());
        }
        var one = WithThreads(1, Run); var two = WithThreads(2, Run);
        SameBits(one.Item1, two.Item1, "permute().contiguous()");
        SameBits(one.Item2, two.Item2, "dropout(linear(x + b))");
        SameBits(one.Item3, two.Item3, "dx");
        SameBits(one.Item4, two.Item4, "dW");
        SameBits(one.Item5, two.Item5, "dbias");

        // The row-split copy equals the plain index arithmetic.
        var src = Float(11, 6, 97, 65).ToArray();
        for (int i = 0; i < 65; i++)
            for (int a = 0; a < 6; a++)
                for (int b = 0; b < 97; b++)
                    Assert.Equal(src[(a * 97 + b) * 65 + i], one.Item1[(i * 6 + a) * 97 + b]);
    }

    [Fact]
    public void EmbeddingBackwardIsBitwiseIdentical()
    {
        float[] Run()
        {
            var w = Float(9, 50, 96); w.RequiresGrad = true;
            var ids = Ints(10, 50, 37, 41);   // many repeated ids
            ids.Embedding(w).Backward(Float(11, 37, 41, 96));
            return w.Grad!.ToArray();
        }
        SameBits(WithThreads(1, Run), WithThreads(2, Run), "embedding grad");
    }

    static (float[] losses, float[] weights) TrainEncoder(int steps)
    {
        var model = new TinyEncoder(seed: 42);
        var losses = new float[steps];
        for (int s = 0; s < steps; s++)
        {
            var (ids, pad, labels) = TinyEncoder.Batch(100 + s, 6, 19, model.Vocab, model.Classes);
            losses[s] = model.TrainStep(ids, pad, labels, seed: 7, step: (ulong)s, learningRate: 0.5f);
        }
        return (losses, model.Parameters.SelectMany(p => p.ToArray()).ToArray());
    }

    [Fact]
    public void TwoLayerEncoderTrainingStepIsBitwiseIdenticalAcrossThreadCountsAndRuns()
    {
        var one = WithThreads(1, () => TrainEncoder(3));
        var two = WithThreads(2, () => TrainEncoder(3));
        var again = WithThreads(2, () => TrainEncoder(3));
        SameBits(one.losses, two.losses, "losses 1 vs 2 threads");
        SameBits(one.weights, two.weights, "weights 1 vs 2 threads");
        SameBits(two.weights, again.weights, "weights run vs rerun");
        Assert.NotEqual(one.losses[0], one.losses[2]);   // the step really changed the weights
    }

    [Fact]
    public void SteadyStateTrainingStepAllocatesLessThanOneMegabyte()
    {
        // A 2-layer encoder (C = 128, I = 512, B·T = 16·64): buffers come from the pool inside a MemoryScope,
        // so after warm-up only small objects (tensor headers, graph closures) are allocated per step.
        var model = new TinyEncoder(seed: 1, vocab: 1000, hidden: 128, heads: 4, intermediate: 512, maxPositions: 64);
        var (ids, pad, labels) = TinyEncoder.Batch(3, 16, 64, model.Vocab, model.Classes);
        void Step(int s) { using var scope = MemoryScope.Begin(); model.TrainStep(ids, pad, labels, 1, (ulong)s, 0.01f); }
        for (int s = 0; s < 3; s++) Step(s);
        const int measured = 5;
        long before = GC.GetTotalAllocatedBytes(precise: true);
        for (int s = 3; s < 3 + measured; s++) Step(s);
        long perStep = (GC.GetTotalAllocatedBytes(precise: true) - before) / measured;
        output.WriteLine($"managed bytes allocated per steady-state training step (2-layer encoder, C=128, B*T=1024, threads={Threads.Count}): {perStep}");
        Assert.True(perStep < 1_000_000, $"{perStep} bytes allocated per step, budget is 1 MB");
    }

    [Fact]
    public void DynamicallyPaddedTrainingKeepsABoundedPoolAndStopsAllocating()
    {
        // Every batch has its own padded length (dynamic padding). The pool keeps buffers per size class, so after
        // one pass over the lengths 33..64 it holds a few step footprints, not one per length, and further steps of
        // those lengths allocate only small objects.
        var model = new TinyEncoder(seed: 1, vocab: 1000, hidden: 128, heads: 4, intermediate: 512, maxPositions: 64);
        void Step(int s, int length)
        {
            var (ids, pad, labels) = TinyEncoder.Batch(3, 16, length, model.Vocab, model.Classes);
            using var scope = MemoryScope.Begin();
            model.TrainStep(ids, pad, labels, 1, (ulong)s, 0.01f);
        }
        Step(0, 64);
        long oneStep = TensorPool<float>.RetainedElements;
        for (int length = 63; length >= 33; length--) Step(1, length);
        long allLengths = TensorPool<float>.RetainedElements;
        long before = GC.GetTotalAllocatedBytes(precise: true);
        int[] lengths = [61, 57, 45, 43, 37, 35];
        for (int s = 0; s < lengths.Length; s++) Step(s + 2, lengths[s]);
        long perStep = (GC.GetTotalAllocatedBytes(precise: true) - before) / lengths.Length;
        output.WriteLine($"pool after T=64: {oneStep} floats; after T=33..64: {allLengths} floats ({(double)allLengths / oneStep:0.00}x); " +
                         $"managed bytes per dynamically padded step afterwards: {perStep}");
        Assert.True(allLengths < 6 * oneStep, $"the pool grew to {allLengths} floats over 32 lengths ({(double)allLengths / oneStep:0.0}x one step's {oneStep})");
        Assert.True(perStep < 1_000_000, $"{perStep} bytes allocated per step, budget is 1 MB");
    }
}
