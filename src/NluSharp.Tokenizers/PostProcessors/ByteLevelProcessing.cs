// ByteLevel post-processor (HF pre_tokenizers/byte_level.rs process_offsets): drops leading/trailing spaces ('Ġ' or
// whitespace) from each token's offsets, except the single prefix space of the first token when add_prefix_space.
using NluSharp.Tokenizers.Unicode;

namespace NluSharp.Tokenizers.PostProcessors;

internal sealed class ByteLevelProcessing(bool trimOffsets, bool addPrefixSpace) : IPostProcessor
{
    public bool TrimOffsetsEnabled => trimOffsets;
    public bool AddPrefixSpace => addPrefixSpace;

    public int AddedTokens(bool isPair) => 0;

    public List<Encoding> Process(List<Encoding> encodings, bool addSpecialTokens)
    {
        if (trimOffsets)
            foreach (var e in encodings) TrimOffsets(e, addPrefixSpace);
        return encodings;
    }

    const char SpaceChar = 'Ġ';

    static bool IsSpace(char c) => c == SpaceChar || CharClasses.IsWhitespace(c);

    public static void TrimOffsets(Encoding encoding, bool addPrefixSpace, bool includeOverflowing = true)
    {
        TrimOne(encoding, addPrefixSpace);
        if (includeOverflowing)
            foreach (var o in encoding.OverflowingList) TrimOne(o, addPrefixSpace);
    }

    static int Advance(string text, int index, int codePoints)
    {
        for (int k = 0; k < codePoints; k++)
            index += index + 1 < text.Length && char.IsHighSurrogate(text[index]) && char.IsLowSurrogate(text[index + 1]) ? 2 : 1;
        return index;
    }

    // Moves back by whole code points; null when fewer than that many precede the index (HF: offsets.1 >= trailing).
    static int? Retreat(string text, int index, int codePoints)
    {
        for (int k = 0; k < codePoints; k++)
        {
            if (index <= 0) return null;
            index -= index >= 2 && index <= text.Length && char.IsLowSurrogate(text[index - 1]) && char.IsHighSurrogate(text[index - 2]) ? 2 : 1;
        }
        return index;
    }

    static void TrimOne(Encoding encoding, bool addPrefixSpace)
    {
        for (int i = 0; i < encoding.Count; i++)
        {
            var token = encoding.TokenList[i];
            int leading = 0, trailing = 0;
            while (leading < token.Length && IsSpace(token[leading])) leading++;
            while (trailing < token.Length && IsSpace(token[token.Length - 1 - trailing])) trailing++;
            if (leading == 0 && trailing == 0) continue;
            // HF does this arithmetic on code point offsets; steps here move by whole code points of the source text
            // so that a span over an astral character shrinks to empty instead of to half a surrogate pair.
            var text = encoding.SourceText ?? "";
            var (start, end) = encoding.OffsetList[i];
            if (leading > 0)
            {
                bool isFirst = i == 0 || start == 0;
                if (isFirst && addPrefixSpace && leading == 1) leading = 0;
                start = Math.Min(Advance(text, start, leading), end);
            }
            if (trailing > 0 && Retreat(text, end, trailing) is int newEnd) end = Math.Max(newEnd, start);
            encoding.SetOffset(i, new TokenOffsets(start, end));
        }
    }
}
