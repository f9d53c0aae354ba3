// Tensor basics: views share storage without copying, contiguity, dtype conversions, memory scopes.
using NluSharp.Engine;
using static NluSharp.Engine.Tests.TestTensors;

namespace NluSharp.Engine.Tests;

public class TensorTests
{
    [Fact]
    public void ViewsShareStorageAndCopyOnlyWhenAsked()
    {
        var x = Tensor<float>.FromArray(Enumerable.Range(0, 24).Select(i => (float)i).ToArray(), 2, 3, 4);
        var t = x.Transpose(1, 2);
        Assert.Same(x.Storage, t.Storage);
        Assert.False(t.IsContiguous);
        Assert.Equal(new[] { 12, 1, 4 }, t.Strides.ToArray());
        Assert.Equal(5f, t[0, 1, 1]);
        var s = x.Slice(2, 1, 2);
        Assert.Same(x.Storage, s.Storage);
        Assert.Equal(new[] { 1f, 2f, 5f, 6f }, s.ToArray()[..4]);
        var e = Tensor<float>.FromArray([1f, 2f], 2, 1).Expand(2, 3);
        Assert.Equal(new[] { 1f, 1f, 1f, 2f, 2f, 2f }, e.ToArray());
        Assert.Same(x.Storage, x.Reshape(6, 4).Storage);
        Assert.NotSame(x.Storage, t.Reshape(-1).Storage);   // reshape of a non-contiguous view copies, as torch.reshape
        Assert.Same(x, x.Contiguous());
        t[1, 0, 2] = 100f;
        Assert.Equal(100f, x[1, 2, 0]);
    }

    [Fact]
    public void HalfAndBFloat16RoundToNearestEven()
    {
        var x = Tensor<float>.FromArray([1f, 1.00390625f, 1.01171875f, -3.14159f, 65504f, 1e-8f, float.NaN], 7);
        var h = x.ToFloat16().ToFloat32().ToArray();
        Assert.Equal((float)(Half)3.14159f * -1, h[3]);
        Assert.Equal(65504f, h[4]);
        var b = x.ToBFloat16().ToFloat32().ToArray();
        // bfloat16 has 8 significant bits: 1 + 2^-8 is a tie and rounds to even (1.0); 1 + 3·2^-8 rounds up to 1 + 2^-6.
        Assert.Equal(1f, b[1]);
        Assert.Equal(1.015625f, b[2]);
        Assert.Equal(-3.140625f, b[3]);
        Assert.True(float.IsNaN(b[6]));
        Assert.Equal(DType.BFloat16, x.ToBFloat16().DType);
    }

    [Fact]
    public void MemoryScopeRecyclesBuffersAndFailsLoudlyOnUseAfterScope()
    {
        Tensor<float> inside;
        float[] firstArray;
        using (MemoryScope.Begin())
        {
            inside = Tensor<float>.Zeros(128, 3);
            firstArray = inside.Storage.Array;
        }
        Assert.Throws<ObjectDisposedException>(() => inside.ToArray());
        using (MemoryScope.Begin())
        {
            var again = Tensor<float>.Zeros(128, 3);
            Assert.Same(firstArray, again.Storage.Array);      // same length → the pooled buffer is reused
            Assert.All(again.ToArray(), v => Assert.Equal(0f, v));
        }
    }

    [Fact]
    public void PoolServesNearbyLengthsFromOneSizeClassAndNeverExposesTheTail()
    {
        // Dynamic padding: [32, 47, 256] and then [32, 44, 256] (one size class) must reuse one buffer, not allocate a second.
        float[] first;
        using (MemoryScope.Begin())
        {
            var x = Tensor<float>.Full(7f, 32, 47, 256);
            first = x.Storage.Array;
            Assert.True(first.Length >= x.Length);
        }
        using (MemoryScope.Begin())
        {
            var y = Tensor<float>.Zeros(32, 44, 256);
            Assert.Same(first, y.Storage.Array);
            Assert.Equal(32 * 44 * 256, y.Storage.Length);
            Assert.Equal(32 * 44 * 256, y.AsSpan().Length);
            Assert.All(y.ToArray(), v => Assert.Equal(0f, v));   // cleared over its own length
        }
        for (int length = 1; length < 5000; length++)
        {
            int capacity = TensorPool<float>.SizeClass(length);
            Assert.InRange(capacity, length, Math.Max(length, (int)(length * 1.25) + 1));
            Assert.Equal(capacity, TensorPool<float>.SizeClass(capacity));   // a class is its own class
        }
        Assert.Equal(Array.MaxLength, TensorPool<float>.SizeClass(Array.MaxLength));
    }

    [Fact]
    public void BadShapesGiveClearErrors()
    {
        var x = Tensor<float>.Zeros(2, 3);
        Assert.Contains("cannot reshape [2, 3]", Assert.Throws<ArgumentException>(() => x.Reshape(4, 2)).Message);
        Assert.Contains("cannot be broadcast", Assert.Throws<ArgumentException>(() => x.Add(Tensor<float>.Zeros(4))).Message);
        Assert.Contains("inner dimensions", Assert.Throws<ArgumentException>(() => x.MatMul(Tensor<float>.Zeros(2, 3))).Message);
        Assert.Contains("outside the embedding table", Assert.Throws<ArgumentOutOfRangeException>(() => Tensor<int>.FromArray([5], 1).Embedding(x)).Message);
        Assert.Contains("not a class index", Assert.Throws<ArgumentOutOfRangeException>(() => x.CrossEntropy(Tensor<int>.FromArray([0, 3], 2))).Message);
    }
}

public class AutogradTests
{
    [Fact]
    public void BackwardOnNonScalarWithoutSeedIsAClearError()
    {
        var x = Float(1, 2, 3); x.RequiresGrad = true;
        var y = x.Exp();
        var e = Assert.Throws<InvalidOperationException>(() => y.Backward());
        Assert.Contains("scalar", e.Message);
        y.Backward(Tensor<float>.Full(1f, 2, 3));   // with a seed it works
        Assert.NotNull(x.Grad);
    }

    [Fact]
    public void BackwardOnTensorThatDoesNotRequireGradIsAClearError()
    {
        var x = Float(2, 3);
        var e = Assert.Throws<InvalidOperationException>(() => x.Exp().Sum().Backward());
        Assert.Contains("does not require grad", e.Message);
    }

    [Fact]
    public void NoGradRecordsNothingAndGradsAccumulateIntoLeaves()
    {
        var w = Float(3, 4); w.RequiresGrad = true;
        using (Autograd.NoGrad())
            Assert.False(w.Mul(w).RequiresGrad);
        w.Sum().Backward();
        w.Sum().Backward();
        Assert.All(w.Grad!.ToArray(), g => Assert.Equal(2f, g));   // accumulated over two backward passes
        w.ZeroGrad();
        Assert.All(w.Grad!.ToArray(), g => Assert.Equal(0f, g));
    }

    [Fact]
    public void GraphIsFreedAfterBackward()
    {
        var w = Float(4, 4); w.RequiresGrad = true;
        var h = w.Tanh();
        h.Sum().Backward();
        Assert.Null(h.Grad);                      // intermediate gradients are released
        Assert.Equal(0, Autograd.TapeLength);      // and the tape is empty
    }
}
