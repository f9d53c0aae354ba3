// embedding: rows of weight [V, C] picked by integer ids → [..ids.shape, C]; the backward scatter-adds dy rows
// into the picked weight rows, in id order (deterministic). As torch.nn.Embedding(padding_idx=p), positions whose id
// is paddingIndex still read row p but send it no gradient.
using System.Numerics;

namespace NluSharp.Engine;

public static partial class Ops
{
    public static Tensor<T> Embedding<T>(this Tensor<int> ids, Tensor<T> weight, int paddingIndex = -1) where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (weight.Rank != 2) throw new ArgumentException($"embedding weight must be [vocab, dim], got {Shapes.Format(weight.Shape)}");
        weight = weight.Contiguous();
        var idsDense = ids.Contiguous();
        var idx = idsDense.storage.Array; int idxOffset = idsDense.offset, count = (int)ids.Length;
        int vocab = weight.Size(0), C = weight.Size(1);
        for (int i = 0; i < count; i++)
            if ((uint)idx[idxOffset + i] >= (uint)vocab)
                throw new ArgumentOutOfRangeException(nameof(ids), $"id {idx[idxOffset + i]} at position {i} is outside the embedding table of {vocab} rows");
        var shape = ids.Shape.ToArray().Append(C).ToArray();
        var y = Tensor<T>.Uninitialized(shape);
        ReadOnlySpan<T> w = weight.AsSpan(); Span<T> ys = y.AsSpan();
        for (int i = 0; i < count; i++) w.Slice(idx[idxOffset + i] * C, C).CopyTo(ys.Slice(i * C, C));
        var wt = weight;
        if (Autograd.ShouldRecord(wt))
            Autograd.Record(y, () =>
            {
                Span<T> g = Elementwise.GradSpan(wt); ReadOnlySpan<T> dy = Elementwise.OutputGrad(y);
                for (int i = 0; i < count; i++)
                {
                    if (idx[idxOffset + i] == paddingIndex) continue;
                    var row = g.Slice(idx[idxOffset + i] * C, C);
                    System.Numerics.Tensors.TensorPrimitives.Add(row, dy.Slice(i * C, C), row);
                }
            });
        return y;
    }
}
