// A piece of text as it moves through the pipeline: the normalized UTF-16 text plus, for every UTF-16 unit,
// the [start, end) range of the original input it came from (Hugging Face's NormalizedString alignments).
using System.Text;
using NluSharp.Tokenizers.Unicode;

namespace NluSharp.Tokenizers.Pipeline;

internal sealed class NormalizedString
{
    /// <summary>The current (normalized) text.</summary>
    public string Text { get; private set; }

    // Alignments live in arrays that slices share (a slice is a view at _base), so splitting a text into words
    // allocates only the word strings.
    int[] _starts, _ends;
    int _base;

    /// <summary>Per UTF-16 unit of <see cref="Text"/>: start in the original input (UTF-16, absolute).</summary>
    public ReadOnlySpan<int> Starts => _starts.AsSpan(_base, Text.Length);

    /// <summary>Per UTF-16 unit of <see cref="Text"/>: end in the original input (UTF-16, absolute).</summary>
    public ReadOnlySpan<int> Ends => _ends.AsSpan(_base, Text.Length);

    /// <summary>Where this piece begins in the original input (used for empty pieces and insertions at the start).</summary>
    public int OriginalStart { get; }

    public int Length => Text.Length;

    public NormalizedString(string text, int[] starts, int[] ends, int originalStart, int alignmentBase = 0)
    {
        Text = text; _starts = starts; _ends = ends; OriginalStart = originalStart; _base = alignmentBase;
    }

    /// <summary>A piece that is the original input itself (identity alignments), starting at <paramref name="offset"/>.</summary>
    public static NormalizedString FromOriginal(string text, int offset = 0)
    {
        var starts = new int[text.Length];
        var ends = new int[text.Length];
        for (int i = 0; i < text.Length;)
        {
            CharClasses.CodePointAt(text, i, out int len);
            for (int k = 0; k < len; k++) { starts[i + k] = offset + i; ends[i + k] = offset + i + len; }
            i += len;
        }
        return new NormalizedString(text, starts, ends, offset);
    }

    /// <summary>The sub-piece covering normalized UTF-16 range [start, end).</summary>
    public NormalizedString Slice(int start, int end)
    {
        int origin = start < Length ? Starts[start] : (Length > 0 ? Ends[Length - 1] : OriginalStart);
        return new NormalizedString(Text.Substring(start, end - start), _starts, _ends, origin, _base + start);
    }

    /// <summary>Original range of normalized range [start, end); an empty range maps to itself, as in Hugging Face.</summary>
    public (int Start, int End) OriginalRange(int start, int end)
    {
        if (start >= end) return (OriginalStart + start, OriginalStart + end);
        return (Starts[start], Ends[end - 1]);
    }

    /// <summary>
    /// Replaces the text by code points that each take the alignment of one source code point of the current text
    /// (given by its UTF-16 index). This is every transform HF's normalizers perform: replaced, inserted and
    /// decomposed characters inherit the alignment of the character they came from.
    /// </summary>
    public void Rebuild(List<int> codePoints, List<int> sourceIndices)
    {
        var sb = new StringBuilder(codePoints.Count + 4);
        var starts = new List<int>(codePoints.Count + 4);
        var ends = new List<int>(codePoints.Count + 4);
        for (int i = 0; i < codePoints.Count; i++)
        {
            int before = sb.Length;
            CharClasses.AppendCodePoint(sb, codePoints[i]);
            int src = sourceIndices[i];
            for (int k = before; k < sb.Length; k++)
            {
                starts.Add(src >= 0 ? Starts[src] : OriginalStart);
                ends.Add(src >= 0 ? Ends[src] : OriginalStart);
            }
        }
        Text = sb.ToString();
        _starts = starts.ToArray();
        _ends = ends.ToArray();
        _base = 0;
    }

    /// <summary>The code points of the text with their UTF-16 start indices.</summary>
    public void Decode(List<int> codePoints, List<int> indices)
    {
        codePoints.Clear(); indices.Clear();
        for (int i = 0; i < Text.Length;)
        {
            codePoints.Add(CharClasses.CodePointAt(Text, i, out int len));
            indices.Add(i);
            i += len;
        }
    }

    /// <summary>Maps every code point through <paramref name="map"/> (which appends zero or more code points per input).</summary>
    public void MapCodePoints(Action<int, List<int>> map)
    {
        var cps = new List<int>(Text.Length);
        var idx = new List<int>(Text.Length);
        Decode(cps, idx);
        var outCps = new List<int>(cps.Count + 4);
        var outSrc = new List<int>(cps.Count + 4);
        bool changed = false;
        for (int i = 0; i < cps.Count; i++)
        {
            int before = outCps.Count;
            map(cps[i], outCps);
            if (outCps.Count != before + 1 || outCps[before] != cps[i]) changed = true;
            for (int k = before; k < outCps.Count; k++) outSrc.Add(idx[i]);
        }
        if (changed) Rebuild(outCps, outSrc);
    }

    /// <summary>Prepends <paramref name="s"/>: its characters share the alignment of the first character (HF's prepend).</summary>
    public void Prepend(string s)
    {
        if (Length == 0) return;
        var cps = new List<int>(); var idx = new List<int>();
        Decode(cps, idx);
        var outCps = new List<int>(); var outSrc = new List<int>();
        foreach (var r in s.EnumerateRunes()) { outCps.Add(r.Value); outSrc.Add(0); }
        outCps.AddRange(cps); outSrc.AddRange(idx);
        Rebuild(outCps, outSrc);
    }

    /// <summary>Appends <paramref name="s"/>: its characters share the alignment of the last character (HF's append).</summary>
    public void Append(string s)
    {
        if (Length == 0) return;
        var cps = new List<int>(); var idx = new List<int>();
        Decode(cps, idx);
        int last = idx[^1];
        foreach (var r in s.EnumerateRunes()) { cps.Add(r.Value); idx.Add(last); }
        Rebuild(cps, idx);
    }

    /// <summary>Replaces the text by one of the same length whose every unit keeps its alignment (e.g. ASCII lowercase).</summary>
    public void ReplaceTextSameLength(string text)
    {
        if (text.Length != Text.Length) throw new ArgumentException("the replacement must have the same length", nameof(text));
        Text = text;
    }

    /// <summary>Takes over the text and alignments of <paramref name="other"/>.</summary>
    public void ReplaceWith(NormalizedString other)
    {
        Text = other.Text; _starts = other._starts; _ends = other._ends; _base = other._base;
    }

    public override string ToString() => Text;
}

internal static class NormalizedStringUnicode
{
    /// <summary>Applies NFC/NFD/NFKC/NFKD, keeping alignments as HF's unicode-normalization-alignments transform does.</summary>
    public static void NormalizeUnicode(this NormalizedString ns, bool compose, bool compatibility)
    {
        if (IsAsciiOnly(ns.Text)) return;
        var cps = new List<int>(ns.Length);
        var idx = new List<int>(ns.Length);
        ns.Decode(cps, idx);
        UnicodeNormalization.Normalize(cps, idx, compose, compatibility);
        ns.Rebuild(cps, idx);
    }

    public static bool IsAsciiOnly(string s) => System.Text.Ascii.IsValid(s);
}
