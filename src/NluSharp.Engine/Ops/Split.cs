// split along an axis into pieces of the given sizes: each piece is a Slice view (and gets Slice's gradient).
namespace NluSharp.Engine;

public static partial class Ops
{
    public static Tensor<T>[] Split<T>(this Tensor<T> x, int[] sizes, int axis) where T : unmanaged
    {
        int a = Shapes.NormalizeAxis(axis, x.Rank);
        if (sizes.Sum() != x.Size(a)) throw new ArgumentException($"split sizes {Shapes.Format(sizes)} do not add up to dimension {a} of size {x.Size(a)}");
        var parts = new Tensor<T>[sizes.Length];
        for (int i = 0, start = 0; i < sizes.Length; start += sizes[i], i++) parts[i] = x.Slice(a, start, sizes[i]);
        return parts;
    }
}
