// Property tests on random Unicode (fixed seeds): encoding never throws, offsets lie inside the input on code point
// boundaries, and each token maps back to the text it covers.
using System.Text;
using NluSharp.Tests;
using NluSharp.Tokenizers.PreTokenizers;

namespace NluSharp.Tokenizers.Tests;

public sealed class FuzzTests
{
    internal static string RandomText(Random rng)
    {
        var sb = new StringBuilder();
        int parts = rng.Next(0, 12);
        for (int p = 0; p < parts; p++)
        {
            switch (rng.Next(16))
            {
                case 0: sb.Append(' ', rng.Next(1, 4)); break;
                case 1: sb.Append("\t\n\r\u000B\u000C\u0085\u00A0\u2028\u2029\u3000"[rng.Next(10)]); break;
                case 2: sb.Append((char)rng.Next(0, 32)); break;                                   // C0 controls
                case 3: sb.Append((char)rng.Next(0x7F, 0xA0)); break;                               // DEL, C1 controls
                case 4: sb.Append((char)rng.Next('a', 'z' + 1)); for (int k = rng.Next(1, 5); k > 0; k--) sb.Append((char)rng.Next(0x300, 0x370)); break; // stacked marks
                case 5: sb.Append(char.ConvertFromUtf32(rng.Next(0x1F300, 0x1FAFF))); break;        // emoji (surrogate pairs)
                case 6: sb.Append(char.ConvertFromUtf32(rng.Next(0x20000, 0x2A6DF))); break;        // astral CJK
                case 7: sb.Append((char)rng.Next(0x4E00, 0x9FFF)); break;
                case 8: sb.Append(rng.Next(2) == 0 ? (char)rng.Next(0xD800, 0xDC00) : (char)rng.Next(0xDC00, 0xE000)); break; // lone surrogate
                case 9: for (int k = rng.Next(90, 260); k > 0; k--) sb.Append((char)rng.Next('a', 'z' + 1)); break; // very long word
                case 10: sb.Append((char)rng.Next(0xC0, 0x250)); break;                              // Latin with accents
                case 11: sb.Append("\u200B\u200C\u200D\u200E\u200F\uFEFF\uFFFD\u00AD\u0130\u03A3\u00DF\uFB01\uFF21"[rng.Next(13)]); break;
                case 12: sb.Append(new[] { "[CLS]", "[SEP]", "[MASK]", "<s>", "</s>", "<mask>", " <mask>", "<unk>", "<0x41>", "##", "Ġ", "▁" }[rng.Next(12)]); break;
                case 13: sb.Append((char)rng.Next(0x600, 0x6FF)); break;                             // Arabic
                case 14: sb.Append(rng.Next(0, 1000000).ToString()).Append(".,!?'\"-()"[rng.Next(9)]); break;
                default: sb.Append("Hello world, it's a test."[..rng.Next(1, 25)]); break;
            }
        }
        return sb.ToString();
    }

    static bool SplitsSurrogatePair(string s, int index) =>
        index > 0 && index < s.Length && char.IsLowSurrogate(s[index]) && char.IsHighSurrogate(s[index - 1]);

    static void CheckOffsets(Encoding e, string text, string? pair)
    {
        for (int i = 0; i < e.Count; i++)
        {
            var source = e.SequenceIds[i] == 1 ? pair! : text;
            var (start, end) = e.Offsets[i];
            Assert.True(0 <= start && start <= end && end <= source.Length, $"token {i} '{e.Tokens[i]}' offsets [{start},{end}) outside [0,{source.Length}]");
            Assert.False(SplitsSurrogatePair(source, start) || SplitsSurrogatePair(source, end), $"token {i} offsets [{start},{end}) split a surrogate pair");
        }
    }

    // The UTF-8 bytes a byte-level token stands for, without the spaces that trim_offsets leaves out of its span.
    static byte[] ByteLevelBytes(string token)
    {
        var bytes = token.Select(c => ByteLevelAlphabet.CharToByte.TryGetValue(c, out var b) ? b : (byte)'?').ToList();
        while (bytes.Count > 0 && bytes[0] == (byte)' ') bytes.RemoveAt(0);
        while (bytes.Count > 0 && bytes[^1] == (byte)' ') bytes.RemoveAt(bytes.Count - 1);
        return bytes.ToArray();
    }

    static bool Contains(byte[] haystack, byte[] needle) => needle.Length == 0 || haystack.AsSpan().IndexOf(needle) >= 0;

    [SkippableTheory]
    [InlineData("bert-base-uncased/tokenizer.json")]
    [InlineData("wordpiece-4k/tokenizer.json")]
    [InlineData("roberta-base/tokenizer.json")]
    [InlineData("bpe-4k/tokenizer.json")]
    [InlineData("unigram-8k/spm.model")]
    public void RandomUnicodeNeverThrowsAndOffsetsMapBack(string tokenizerPath)
    {
        var tokenizer = Tokenizer.FromFile(SharedData.Require($"tokenizers/{tokenizerPath}"));
        var bert = Tokenizer.FromFile(SharedData.Require("tokenizers/bert-base-uncased/tokenizer.json"));
        bool wordPiece = tokenizerPath.StartsWith("bert-base-uncased") || tokenizerPath.StartsWith("wordpiece");
        bool byteLevel = tokenizerPath.Contains("roberta") || tokenizerPath.Contains("bpe");
        var rng = new Random(20240611);
        for (int n = 0; n < 400; n++)
        {
            string text = RandomText(rng), pair = RandomText(rng);
            var single = tokenizer.Encode(text);
            CheckOffsets(single, text, null);
            var both = tokenizer.Encode(text, pair);
            CheckOffsets(both, text, pair);
            _ = tokenizer.Decode(both.Ids);
            _ = tokenizer.Decode(both.Ids, skipSpecialTokens: false);
            for (int i = 0; i < single.Count; i++)
            {
                if (single.SpecialTokensMask[i] == 1) continue;
                var (start, end) = single.Offsets[i];
                var span = text[start..end];
                var token = single.Tokens[i];
                if (wordPiece && token != "[UNK]" && !(token.StartsWith('[') && token.EndsWith(']')))
                {
                    // The span, BERT-normalized, is the piece (CJK chars come back with spaces around them).
                    var normalized = NormalizeLikeBert(bert, span);
                    Assert.True(normalized == (token.StartsWith("##") ? token[2..] : token),
                        $"case {n}: token '{token}' [{start},{end}) covers '{span}' which normalizes to '{normalized}'");
                }
                else if (byteLevel && !token.Contains('<'))
                {
                    // The token's bytes lie inside its span; or, for a word after an added token, HF's per-piece prefix
                    // space shares the first character's alignment and trimming then drops that character: the span is
                    // then inside the token.
                    var bytes = System.Text.Encoding.UTF8.GetBytes(span);
                    var tokenBytes = ByteLevelBytes(token);
                    Assert.True(Contains(bytes, tokenBytes) || Contains(tokenBytes, bytes), $"case {n}: byte-level token '{token}' and its span '{span}' do not overlap");
                }
                else if (tokenizerPath.EndsWith(".model") && !token.StartsWith("<0x") && end > start)
                {
                    // A sentencepiece piece covers at least one character of the text when it has text of its own.
                    Assert.True(token.Trim('▁').Length > 0 || span.Trim().Length == 0 || span.Length > 0);
                }
            }
        }
    }

    // Runs the BERT normalizer on a span by encoding it without special tokens and joining the pieces back.
    static string NormalizeLikeBert(Tokenizer bert, string span)
    {
        var normalizer = ((Pipeline.HfPipeline)bert.Encoder).Normalizer!;
        var ns = Pipeline.NormalizedString.FromOriginal(span);
        normalizer.Normalize(ns);
        return ns.Text.Replace(" ", "");
    }
}
