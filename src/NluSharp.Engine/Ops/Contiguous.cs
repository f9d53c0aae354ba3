// contiguous: a dense row-major copy of a strided view (returns the tensor itself when already dense).
namespace NluSharp.Engine;

public static partial class Ops
{
    public static Tensor<T> Contiguous<T>(this Tensor<T> x) where T : unmanaged
    {
        if (x.IsContiguous) return x;
        var y = Tensor<T>.Uninitialized(x.Shape);
        Strided.Copy(x, y.storage.Array);
        if (Autograd.ShouldRecord(x))
            // x.Grad is dense in x's shape, the same row-major order as y: a plain add.
            Autograd.Record(y, () => ViewGradient.Accumulate(x, y, x.GradBuffer().strides, 0));
        return y;
    }
}
