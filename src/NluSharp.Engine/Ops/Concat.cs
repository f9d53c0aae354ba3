// concat along an axis (all other sizes equal); each input's gradient is its slice of dy.
using System.Numerics;

namespace NluSharp.Engine;

public static partial class Ops
{
    public static Tensor<T> Concat<T>(IReadOnlyList<Tensor<T>> inputs, int axis) where T : unmanaged
    {
        if (inputs.Count == 0) throw new ArgumentException("concat needs at least one tensor");
        int rank = inputs[0].Rank, a = Shapes.NormalizeAxis(axis, rank);
        var shape = inputs[0].Shape.ToArray();
        shape[a] = 0;
        foreach (var t in inputs)
        {
            if (t.Rank != rank || Enumerable.Range(0, rank).Any(d => d != a && t.Size(d) != inputs[0].Size(d)))
                throw new ArgumentException($"concat along axis {a}: shape {Shapes.Format(t.Shape)} does not match {Shapes.Format(inputs[0].Shape)} outside that axis");
            shape[a] += t.Size(a);
        }
        var y = Tensor<T>.Uninitialized(shape);
        var starts = new int[inputs.Count];
        for (int i = 0, start = 0; i < inputs.Count; start += inputs[i].Size(a), i++)
        {
            starts[i] = start;
            Strided.CopyInto(inputs[i], y.storage.Array, y.strides, start * y.strides[a]);
        }
        if (Autograd.ShouldRecord(inputs))
        {
            var kept = inputs.ToArray();
            Autograd.Record(y, () =>
            {
                var dy = y.Grad!;
                for (int i = 0; i < kept.Length; i++)
                {
                    if (!kept[i].RequiresGrad) continue;
                    var g = kept[i].GradBuffer();
                    ViewGradient.AddInto<T>(kept[i].Shape, dy.storage.Array, dy.strides, dy.offset + starts[i] * dy.strides[a], g.storage.Array, g.strides, g.offset);
                }
            });
        }
        return y;
    }
}
