// expand: view a tensor at a larger broadcast shape (size-1 dims repeat with stride 0); backward sums them.
namespace NluSharp.Engine;

public static partial class Ops
{
    public static Tensor<T> Expand<T>(this Tensor<T> x, params int[] shape) where T : unmanaged
    {
        var strides = Shapes.BroadcastStrides(x.shape, x.strides, shape);
        var y = new Tensor<T>(x.storage, (int[])shape.Clone(), strides, x.offset);
        if (Autograd.ShouldRecord(x))
            Autograd.Record(y, () =>
            {
                var g = x.GradBuffer();
                ViewGradient.Accumulate(x, y, Shapes.BroadcastStrides(g.shape, g.strides, shape), 0);
            });
        return y;
    }
}
