// The result of encoding one text or text pair: ids and everything aligned with them (HF's Encoding).
namespace NluSharp.Tokenizers;

/// <summary>A token's [Start, End) range in UTF-16 code units of the input string it came from.</summary>
public readonly record struct TokenOffsets(int Start, int End);

/// <summary>
/// Ids, tokens, type ids, offsets (UTF-16 ranges into the text, or into the pair text for its tokens), masks and word
/// ids of one encoded sequence, as Hugging Face tokenizers returns them. Arrays all have the same length.
/// </summary>
public sealed class Encoding
{
    internal readonly List<int> IdList;
    internal readonly List<string> TokenList;
    internal readonly List<int> TypeIdList;
    internal readonly List<TokenOffsets> OffsetList;
    internal readonly List<int> SpecialMaskList;
    internal readonly List<int> AttentionMaskList;
    internal readonly List<int?> WordIdList;
    internal readonly List<int?> SequenceIdList;
    internal List<Encoding> OverflowingList = new();

    /// <summary>The text of a single-sequence encoding (before merging), for code-point arithmetic on its offsets.</summary>
    internal string? SourceText;

    public IReadOnlyList<int> Ids => IdList;
    public IReadOnlyList<string> Tokens => TokenList;
    public IReadOnlyList<int> TypeIds => TypeIdList;
    /// <summary>UTF-16 [start, end) in the input string (for pair tokens: in the pair string); [0, 0) for added special tokens.</summary>
    public IReadOnlyList<TokenOffsets> Offsets => OffsetList;
    /// <summary>1 for tokens added by the post-processor ([CLS], [SEP], &lt;s&gt;, ...), 0 otherwise.</summary>
    public IReadOnlyList<int> SpecialTokensMask => SpecialMaskList;
    /// <summary>1 for real tokens, 0 for padding.</summary>
    public IReadOnlyList<int> AttentionMask => AttentionMaskList;
    /// <summary>Index of the pre-tokenized word each token comes from; null for special and padding tokens.</summary>
    public IReadOnlyList<int?> WordIds => WordIdList;
    /// <summary>0 for tokens of the first text, 1 for the pair text, null for special and padding tokens.</summary>
    public IReadOnlyList<int?> SequenceIds => SequenceIdList;
    /// <summary>The windows cut off by truncation (each post-processed like the main encoding).</summary>
    public IReadOnlyList<Encoding> Overflowing => OverflowingList;

    public int Count => IdList.Count;

    internal Encoding(int capacity = 0)
    {
        IdList = new(capacity); TokenList = new(capacity); TypeIdList = new(capacity); OffsetList = new(capacity);
        SpecialMaskList = new(capacity); AttentionMaskList = new(capacity); WordIdList = new(capacity); SequenceIdList = new(capacity);
    }

    /// <summary>
    /// The offsets as Unicode code point indices (Python <c>str</c> indices, the convention of Hugging Face's Python and
    /// Node APIs), given the texts this encoding was made from.
    /// </summary>
    public TokenOffsets[] CodePointOffsets(string text, string? pair = null)
    {
        var first = CodePointIndex(text);
        var second = pair == null ? null : CodePointIndex(pair);
        var result = new TokenOffsets[Count];
        for (int i = 0; i < Count; i++)
        {
            var map = SequenceIdList[i] == 1 && second != null ? second : first;
            var (s, e) = OffsetList[i];
            result[i] = new TokenOffsets(map[Math.Clamp(s, 0, map.Length - 1)], map[Math.Clamp(e, 0, map.Length - 1)]);
        }
        return result;
    }

    // UTF-16 index → code point index (a low surrogate maps to the index of its pair's code point + 1).
    static int[] CodePointIndex(string s)
    {
        var map = new int[s.Length + 1];
        int cp = 0;
        for (int i = 0; i < s.Length; i++)
        {
            map[i] = cp;
            if (!(char.IsHighSurrogate(s[i]) && i + 1 < s.Length && char.IsLowSurrogate(s[i + 1]))) cp++;
        }
        map[s.Length] = cp;
        return map;
    }

    internal void Add(int id, string token, int typeId, TokenOffsets offsets, int special, int? wordId, int? sequenceId, int attention = 1)
    {
        IdList.Add(id); TokenList.Add(token); TypeIdList.Add(typeId); OffsetList.Add(offsets);
        SpecialMaskList.Add(special); AttentionMaskList.Add(attention); WordIdList.Add(wordId); SequenceIdList.Add(sequenceId);
    }

    internal void AddRange(Encoding other, int start, int end)
    {
        int n = end - start;
        IdList.AddRange(other.IdList.GetRange(start, n));
        TokenList.AddRange(other.TokenList.GetRange(start, n));
        TypeIdList.AddRange(other.TypeIdList.GetRange(start, n));
        OffsetList.AddRange(other.OffsetList.GetRange(start, n));
        SpecialMaskList.AddRange(other.SpecialMaskList.GetRange(start, n));
        AttentionMaskList.AddRange(other.AttentionMaskList.GetRange(start, n));
        WordIdList.AddRange(other.WordIdList.GetRange(start, n));
        SequenceIdList.AddRange(other.SequenceIdList.GetRange(start, n));
    }

    internal void AddAll(Encoding other)
    {
        IdList.AddRange(other.IdList); TokenList.AddRange(other.TokenList); TypeIdList.AddRange(other.TypeIdList);
        OffsetList.AddRange(other.OffsetList); SpecialMaskList.AddRange(other.SpecialMaskList);
        AttentionMaskList.AddRange(other.AttentionMaskList); WordIdList.AddRange(other.WordIdList); SequenceIdList.AddRange(other.SequenceIdList);
    }

    internal Encoding Slice(int start, int end)
    {
        var e = new Encoding(end - start) { SourceText = SourceText };
        e.AddRange(this, start, end);
        return e;
    }

    internal void SetTypeIds(int typeId)
    {
        for (int i = 0; i < TypeIdList.Count; i++) TypeIdList[i] = typeId;
        foreach (var o in OverflowingList) o.SetTypeIds(typeId);
    }

    internal void SetSequenceId(int sequenceId)
    {
        for (int i = 0; i < SequenceIdList.Count; i++) SequenceIdList[i] = sequenceId;
        foreach (var o in OverflowingList) o.SetSequenceId(sequenceId);
    }

    /// <summary>A deep copy, overflowing windows included.</summary>
    internal Encoding Clone()
    {
        var e = Slice(0, Count);
        e.OverflowingList = OverflowingList.Select(o => o.Clone()).ToList();
        return e;
    }

    /// <summary>
    /// HF Encoding::merge_with: appends <paramref name="pair"/>; the overflowing windows become every combination —
    /// each of ours with the pair (carrying the pair's windows) and with each of the pair's windows, then ourselves
    /// (carrying our windows) with each of the pair's windows.
    /// </summary>
    internal void MergeWith(Encoding pair)
    {
        var overflowing = new List<Encoding>();
        foreach (var own in OverflowingList)
        {
            var n = own.Clone(); n.MergeWith(pair.Clone()); overflowing.Add(n);
            foreach (var other in pair.OverflowingList) { var m = own.Clone(); m.MergeWith(other.Clone()); overflowing.Add(m); }
        }
        foreach (var other in pair.OverflowingList) { var n = Clone(); n.MergeWith(other.Clone()); overflowing.Add(n); }
        AddAll(pair);
        OverflowingList = overflowing;
    }

    internal void SetOffset(int index, TokenOffsets offsets) => OffsetList[index] = offsets;

    /// <summary>HF Encoding::truncate: keeps <paramref name="maxLength"/> tokens, the rest become overflowing windows.</summary>
    internal void Truncate(int maxLength, int stride, TruncationDirection direction)
    {
        int length = Count;
        if (maxLength >= length) return;
        if (maxLength == 0)
        {
            var all = Slice(0, length);
            Clear();
            OverflowingList = [all];
            return;
        }
        if (stride >= maxLength)
            throw new ArgumentException($"truncation stride ({stride}) must be smaller than the length left for the text ({maxLength}, after special tokens)");
        int step = maxLength - stride;
        var parts = new List<(int Start, int Stop)>();
        if (direction == TruncationDirection.Right)
        {
            for (int start = 0; start < length; start += step)
            {
                int stop = Math.Min(start + maxLength, length);
                parts.Add((start, stop));
                if (stop == length) break;
            }
        }
        else
        {
            for (int last = length - 1; last >= 0; last -= step)
            {
                int stop = last + 1, start = Math.Max(0, stop - maxLength);
                parts.Add((start, stop));
                if (start == 0) break;
            }
        }
        var windows = parts.Select(p => Slice(p.Start, p.Stop)).ToList();
        Clear();
        AddAll(windows[0]);
        OverflowingList = windows.Skip(1).ToList();
    }

    void Clear()
    {
        IdList.Clear(); TokenList.Clear(); TypeIdList.Clear(); OffsetList.Clear(); SpecialMaskList.Clear();
        AttentionMaskList.Clear(); WordIdList.Clear(); SequenceIdList.Clear();
    }

    /// <summary>Pads to <paramref name="length"/> tokens on the given side (HF Encoding::pad).</summary>
    internal void Pad(int length, int padId, int padTypeId, string padToken, PaddingDirection direction)
    {
        foreach (var o in OverflowingList) o.Pad(length, padId, padTypeId, padToken, direction);
        int missing = length - Count;
        if (missing <= 0) return;
        var padding = new Encoding();
        for (int i = 0; i < missing; i++) padding.Add(padId, padToken, padTypeId, new TokenOffsets(0, 0), 1, null, null, attention: 0);
        if (direction == PaddingDirection.Right) { AddAll(padding); return; }
        var copy = Slice(0, Count);
        Clear();
        AddAll(padding);
        AddAll(copy);
    }
}
