// transpose / permute: reorder dimensions without copying (strides are permuted).
namespace NluSharp.Engine;

public static partial class Ops
{
    /// <summary>Swaps two dimensions (a view).</summary>
    public static Tensor<T> Transpose<T>(this Tensor<T> x, int dim0, int dim1) where T : unmanaged
    {
        var perm = Enumerable.Range(0, x.Rank).ToArray();
        int a = Shapes.NormalizeAxis(dim0, x.Rank), b = Shapes.NormalizeAxis(dim1, x.Rank);
        (perm[a], perm[b]) = (perm[b], perm[a]);
        return x.Permute(perm);
    }

    /// <summary>Output dimension i is input dimension perm[i] (a view), as torch.permute.</summary>
    public static Tensor<T> Permute<T>(this Tensor<T> x, params int[] perm) where T : unmanaged
    {
        if (perm.Length != x.Rank || perm.Select(p => Shapes.NormalizeAxis(p, x.Rank)).Distinct().Count() != x.Rank)
            throw new ArgumentException($"permutation {Shapes.Format(perm)} is not a permutation of the {x.Rank} dimensions of {Shapes.Format(x.Shape)}");
        var p = perm.Select(d => Shapes.NormalizeAxis(d, x.Rank)).ToArray();
        var shape = p.Select(d => x.shape[d]).ToArray();
        var strides = p.Select(d => x.strides[d]).ToArray();
        var y = new Tensor<T>(x.storage, shape, strides, x.offset);
        if (Autograd.ShouldRecord(x))
            Autograd.Record(y, () =>
            {
                // Walk y's index space; x.Grad is dense in x's layout, so address it with x's dense strides permuted.
                var gradStrides = Shapes.ContiguousStrides(x.shape);
                ViewGradient.Accumulate(x, y, p.Select(d => gradStrides[d]).ToArray(), 0);
            });
        return y;
    }
}
