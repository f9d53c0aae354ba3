// Added tokens (HF added_vocabulary.rs): matched in the raw text (normalized=false) or in the normalized text
// (normalized=true) before pre-tokenization, leftmost-longest, with lstrip/rstrip/single_word rules.
using System.Globalization;
using NluSharp.Tokenizers.Normalizers;
using NluSharp.Tokenizers.Unicode;

namespace NluSharp.Tokenizers.Pipeline;

/// <summary>One entry of tokenizer.json's <c>added_tokens</c>.</summary>
public sealed record AddedToken(int Id, string Content, bool SingleWord = false, bool LStrip = false, bool RStrip = false,
    bool Normalized = true, bool Special = false);

internal sealed class AddedVocabulary
{
    public IReadOnlyList<AddedToken> Tokens { get; }
    readonly Dictionary<int, AddedToken> _byId = new();
    readonly Dictionary<string, AddedToken> _byContent = new(StringComparer.Ordinal);
    readonly Matcher _raw, _normalized;

    public AddedVocabulary(IReadOnlyList<AddedToken> tokens, INormalizer? normalizer)
    {
        Tokens = tokens;
        foreach (var t in tokens) { _byId[t.Id] = t; _byContent[t.Content] = t; }
        _raw = new Matcher(tokens.Where(t => !t.Normalized || normalizer == null).Select(t => (t.Content, t)));
        _normalized = new Matcher(tokens.Where(t => t.Normalized && normalizer != null)
            .Select(t => (normalizer!.NormalizeString(t.Content), t)));
    }

    public bool IsSpecial(int id) => _byId.TryGetValue(id, out var t) && t.Special;

    public string? IdToToken(int id) => _byId.TryGetValue(id, out var t) ? t.Content : null;

    public int? TokenToId(string content) => _byContent.TryGetValue(content, out var t) ? t.Id : null;

    /// <summary>HF extract_and_normalize: split out raw-matched tokens, normalize the rest, split out normalized-matched tokens.</summary>
    public void ExtractAndNormalize(PreTokenizedString text, INormalizer? normalizer)
    {
        if (_raw.Count > 0) text.Split((ns, output) => _raw.Split(ns, output));
        text.Split((ns, output) =>
        {
            normalizer?.Normalize(ns);
            if (_normalized.Count > 0) _normalized.Split(ns, output);
            else output.Add(new Split(ns));
        });
    }

    sealed class Matcher
    {
        readonly Dictionary<char, (string Pattern, AddedToken Token)[]> _byFirstChar;
        public int Count { get; }

        public Matcher(IEnumerable<(string Pattern, AddedToken Token)> patterns)
        {
            var list = patterns.Where(p => p.Pattern.Length > 0).ToList();
            Count = list.Count;
            _byFirstChar = list.GroupBy(p => p.Pattern[0])
                .ToDictionary(g => g.Key, g => g.OrderByDescending(p => p.Pattern.Length).ToArray());
        }

        public void Split(NormalizedString ns, List<Split> output)
        {
            var s = ns.Text;
            int startOffset = 0;
            for (int i = 0; i < s.Length;)
            {
                if (!_byFirstChar.TryGetValue(s[i], out var candidates)) { i++; continue; }
                (string Pattern, AddedToken Token)? match = null;
                foreach (var c in candidates)
                    if (string.CompareOrdinal(s, i, c.Pattern, 0, c.Pattern.Length) == 0 && i + c.Pattern.Length <= s.Length) { match = c; break; }
                if (match is not { } m) { i++; continue; }
                int start = i, stop = i + m.Pattern.Length;
                i = stop;
                var token = m.Token;
                if (token.SingleWord)
                {
                    bool startSpace = start == 0 || !IsWordChar(s, start, before: true);
                    bool stopSpace = stop == s.Length || !IsWordChar(s, stop, before: false);
                    if (!startSpace || !stopSpace) continue;
                }
                if (token.LStrip)
                {
                    int newStart = start;
                    while (newStart > 0 && CharClasses.IsWhitespace(PreviousCodePoint(s, newStart, out int l))) newStart -= l;
                    start = Math.Max(newStart, startOffset);
                }
                if (token.RStrip)
                {
                    while (stop < s.Length && CharClasses.IsWhitespace(CharClasses.CodePointAt(s, stop, out int l))) stop += l;
                    i = stop;
                }
                if (startOffset < start) output.Add(new Split(ns.Slice(startOffset, start)));
                var piece = ns.Slice(start, stop);
                output.Add(new Split(piece, [new Token(token.Id, piece.Text, 0, piece.Length)]));
                startOffset = stop;
            }
            if (startOffset == 0) output.Add(new Split(ns));
            else if (startOffset < s.Length) output.Add(new Split(ns.Slice(startOffset, s.Length)));
        }

        static int PreviousCodePoint(string s, int index, out int length)
        {
            if (index >= 2 && char.IsLowSurrogate(s[index - 1]) && char.IsHighSurrogate(s[index - 2])) { length = 2; return char.ConvertToUtf32(s[index - 2], s[index - 1]); }
            length = 1;
            return s[index - 1];
        }

        // Rust regex \w (HF checks single_word tokens with \w$ and ^\w).
        static bool IsWordChar(string s, int index, bool before) =>
            CharClasses.IsRegexWord(before ? PreviousCodePoint(s, index, out _) : CharClasses.CodePointAt(s, index, out _));
    }
}
