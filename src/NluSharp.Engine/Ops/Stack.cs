// stack: join tensors of one shape along a new axis; composed as unsqueeze + concat.
namespace NluSharp.Engine;

public static partial class Ops
{
    public static Tensor<T> Stack<T>(IReadOnlyList<Tensor<T>> inputs, int axis) where T : unmanaged
    {
        if (inputs.Count == 0) throw new ArgumentException("stack needs at least one tensor");
        foreach (var t in inputs)
            if (!Shapes.SameShape(t.Shape, inputs[0].Shape)) throw new ArgumentException($"stack needs equal shapes, got {Shapes.Format(t.Shape)} and {Shapes.Format(inputs[0].Shape)}");
        return Concat(inputs.Select(t => t.Unsqueeze(axis)).ToArray(), axis);
    }
}
