// slice (torch.narrow): length consecutive positions of one axis starting at start, without copying.
namespace NluSharp.Engine;

public static partial class Ops
{
    public static Tensor<T> Slice<T>(this Tensor<T> x, int axis, int start, int length) where T : unmanaged
    {
        int a = Shapes.NormalizeAxis(axis, x.Rank);
        if (start < 0 || length < 0 || start + length > x.shape[a])
            throw new ArgumentOutOfRangeException(nameof(start), $"slice [{start}, {start + length}) is outside dimension {a} of size {x.shape[a]}");
        var shape = x.Shape.ToArray(); shape[a] = length;
        var y = new Tensor<T>(x.storage, shape, x.strides, x.offset + start * x.strides[a]);
        if (Autograd.ShouldRecord(x))
            Autograd.Record(y, () =>
            {
                var gradStrides = Shapes.ContiguousStrides(x.shape);
                ViewGradient.Accumulate(x, y, gradStrides, start * gradStrides[a]);
            });
        return y;
    }
}
