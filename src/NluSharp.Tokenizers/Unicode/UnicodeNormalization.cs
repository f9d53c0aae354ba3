// Unicode NFC/NFD/NFKC/NFKD on code points, from tables generated out of Python's unicodedata
// (Unicode 14; .NET's string.Normalize is a no-op under InvariantGlobalization, which this solution sets).
using System.Buffers.Binary;

namespace NluSharp.Tokenizers.Unicode;

internal static class UnicodeNormalization
{
    const int SBase = 0xAC00, LBase = 0x1100, VBase = 0x1161, TBase = 0x11A7, LCount = 19, VCount = 21, TCount = 28;
    const int NCount = VCount * TCount, SCount = LCount * NCount;

    static readonly Dictionary<int, int[]> Canonical = new();
    static readonly Dictionary<int, int[]> Compatibility = new();
    static readonly Dictionary<int, byte> CombiningClasses = new();
    static readonly Dictionary<long, int> Composites = new();

    static UnicodeNormalization()
    {
        using var stream = typeof(UnicodeNormalization).Assembly.GetManifestResourceStream("NluSharp.Tokenizers.NormalizationData.bin")
            ?? throw new InvalidOperationException("embedded resource NormalizationData.bin is missing");
        var bytes = new byte[stream.Length];
        stream.ReadExactly(bytes);
        int pos = 0;
        int Next() { var v = BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(pos)); pos += 4; return v; }
        int[] ReadArray() { var a = new int[Next()]; for (int i = 0; i < a.Length; i++) a[i] = Next(); return a; }
        Next(); Next();
        for (int n = Next(); n > 0; n--)
        {
            int cp = Next();
            var canon = ReadArray();
            var compat = ReadArray();
            if (canon.Length != 1 || canon[0] != cp) Canonical[cp] = canon;
            if (compat.Length != 1 || compat[0] != cp) Compatibility[cp] = compat;
        }
        for (int n = Next(); n > 0; n--) { int cp = Next(); CombiningClasses[cp] = (byte)Next(); }
        for (int n = Next(); n > 0; n--) { int a = Next(), b = Next(); Composites[((long)a << 21) | (uint)b] = Next(); }
    }

    /// <summary>Canonical combining class (0 for starters).</summary>
    public static int CombiningClass(int cp) => CombiningClasses.TryGetValue(cp, out var c) ? c : 0;

    /// <summary>Appends the full canonical (or compatibility) decomposition of one code point.</summary>
    public static void Decompose(int cp, bool compatibility, List<int> output)
    {
        if (cp >= SBase && cp < SBase + SCount)
        {
            int s = cp - SBase;
            output.Add(LBase + s / NCount);
            output.Add(VBase + s % NCount / TCount);
            if (s % TCount != 0) output.Add(TBase + s % TCount);
            return;
        }
        if ((compatibility ? Compatibility : Canonical).TryGetValue(cp, out var d)) output.AddRange(d);
        else output.Add(cp);
    }

    /// <summary>The primary composite of a starter and a following character, or -1.</summary>
    public static int Compose(int a, int b)
    {
        if (a >= LBase && a < LBase + LCount && b >= VBase && b < VBase + VCount)
            return SBase + ((a - LBase) * VCount + (b - VBase)) * TCount;
        if (a >= SBase && a < SBase + SCount && (a - SBase) % TCount == 0 && b > TBase && b < TBase + TCount)
            return a + (b - TBase);
        return Composites.TryGetValue(((long)a << 21) | (uint)b, out var c) ? c : -1;
    }

    /// <summary>
    /// Normalizes code points in place, carrying one source index per output code point. Decomposition gives every
    /// produced code point the source of the code point it came from; canonical reordering moves code points but keeps
    /// sources positional, and composition keeps the source of the starter — the alignments Hugging Face's
    /// NormalizedString gets from its (char, change) transforms.
    /// </summary>
    public static void Normalize(List<int> codePoints, List<int> sources, bool compose, bool compatibility)
    {
        var cps = new List<int>(codePoints.Count + 8);
        var src = new List<int>(codePoints.Count + 8);
        for (int i = 0; i < codePoints.Count; i++)
        {
            int before = cps.Count;
            Decompose(codePoints[i], compatibility, cps);
            for (int k = before; k < cps.Count; k++) src.Add(sources[i]);
        }
        // Canonical ordering: stable sort of each run of non-starters by combining class.
        for (int i = 0; i < cps.Count; i++)
        {
            if (CombiningClass(cps[i]) == 0) continue;
            int j = i;
            while (j < cps.Count && CombiningClass(cps[j]) != 0) j++;
            if (j - i > 1)
            {
                var run = cps.GetRange(i, j - i);
                var sorted = run.Select((c, k) => (c, k)).OrderBy(t => CombiningClass(t.c)).ThenBy(t => t.k).Select(t => t.c).ToArray();
                for (int k = 0; k < sorted.Length; k++) cps[i + k] = sorted[k];
            }
            i = j - 1;
        }
        if (compose) ComposeInPlace(cps, src);
        codePoints.Clear(); codePoints.AddRange(cps);
        sources.Clear(); sources.AddRange(src);
    }

    // Canonical composition. As in HF's (char, change) transform, a composite "consumes" the positions of the marks it
    // absorbed right after its own: sources are re-assigned positionally (composite k takes the next 1 + absorbed
    // sources), which is what HF's alignments show for stacked marks (e.g. g + U+0317 U+035A U+030C → ǧ U+0317 U+035A).
    static void ComposeInPlace(List<int> cps, List<int> src)
    {
        if (cps.Count == 0) return;
        var outCps = new List<int>(cps.Count);
        var absorbed = new List<int>(cps.Count);
        int starter = -1; // index in outCps of the last starter
        int lastClass = -1;
        for (int i = 0; i < cps.Count; i++)
        {
            int c = cps[i];
            int cc = CombiningClass(c);
            bool adjacent = outCps.Count - 1 == starter;
            bool blocked = !adjacent && (lastClass == 0 || lastClass >= cc);
            if (starter >= 0 && !blocked)
            {
                int composite = Compose(outCps[starter], c);
                if (composite >= 0) { outCps[starter] = composite; absorbed[starter]++; continue; }
            }
            outCps.Add(c);
            absorbed.Add(0);
            if (cc == 0) { starter = outCps.Count - 1; lastClass = 0; }
            else lastClass = cc;
        }
        var outSrc = new List<int>(outCps.Count);
        int next = 0;
        for (int k = 0; k < outCps.Count; k++)
        {
            outSrc.Add(src[next]);
            next += 1 + absorbed[k];
        }
        cps.Clear(); cps.AddRange(outCps);
        src.Clear(); src.AddRange(outSrc);
    }
}
