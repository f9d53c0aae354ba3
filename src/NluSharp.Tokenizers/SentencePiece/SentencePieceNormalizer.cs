// sentencepiece's own normalizer (normalizer.cc Normalizer::Normalize): longest charsmap rule at each position over
// the UTF-8 bytes, whitespace trimmed/collapsed, spaces escaped as U+2581, a dummy prefix; and for every normalized
// byte the original byte it came from (norm_to_orig), which gives sentencepiece's offsets.
using System.Text;

namespace NluSharp.Tokenizers.SentencePiece;

internal sealed class SentencePieceNormalizer(SentencePieceModelProto model, PrecompiledCharsMap? charsMap, IReadOnlyList<byte[]> userDefined)
{
    static readonly byte[] SpaceSymbol = "\u2581"u8.ToArray();
    static readonly byte[] ReplacementChar = "\uFFFD"u8.ToArray();

    /// <summary>Normalized UTF-8 bytes, and norm_to_orig (one entry per normalized byte plus the end).</summary>
    public (byte[] Normalized, int[] NormToOrig) Normalize(ReadOnlySpan<byte> input)
    {
        var normalized = new List<byte>(input.Length * 2);
        var normToOrig = new List<int>(input.Length * 2);
        if (input.IsEmpty) return ([], [0]);
        int consumed = 0;
        Span<(int, int)> results = stackalloc (int, int)[32];
        if (model.RemoveExtraWhitespaces)
        {
            while (!input.IsEmpty)
            {
                int n = NormalizePrefix(input, results, out var sp);
                if (!(sp.Length == 1 && sp[0] == ' ')) break;
                input = input[n..];
                consumed += n;
            }
        }
        if (input.IsEmpty) return ([], [consumed]);
        void AddSpace()
        {
            if (model.EscapeWhitespaces) { foreach (var b in SpaceSymbol) { normalized.Add(b); normToOrig.Add(consumed); } }
            else { normalized.Add((byte)' '); normToOrig.Add(consumed); }
        }
        if (!model.TreatWhitespaceAsSuffix && model.AddDummyPrefix) AddSpace();
        bool isPrevSpace = model.RemoveExtraWhitespaces;
        while (!input.IsEmpty)
        {
            int n = NormalizePrefix(input, results, out var sp);
            while (isPrevSpace && sp.Length > 0 && sp[0] == ' ') sp = sp[1..];
            if (sp.Length > 0)
            {
                foreach (var b in sp)
                {
                    if (model.EscapeWhitespaces && b == ' ') { foreach (var s in SpaceSymbol) { normalized.Add(s); normToOrig.Add(consumed); } }
                    else { normalized.Add(b); normToOrig.Add(consumed); }
                }
                isPrevSpace = sp[^1] == ' ';
            }
            consumed += n;
            input = input[n..];
            if (!model.RemoveExtraWhitespaces) isPrevSpace = false;
        }
        if (model.RemoveExtraWhitespaces)
        {
            var space = model.EscapeWhitespaces ? SpaceSymbol : [(byte)' '];
            while (EndsWith(normalized, space))
            {
                int length = normalized.Count - space.Length;
                consumed = normToOrig[length];
                normalized.RemoveRange(length, space.Length);
                normToOrig.RemoveRange(length, normToOrig.Count - length);
            }
        }
        if (model.TreatWhitespaceAsSuffix && model.AddDummyPrefix) AddSpace();
        normToOrig.Add(consumed);
        return (normalized.ToArray(), normToOrig.ToArray());
    }

    static bool EndsWith(List<byte> list, byte[] suffix)
    {
        if (list.Count < suffix.Length) return false;
        for (int i = 0; i < suffix.Length; i++) if (list[list.Count - suffix.Length + i] != suffix[i]) return false;
        return true;
    }

    /// <summary>sentencepiece's NormalizePrefix: the replacement of the longest rule at the start, and how many bytes it consumes.</summary>
    int NormalizePrefix(ReadOnlySpan<byte> input, Span<(int, int)> results, out ReadOnlySpan<byte> replacement)
    {
        foreach (var u in userDefined) // user-defined symbols are never normalized (longest first)
            if (input.StartsWith(u)) { replacement = input[..u.Length]; return u.Length; }
        int longest = 0, value = 0;
        if (charsMap != null)
        {
            int n = charsMap.CommonPrefixSearch(input, results);
            for (int k = 0; k < Math.Min(n, results.Length); k++)
                if (longest == 0 || results[k].Item1 > longest) (longest, value) = results[k];
        }
        if (longest == 0)
        {
            int length = Utf8.ValidCharLength(input);
            if (length == 0) { replacement = ReplacementChar; return 1; }
            replacement = input[..length];
            return length;
        }
        replacement = charsMap!.Replacement(value);
        return longest;
    }
}

internal static class Utf8
{
    /// <summary>Length of the valid UTF-8 character at the start of <paramref name="s"/>, or 0 when malformed (sentencepiece's DecodeUTF8).</summary>
    public static int ValidCharLength(ReadOnlySpan<byte> s)
    {
        if (s.IsEmpty) return 0;
        byte b = s[0];
        if (b < 0x80) return 1;
        int length; int min;
        if (b >= 0xC2 && b <= 0xDF) { length = 2; min = 0x80; }
        else if (b >= 0xE0 && b <= 0xEF) { length = 3; min = 0x800; }
        else if (b >= 0xF0 && b <= 0xF4) { length = 4; min = 0x10000; }
        else return 0;
        if (s.Length < length) return 0;
        int cp = b & (0x7F >> length);
        for (int i = 1; i < length; i++)
        {
            if ((s[i] & 0xC0) != 0x80) return 0;
            cp = (cp << 6) | (s[i] & 0x3F);
        }
        if (cp < min || cp > 0x10FFFF || cp is >= 0xD800 and <= 0xDFFF) return 0;
        return length;
    }

    /// <summary>Decodes bytes, replacing each byte that does not start a valid character with U+FFFD (sentencepiece's byte-piece decoding).</summary>
    public static string DecodeLossyPerByte(ReadOnlySpan<byte> bytes)
    {
        var sb = new StringBuilder(bytes.Length);
        for (int i = 0; i < bytes.Length;)
        {
            int n = ValidCharLength(bytes[i..]);
            if (n == 0) { sb.Append('\uFFFD'); i++; }
            else { sb.Append(System.Text.Encoding.UTF8.GetString(bytes.Slice(i, n))); i += n; }
        }
        return sb.ToString();
    }
}
