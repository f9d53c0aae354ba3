// Deterministic synthetic tensors of every dtype, and a bitwise comparison helper for checkpoint tests.
using NluSharp.Checkpoints.Tensors;

namespace NluSharp.Checkpoints.Tests.Support;

public static class TestTensors
{
    public static CheckpointTensor Make(string name, TensorDType dtype, long[] shape, int seed)
    {
        long count = 1;
        foreach (var d in shape) count *= d;
        var bytes = new byte[count * dtype.SizeOf()];
        new Random(seed).NextBytes(bytes);
        if (dtype == TensorDType.Bool) for (int i = 0; i < bytes.Length; i++) bytes[i] &= 1;
        return new CheckpointTensor(name, dtype, shape, TensorBytes.FromMemory(bytes));
    }

    /// <summary>One tensor of each supported dtype, including a scalar and an empty tensor.</summary>
    public static List<CheckpointTensor> AllDTypes(int seed = 1)
    {
        var list = new List<CheckpointTensor>();
        int i = 0;
        foreach (var d in Enum.GetValues<TensorDType>())
            list.Add(Make($"layer.{i}.{d.ToString().ToLowerInvariant()}", d, [2, 3 + i % 3], seed + i++));
        list.Add(Make("scalar.loss", TensorDType.F32, [], seed + 100));
        list.Add(Make("empty", TensorDType.F16, [0, 4], seed + 101));
        return list;
    }

    public static void AssertSame(CheckpointTensor expected, CheckpointTensor actual)
    {
        Assert.Equal(expected.Name, actual.Name);
        Assert.Equal(expected.DType, actual.DType);
        Assert.Equal(expected.Shape, actual.Shape);
        Assert.True(expected.GetBytes().Span.SequenceEqual(actual.GetBytes().Span), $"bytes of '{expected.Name}' differ");
    }
}
