// Character classes used by the Hugging Face tokenizers pipeline, defined as in its Rust source
// (char::is_whitespace, unicode_categories' is_other / is_punctuation / is_mark_nonspacing, BERT's CJK ranges).
using System.Globalization;
using System.Text;

namespace NluSharp.Tokenizers.Unicode;

internal static class CharClasses
{
    /// <summary>Rust's char::is_whitespace: the Unicode White_Space property.</summary>
    public static bool IsWhitespace(int c) => c switch
    {
        >= 0x09 and <= 0x0D or 0x20 or 0x85 or 0xA0 or 0x1680 or >= 0x2000 and <= 0x200A
            or 0x2028 or 0x2029 or 0x202F or 0x205F or 0x3000 => true,
        _ => false,
    };

    public static UnicodeCategory Category(int c) => CharUnicodeInfo.GetUnicodeCategory(c);

    /// <summary>BertNormalizer's is_control: any "Other" category (Cc, Cf, Cs, Co, Cn) except \t \n \r.</summary>
    public static bool IsBertControl(int c)
    {
        if (c is '\t' or '\n' or '\r') return false;
        return Category(c) is UnicodeCategory.Control or UnicodeCategory.Format or UnicodeCategory.Surrogate
            or UnicodeCategory.PrivateUse or UnicodeCategory.OtherNotAssigned;
    }

    /// <summary>BertPreTokenizer's punctuation: ASCII punctuation or any P* category.</summary>
    public static bool IsBertPunctuation(int c)
    {
        if (c < 128) return c is >= 33 and <= 47 or >= 58 and <= 64 or >= 91 and <= 96 or >= 123 and <= 126;
        return Category(c) is UnicodeCategory.ConnectorPunctuation or UnicodeCategory.DashPunctuation
            or UnicodeCategory.OpenPunctuation or UnicodeCategory.ClosePunctuation or UnicodeCategory.InitialQuotePunctuation
            or UnicodeCategory.FinalQuotePunctuation or UnicodeCategory.OtherPunctuation;
    }

    /// <summary>The CJK ranges of BertNormalizer's handle_chinese_chars (including its 0x2B920 lower bound).</summary>
    public static bool IsChineseChar(int c) => c is >= 0x4E00 and <= 0x9FFF or >= 0x3400 and <= 0x4DBF
        or >= 0x20000 and <= 0x2A6DF or >= 0x2A700 and <= 0x2B73F or >= 0x2B740 and <= 0x2B81F
        or >= 0x2B920 and <= 0x2CEAF or >= 0xF900 and <= 0xFAFF or >= 0x2F800 and <= 0x2FA1F;

    public static bool IsMarkNonSpacing(int c) => Category(c) == UnicodeCategory.NonSpacingMark;

    public static bool IsLetter(int c) => Category(c) is UnicodeCategory.UppercaseLetter or UnicodeCategory.LowercaseLetter
        or UnicodeCategory.TitlecaseLetter or UnicodeCategory.ModifierLetter or UnicodeCategory.OtherLetter;

    public static bool IsNumber(int c) => Category(c) is UnicodeCategory.DecimalDigitNumber or UnicodeCategory.LetterNumber
        or UnicodeCategory.OtherNumber;

    public static bool IsAlphanumeric(int c) => IsLetter(c) || IsNumber(c);

    /// <summary>Any combining mark (Mn, Mc, Me): unicode-normalization's is_combining_mark, used by HF StripAccents.</summary>
    public static bool IsCombiningMark(int c) => Category(c) is UnicodeCategory.NonSpacingMark or UnicodeCategory.SpacingCombiningMark
        or UnicodeCategory.EnclosingMark;

    /// <summary>
    /// Rust regex's Unicode <c>\w</c>: Alphabetic (letters, letter numbers; marks stand in for Other_Alphabetic), marks,
    /// decimal digits, connector punctuation and Join_Control (ZWNJ, ZWJ).
    /// </summary>
    public static bool IsRegexWord(int c) => c is 0x200C or 0x200D || IsLetter(c) || IsCombiningMark(c)
        || Category(c) is UnicodeCategory.DecimalDigitNumber or UnicodeCategory.LetterNumber or UnicodeCategory.ConnectorPunctuation;

    /// <summary>Rust's char::to_lowercase (full mapping): like the invariant simple mapping, except U+0130 → "i\u0307".</summary>
    public static void AppendLowercase(int c, List<int> output)
    {
        if (c == 0x130) { output.Add('i'); output.Add(0x307); return; }
        output.Add(c < 0x80 ? (c is >= 'A' and <= 'Z' ? c + 32 : c) : c is >= 0xD800 and <= 0xDFFF ? c : Rune.ToLowerInvariant(new Rune(c)).Value);
    }

    /// <summary>Code point at a UTF-16 index; lone surrogates come back as themselves.</summary>
    public static int CodePointAt(ReadOnlySpan<char> s, int i, out int length)
    {
        char c = s[i];
        if (char.IsHighSurrogate(c) && i + 1 < s.Length && char.IsLowSurrogate(s[i + 1]))
        {
            length = 2;
            return char.ConvertToUtf32(c, s[i + 1]);
        }
        length = 1;
        return c;
    }

    /// <summary>Appends a code point as UTF-16.</summary>
    public static void AppendCodePoint(StringBuilder sb, int cp)
    {
        if (cp < 0x10000) sb.Append((char)cp);
        else { cp -= 0x10000; sb.Append((char)(0xD800 + (cp >> 10))).Append((char)(0xDC00 + (cp & 0x3FF))); }
    }
}
