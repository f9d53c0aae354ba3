// Per-core cache sizes for blocking decisions. CPUID leaf 0x8000_0006 reports the L2 size in KB (ECX[31:16]) on both
// AMD and Intel (AMD APM vol. 3, "CPUID Fn8000_0006"; Intel SDM vol. 2A, CPUID); elsewhere a conservative 1 MB.
using System.Runtime.Intrinsics.X86;

namespace NluSharp.Engine.Kernels;

internal static class CacheInfo
{
    /// <summary>Unified L2 cache of one core, in bytes.</summary>
    public static readonly long L2Bytes = DetectL2();

    static long DetectL2()
    {
        const long fallback = 1 << 20;
        if (!X86Base.IsSupported) return fallback;
        var (maxExtended, _, _, _) = X86Base.CpuId(unchecked((int)0x8000_0000), 0);
        if ((uint)maxExtended < 0x8000_0006) return fallback;
        var (_, _, ecx, _) = X86Base.CpuId(unchecked((int)0x8000_0006), 0);
        long kb = (uint)ecx >> 16;
        return kb is >= 128 and <= 64 * 1024 ? kb * 1024 : fallback;
    }
}
