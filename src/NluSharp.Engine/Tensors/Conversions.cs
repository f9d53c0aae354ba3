// Element-type conversions between storage types (float16, bfloat16, int8 …) and the compute types.
// float → float16 rounds to nearest even (System.Half); float → bfloat16 likewise (BFloat16).
namespace NluSharp.Engine;

public static class Conversions
{
    static Tensor<TTo> Map<TFrom, TTo>(Tensor<TFrom> x, Func<TFrom, TTo> convert) where TFrom : unmanaged where TTo : unmanaged
    {
        var src = x.ToArray();
        var y = Tensor<TTo>.Create(x.Shape.ToArray(), clear: false, persistent: false);
        var dst = y.AsSpan();
        for (int i = 0; i < src.Length; i++) dst[i] = convert(src[i]);
        return y;
    }

    public static Tensor<float> ToFloat32(this Tensor<Half> x) => Map(x, v => (float)v);
    public static Tensor<float> ToFloat32(this Tensor<BFloat16> x) => Map(x, v => (float)v);
    public static Tensor<float> ToFloat32(this Tensor<double> x) => Map(x, v => (float)v);
    public static Tensor<float> ToFloat32(this Tensor<sbyte> x, float scale) => Map(x, v => v * scale);
    public static Tensor<double> ToFloat64(this Tensor<float> x) => Map(x, v => (double)v);
    public static Tensor<Half> ToFloat16(this Tensor<float> x) => Map(x, v => (Half)v);
    public static Tensor<BFloat16> ToBFloat16(this Tensor<float> x) => Map(x, v => (BFloat16)v);
    public static Tensor<long> ToInt64(this Tensor<int> x) => Map(x, v => (long)v);
    public static Tensor<int> ToInt32(this Tensor<long> x) => Map(x, v => checked((int)v));
}
