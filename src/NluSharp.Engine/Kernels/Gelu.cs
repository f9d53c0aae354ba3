// GELU (erf and tanh forms): entry points used by the ops (contracts in GeluNaive).
using System.Numerics;

namespace NluSharp.Engine.Kernels;

public static class Gelu
{
    public static void Forward<T>(ReadOnlySpan<T> x, Span<T> y, bool tanhApproximation) where T : unmanaged, IFloatingPointIeee754<T>
        => GeluNaive.Forward(x, y, tanhApproximation);

    public static void Backward<T>(ReadOnlySpan<T> x, ReadOnlySpan<T> dy, Span<T> dx, bool tanhApproximation) where T : unmanaged, IFloatingPointIeee754<T>
        => GeluNaive.Backward(x, dy, dx, tanhApproximation);
}
