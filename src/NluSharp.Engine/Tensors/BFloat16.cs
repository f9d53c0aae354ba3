// bfloat16 storage type: the top 16 bits of an IEEE float32. Conversion from float rounds to nearest even,
// as PyTorch's c10::BFloat16 does (round_to_nearest_even), and keeps NaN a quiet NaN.
namespace NluSharp.Engine;

public readonly struct BFloat16 : IEquatable<BFloat16>
{
    /// <summary>The raw 16 bits.</summary>
    public readonly ushort Bits;

    BFloat16(ushort bits) => Bits = bits;

    public static BFloat16 FromBits(ushort bits) => new(bits);

    public static explicit operator BFloat16(float value)
    {
        uint u = BitConverter.SingleToUInt32Bits(value);
        if (float.IsNaN(value)) return new BFloat16((ushort)((u >> 16) | 0x40));
        uint roundingBias = 0x7FFF + ((u >> 16) & 1);
        return new BFloat16((ushort)((u + roundingBias) >> 16));
    }

    public static explicit operator float(BFloat16 value) => BitConverter.UInt32BitsToSingle((uint)value.Bits << 16);

    public bool Equals(BFloat16 other) => Bits == other.Bits;
    public override bool Equals(object? obj) => obj is BFloat16 b && Equals(b);
    public override int GetHashCode() => Bits;
    public override string ToString() => ((float)this).ToString();
}
