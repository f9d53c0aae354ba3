// Small self-contained checks of pipeline stages (no ../shared needed): Unicode normalization forms, truncation
// strategies and overflowing windows, padding, Metaspace + Unigram with byte fallback, BPE byte fallback.
using NluSharp.Tokenizers.Normalizers;
using NluSharp.Tokenizers.Pipeline;

namespace NluSharp.Tokenizers.Tests;

public sealed class PipelineUnitTests : IDisposable
{
    readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("nlu-tok-unit-");

    public void Dispose() => _dir.Delete(true);

    Tokenizer FromJson(string json)
    {
        var path = Path.Combine(_dir.FullName, $"t{Guid.NewGuid():N}.json");
        File.WriteAllText(path, json);
        return Tokenizer.FromFile(path);
    }

    [Theory]
    [InlineData("e\u0301", true, false, "\u00E9")]
    [InlineData("\u00E9", false, false, "e\u0301")]
    [InlineData("\uFB01", true, true, "fi")]
    [InlineData("\u1100\u1161\u11A8", true, false, "\uAC01")]          // Hangul L V T composes
    [InlineData("\uAC01", false, false, "\u1100\u1161\u11A8")]
    [InlineData("a\u0301\u0323", false, false, "a\u0323\u0301")]        // canonical reordering (ccc 220 before 230)
    [InlineData("\u1E0B\u0323", true, false, "\u1E0D\u0307")]          // NFC of ḋ + dot below recomposes as ḍ + dot above
    [InlineData("\u2460", true, true, "1")]
    public void UnicodeFormsMatchTheStandard(string input, bool compose, bool compatibility, string expected)
    {
        var ns = NormalizedString.FromOriginal(input);
        new UnicodeFormNormalizer(compose, compatibility).Normalize(ns);
        Assert.Equal(expected, ns.Text);
        // every normalized unit aligns inside the input
        Assert.All(ns.Starts.ToArray().Zip(ns.Ends.ToArray()), p => Assert.True(0 <= p.First && p.First <= p.Second && p.Second <= input.Length));
    }

    const string WordPiece = """
        {"model": {"type": "WordPiece", "unk_token": "[UNK]", "continuing_subword_prefix": "##", "vocab":
          {"[PAD]": 0, "[UNK]": 1, "[CLS]": 2, "[SEP]": 3, "a": 4, "b": 5, "c": 6, "##b": 7, "##c": 8, "ab": 9}},
         "normalizer": {"type": "BertNormalizer", "lowercase": true},
         "pre_tokenizer": {"type": "BertPreTokenizer"},
         "post_processor": {"type": "BertProcessing", "sep": ["[SEP]", 3], "cls": ["[CLS]", 2]},
         "decoder": {"type": "WordPiece", "prefix": "##", "cleanup": true},
         "added_tokens": [{"id": 0, "content": "[PAD]", "special": true, "normalized": false}]}
        """;

    [Fact]
    public void WordPieceIsGreedyLongestFirst()
    {
        var t = FromJson(WordPiece);
        var e = t.Encode("ABC abd");
        Assert.Equal(["[CLS]", "ab", "##c", "[UNK]", "[SEP]"], e.Tokens);
        Assert.Equal([new TokenOffsets(0, 0), new(0, 2), new(2, 3), new(4, 7), new(0, 0)], e.Offsets);
        Assert.Equal("abc [UNK]", t.Decode(e.Ids, skipSpecialTokens: false).Replace("[CLS] ", "").Replace(" [SEP]", ""));
    }

    [Theory]
    [InlineData(TruncationStrategy.LongestFirst, 2, 3)] // HF: both too long → max/2 and max/2 + max%2
    [InlineData(TruncationStrategy.OnlyFirst, 1, 4)]
    [InlineData(TruncationStrategy.OnlySecond, 4, 1)]
    public void PairTruncationStrategies(TruncationStrategy strategy, int firstKept, int secondKept)
    {
        var t = FromJson(WordPiece);
        t.Truncation = new TruncationOptions(8, strategy); // 3 special tokens leave 5
        var e = t.Encode("a b c a", "b c a b");
        Assert.Equal(8, e.Count);
        Assert.Equal(firstKept, e.TypeIds.Count(x => x == 0) - 2);
        Assert.Equal(secondKept, e.TypeIds.Count(x => x == 1) - 1);
    }

    [Fact]
    public void OnlySecondWithoutPairIsAnError()
    {
        var t = FromJson(WordPiece);
        t.Truncation = new TruncationOptions(3, TruncationStrategy.OnlySecond);
        Assert.Throws<ArgumentException>(() => t.Encode("a b c a"));
    }

    [Fact]
    public void StrideGivesOverlappingOverflowWindows()
    {
        var t = FromJson(WordPiece);
        t.Truncation = new TruncationOptions(5, Stride: 1); // 3 tokens per window, 1 shared
        var e = t.Encode("a b c a b c");
        Assert.Equal(["[CLS]", "a", "b", "c", "[SEP]"], e.Tokens);
        Assert.Equal(2, e.Overflowing.Count);
        Assert.Equal(["[CLS]", "c", "a", "b", "[SEP]"], e.Overflowing[0].Tokens);
        Assert.Equal(["[CLS]", "b", "c", "[SEP]"], e.Overflowing[1].Tokens);
    }

    [Fact]
    public void PaddingLeftToMultiple()
    {
        var t = FromJson(WordPiece);
        t.Padding = new PaddingOptions(Length: 5, PadToMultipleOf: 4, Direction: PaddingDirection.Left);
        var e = t.Encode("a b");
        Assert.Equal([0, 0, 0, 0, 2, 4, 5, 3], e.Ids);
        Assert.Equal([0, 0, 0, 0, 1, 1, 1, 1], e.AttentionMask);
    }

    [Fact]
    public void MetaspaceUnigramWithByteFallbackRoundTrips()
    {
        var bytes = string.Join(",", Enumerable.Range(0, 256).Select(b => $"[\"<0x{b:X2}>\", 0.0]"));
        var t = FromJson($$$"""
            {"model": {"type": "Unigram", "unk_id": 0, "byte_fallback": true,
                       "vocab": [["<unk>", 0.0], ["▁hello", -1.0], ["▁wor", -2.0], ["ld", -2.0], ["▁", -3.0], ["h", -4.0], {{{bytes}}}]},
             "pre_tokenizer": {"type": "Metaspace", "replacement": "▁", "prepend_scheme": "always", "split": true},
             "decoder": {"type": "Sequence", "decoders": [{"type": "ByteFallback"}, {"type": "Fuse"}, {"type": "Metaspace", "replacement": "▁", "prepend_scheme": "always"}]}}
            """);
        var e = t.Encode("hello world é");
        Assert.Equal(["▁hello", "▁wor", "ld", "▁", "<0xC3>", "<0xA9>"], e.Tokens);
        Assert.Equal("hello world é", t.Decode(e.Ids));
        Assert.Equal(new TokenOffsets(12, 13), e.Offsets[^1]);
    }

    [Fact]
    public void BpeWithContinuingPrefixAndByteFallback()
    {
        var t = FromJson("""
            {"model": {"type": "BPE", "byte_fallback": true, "unk_token": "<unk>", "continuing_subword_prefix": "##",
                       "vocab": {"<unk>": 0, "<0xE2>": 1, "<0x82>": 2, "<0xAC>": 3, "l": 4, "##o": 5, "##w": 6, "lo": 7, "low": 8},
                       "merges": ["l ##o", "lo ##w"]},
             "pre_tokenizer": {"type": "WhitespaceSplit"}}
            """);
        var e = t.Encode("low €");
        Assert.Equal(["low", "<0xE2>", "<0x82>", "<0xAC>"], e.Tokens);
        Assert.Equal([new TokenOffsets(0, 3), new(4, 5), new(4, 5), new(4, 5)], e.Offsets);
    }
}
