// Gradient plumbing for view ops, which work on any element type (int ids can be reshaped too) but only ever
// carry gradients for float32/float64: dispatches the strided add to the numeric type.
namespace NluSharp.Engine;

internal static class ViewGradient
{
    /// <summary>dst[dstStrides] += src[srcStrides] over shape (see Strided.AddInto).</summary>
    public static void AddInto<T>(ReadOnlySpan<int> shape, T[] src, ReadOnlySpan<int> srcStrides, int srcOffset,
        T[] dst, ReadOnlySpan<int> dstStrides, int dstOffset) where T : unmanaged
    {
        if (typeof(T) == typeof(float))
            Strided.AddInto(shape, (float[])(object)src, srcStrides, srcOffset, (float[])(object)dst, dstStrides, dstOffset);
        else if (typeof(T) == typeof(double))
            Strided.AddInto(shape, (double[])(object)src, srcStrides, srcOffset, (double[])(object)dst, dstStrides, dstOffset);
        else
            throw new NotSupportedException($"gradients of {typeof(T).Name} tensors are not supported");
    }

    /// <summary>x.Grad (dense, x's shape) += the output gradient seen through the view mapping y → x.</summary>
    public static void Accumulate<T>(Tensor<T> x, Tensor<T> y, int[] xGradStridesInYOrder, int xGradOffset) where T : unmanaged
    {
        var g = x.GradBuffer();
        var dy = y.Grad!;
        AddInto<T>(y.shape, dy.storage.Array, dy.strides, dy.offset, g.storage.Array, xGradStridesInYOrder, g.offset + xGradOffset);
    }
}
