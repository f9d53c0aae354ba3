// embedding: rows of weight [V, C] picked by integer ids → [..ids.shape, C]; the backward scatter-adds dy rows
// into the picked weight rows, in id order (deterministic).
using System.Numerics;

namespace NluSharp.Engine;

public static partial class Ops
{
    public static Tensor<T> Embedding<T>(this Tensor<int> ids, Tensor<T> weight) where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (weight.Rank != 2) throw new ArgumentException($"embedding weight must be [vocab, dim], got {Shapes.Format(weight.Shape)}");
        weight = weight.Contiguous();
        var idx = ids.Contiguous().AsSpan().ToArray();
        int vocab = weight.Size(0), C = weight.Size(1);
        for (int i = 0; i < idx.Length; i++)
            if ((uint)idx[i] >= (uint)vocab)
                throw new ArgumentOutOfRangeException(nameof(ids), $"id {idx[i]} at position {i} is outside the embedding table of {vocab} rows");
        var shape = ids.Shape.ToArray().Append(C).ToArray();
        var y = Tensor<T>.Uninitialized(shape);
        ReadOnlySpan<T> w = weight.AsSpan(); Span<T> ys = y.AsSpan();
        for (int i = 0; i < idx.Length; i++) w.Slice(idx[i] * C, C).CopyTo(ys.Slice(i * C, C));
        var wt = weight;
        if (Autograd.ShouldRecord(wt))
            Autograd.Record(y, () =>
            {
                Span<T> g = Elementwise.GradSpan(wt); ReadOnlySpan<T> dy = Elementwise.OutputGrad(y);
                for (int i = 0; i < idx.Length; i++)
                    System.Numerics.Tensors.TensorPrimitives.Add(g.Slice(idx[i] * C, C), dy.Slice(i * C, C), g.Slice(idx[i] * C, C));
            });
        return y;
    }
}
