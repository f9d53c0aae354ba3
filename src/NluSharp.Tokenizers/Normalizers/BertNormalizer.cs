// BertNormalizer (HF tokenizers normalizers/bert.rs): clean text, space out CJK characters, strip accents, lowercase.
using NluSharp.Tokenizers.Pipeline;
using NluSharp.Tokenizers.Unicode;

namespace NluSharp.Tokenizers.Normalizers;

internal sealed class BertNormalizer(bool cleanText, bool handleChineseChars, bool? stripAccents, bool lowercase) : INormalizer
{
    public bool CleanText => cleanText;
    public bool HandleChineseChars => handleChineseChars;
    public bool? StripAccents => stripAccents;
    public bool Lowercase => lowercase;

    public void Normalize(NormalizedString text)
    {
        if (NormalizedStringUnicode.IsAsciiOnly(text.Text)) { NormalizeAscii(text); return; }
        if (cleanText)
            text.MapCodePoints((c, o) =>
            {
                if (c == 0 || c == 0xFFFD || CharClasses.IsBertControl(c)) return;
                o.Add(c is '\t' or '\n' or '\r' || CharClasses.IsWhitespace(c) ? ' ' : c);
            });
        if (handleChineseChars)
            text.MapCodePoints((c, o) =>
            {
                if (CharClasses.IsChineseChar(c)) { o.Add(' '); o.Add(c); o.Add(' '); }
                else o.Add(c);
            });
        if (stripAccents ?? lowercase)
        {
            text.NormalizeUnicode(compose: false, compatibility: false);
            text.MapCodePoints((c, o) => { if (!CharClasses.IsMarkNonSpacing(c)) o.Add(c); });
        }
        if (lowercase) text.MapCodePoints(CharClasses.AppendLowercase);
    }

    // Same result for pure-ASCII text in one pass: controls (including \v and \f, which are Cc) removed, \t \n \r → ' ', optional lowercase.
    void NormalizeAscii(NormalizedString text)
    {
        var s = text.Text;
        bool removes = false, changes = false;
        foreach (char c in s)
        {
            if (cleanText && (c < 32 && c is not ('\t' or '\n' or '\r') || c == 127)) { removes = true; break; }
            if (cleanText && c is '\t' or '\n' or '\r' || lowercase && c is >= 'A' and <= 'Z') changes = true;
        }
        if (!removes)
        {
            if (!changes) return;
            text.ReplaceTextSameLength(string.Create(s.Length, (s, cleanText, lowercase), static (span, state) =>
            {
                for (int i = 0; i < span.Length; i++)
                {
                    char c = state.s[i];
                    if (state.cleanText && c is '\t' or '\n' or '\r') c = ' ';
                    else if (state.lowercase && c is >= 'A' and <= 'Z') c = (char)(c + 32);
                    span[i] = c;
                }
            }));
            return;
        }
        var cps = new List<int>(s.Length);
        var src = new List<int>(s.Length);
        for (int i = 0; i < s.Length; i++)
        {
            int c = s[i];
            if (cleanText)
            {
                if (c is '\t' or '\n' or '\r') c = ' ';
                else if (c < 32 || c == 127) continue;
            }
            if (lowercase && c is >= 'A' and <= 'Z') c += 32;
            cps.Add(c); src.Add(i);
        }
        text.Rebuild(cps, src);
    }
}
