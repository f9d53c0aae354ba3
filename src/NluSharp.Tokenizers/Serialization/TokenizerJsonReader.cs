// Reads Hugging Face tokenizer.json (the `tokenizers` serialization) into the pipeline stages. Unknown or malformed
// stages fail with the JSON path and the list of supported types.
using System.Text.Json;
using System.Text.RegularExpressions;
using NluSharp.Tokenizers.Decoders;
using NluSharp.Tokenizers.Models;
using NluSharp.Tokenizers.Normalizers;
using NluSharp.Tokenizers.Pipeline;
using NluSharp.Tokenizers.PostProcessors;
using NluSharp.Tokenizers.PreTokenizers;
using NluSharp.Tokenizers.SentencePiece;

namespace NluSharp.Tokenizers.Serialization;

internal static class TokenizerJsonReader
{
    static readonly string[] NormalizerTypes = ["BertNormalizer", "NFC", "NFD", "NFKC", "NFKD", "Lowercase", "StripAccents", "Replace", "Prepend", "Strip", "Precompiled", "Sequence"];
    static readonly string[] PreTokenizerTypes = ["BertPreTokenizer", "ByteLevel", "Whitespace", "WhitespaceSplit", "Metaspace", "Punctuation", "Digits", "Split", "Sequence"];
    static readonly string[] ModelTypes = ["WordPiece", "BPE", "Unigram"];
    static readonly string[] PostProcessorTypes = ["TemplateProcessing", "BertProcessing", "RobertaProcessing", "ByteLevel", "Sequence"];
    static readonly string[] DecoderTypes = ["WordPiece", "ByteLevel", "Metaspace", "ByteFallback", "Fuse", "Strip", "BPEDecoder", "Replace", "Sequence"];
    static readonly string[] Behaviors = ["Removed", "Isolated", "MergedWithPrevious", "MergedWithNext", "Contiguous"];

    public static Tokenizer Read(string file)
    {
        JsonDocument doc;
        try { doc = JsonDocument.Parse(File.ReadAllBytes(file), new JsonDocumentOptions { MaxDepth = 256 }); }
        catch (JsonException e) { throw new InvalidDataException($"{file}: not valid JSON (line {e.LineNumber + 1}, byte {e.BytePositionInLine}): {e.Message}", e); }
        using (doc) return Read(new JsonNode(doc.RootElement, "$", file));
    }

    public static Tokenizer Read(JsonNode root)
    {
        if (root.Element.ValueKind != JsonValueKind.Object) throw root.Error("expected the tokenizer.json object");
        var normalizerNode = root.Child("normalizer");
        var normalizer = normalizerNode.IsNull ? null : Normalizer(normalizerNode);
        var preNode = root.Child("pre_tokenizer");
        var pre = preNode.IsNull ? null : PreTokenizer(preNode);
        var model = Model(root.Required("model"));
        var added = new List<AddedToken>();
        var addedNode = root.Child("added_tokens");
        if (!addedNode.IsNull)
            foreach (var t in addedNode.Items())
                added.Add(new AddedToken(t.Required("id").AsInt(), t.Required("content").AsString(), t.Bool("single_word", false),
                    t.Bool("lstrip", false), t.Bool("rstrip", false), t.Bool("normalized", true), t.Bool("special", false)));
        var postNode = root.Child("post_processor");
        var post = postNode.IsNull ? null : PostProcessor(postNode);
        var decoderNode = root.Child("decoder");
        var decoder = decoderNode.IsNull ? null : Decoder(decoderNode);
        var pipeline = new HfPipeline(normalizer, pre, model, new AddedVocabulary(added, normalizer), decoder);
        return new Tokenizer(pipeline, post, Truncation(root.Child("truncation")), Padding(root.Child("padding")));
    }

    static TruncationOptions? Truncation(JsonNode n)
    {
        if (n.IsNull) return null;
        var strategy = n.String("strategy", "LongestFirst") switch
        {
            "LongestFirst" => TruncationStrategy.LongestFirst,
            "OnlyFirst" => TruncationStrategy.OnlyFirst,
            "OnlySecond" => TruncationStrategy.OnlySecond,
            var s => throw n.Child("strategy").Error($"unsupported truncation strategy '{s}'; supported: LongestFirst, OnlyFirst, OnlySecond"),
        };
        var direction = n.String("direction", "Right") == "Left" ? TruncationDirection.Left : TruncationDirection.Right;
        return new TruncationOptions(n.Required("max_length").AsInt(), strategy, n.Int("stride", 0), direction);
    }

    static PaddingOptions? Padding(JsonNode n)
    {
        if (n.IsNull) return null;
        int? length = null;
        var strategy = n.Child("strategy");
        if (strategy.Element.ValueKind == JsonValueKind.Object && strategy.Has("Fixed")) length = strategy.Child("Fixed").AsInt();
        return new PaddingOptions(length, n.IntOrNull("pad_to_multiple_of"),
            n.String("direction", "Right") == "Left" ? PaddingDirection.Left : PaddingDirection.Right,
            n.Int("pad_id", 0), n.Int("pad_type_id", 0), n.String("pad_token", "[PAD]"));
    }

    internal static INormalizer Normalizer(JsonNode n) => n.Type("normalizer", NormalizerTypes) switch
    {
        "BertNormalizer" => new BertNormalizer(n.Bool("clean_text", true), n.Bool("handle_chinese_chars", true),
            n.BoolOrNull("strip_accents"), n.Bool("lowercase", true)),
        "NFC" => new UnicodeFormNormalizer(compose: true, compatibility: false),
        "NFD" => new UnicodeFormNormalizer(compose: false, compatibility: false),
        "NFKC" => new UnicodeFormNormalizer(compose: true, compatibility: true),
        "NFKD" => new UnicodeFormNormalizer(compose: false, compatibility: true),
        "Lowercase" => new LowercaseNormalizer(),
        "StripAccents" => new StripAccentsNormalizer(),
        "Replace" => ReplaceNormalizer(n),
        "Prepend" => new PrependNormalizer(n.Required("prepend").AsString()),
        "Strip" => new StripNormalizer(n.Bool("strip_left", true), n.Bool("strip_right", true)),
        "Precompiled" => Precompiled(n),
        _ => new SequenceNormalizer(n.Required("normalizers").Items().Select(Normalizer).ToList()),
    };

    static INormalizer Precompiled(JsonNode n)
    {
        var charsmap = n.Child("precompiled_charsmap");
        if (charsmap.IsNull) return new SequenceNormalizer([]); // HF accepts a missing charsmap as "no rules"
        byte[] blob;
        try { blob = Convert.FromBase64String(charsmap.AsString()); }
        catch (FormatException) { throw charsmap.Error("expected base64 data"); }
        return new PrecompiledNormalizer(new PrecompiledCharsMap(blob, $"{n.File}: {charsmap.Path}"));
    }

    static (string? Literal, Regex? Regex) Pattern(JsonNode n)
    {
        var p = n.Required("pattern");
        if (p.Has("String")) return (p.Child("String").AsString(), null);
        if (p.Has("Regex"))
        {
            var source = p.Child("Regex").AsString();
            try { return (null, new Regex(source, RegexOptions.CultureInvariant)); }
            catch (ArgumentException e) { throw p.Child("Regex").Error($"invalid regular expression: {e.Message}"); }
        }
        throw p.Error("expected {\"String\": ...} or {\"Regex\": ...}");
    }

    static INormalizer ReplaceNormalizer(JsonNode n)
    {
        var (literal, regex) = Pattern(n);
        return new ReplaceNormalizer(literal ?? "", regex, n.Required("content").AsString());
    }

    static SplitDelimiterBehavior Behavior(JsonNode n, string fallback)
    {
        var name = n.String("behavior", fallback);
        return Array.IndexOf(Behaviors, name) is int i and >= 0
            ? (SplitDelimiterBehavior)Enum.Parse(typeof(SplitDelimiterBehavior), name)
            : throw n.Child("behavior").Error($"unsupported behavior '{name}'; supported: {string.Join(", ", Behaviors)}");
    }

    static PrependScheme Prepend(JsonNode n)
    {
        var scheme = n.StringOrNull("prepend_scheme");
        if (scheme == null) return n.Bool("add_prefix_space", true) ? PrependScheme.Always : PrependScheme.Never;
        return scheme switch
        {
            "always" => PrependScheme.Always,
            "first" => PrependScheme.First,
            "never" => PrependScheme.Never,
            _ => throw n.Child("prepend_scheme").Error($"unsupported prepend_scheme '{scheme}'; supported: always, first, never"),
        };
    }

    static char Replacement(JsonNode n)
    {
        var r = n.String("replacement", "▁");
        if (r.Length != 1) throw n.Child("replacement").Error($"expected a single character, found '{r}'");
        return r[0];
    }

    internal static IPreTokenizer PreTokenizer(JsonNode n) => n.Type("pre_tokenizer", PreTokenizerTypes) switch
    {
        "BertPreTokenizer" => new BertPreTokenizer(),
        "ByteLevel" => new ByteLevelPreTokenizer(n.Bool("add_prefix_space", true), n.Bool("use_regex", true)),
        "Whitespace" => new WhitespacePreTokenizer(),
        "WhitespaceSplit" => new WhitespaceSplitPreTokenizer(),
        "Metaspace" => new MetaspacePreTokenizer(Replacement(n), Prepend(n), n.Bool("split", true)),
        "Punctuation" => new PunctuationPreTokenizer(Behavior(n, "Isolated")),
        "Digits" => new DigitsPreTokenizer(n.Bool("individual_digits", false)),
        "Split" => SplitPre(n),
        _ => new SequencePreTokenizer(n.Required("pretokenizers").Items().Select(PreTokenizer).ToList()),
    };

    static IPreTokenizer SplitPre(JsonNode n)
    {
        var (literal, regex) = Pattern(n);
        return new SplitPreTokenizer(literal, regex, Behavior(n, "Isolated"), n.Bool("invert", false));
    }

    internal static ITokenizerModel Model(JsonNode n)
    {
        string type;
        if (n.Has("type")) type = n.Type("model", ModelTypes);
        else if (n.Has("merges")) type = "BPE";
        else if (n.Child("vocab").Element.ValueKind == JsonValueKind.Array) type = "Unigram";
        else if (n.Has("vocab")) type = "WordPiece";
        else throw n.Error($"model has no \"type\" and no vocab; supported types: {string.Join(", ", ModelTypes)}");
        switch (type)
        {
            case "WordPiece":
            {
                var vocab = VocabObject(n.Required("vocab"));
                try
                {
                    return new WordPieceModel(vocab, n.String("unk_token", "[UNK]"), n.String("continuing_subword_prefix", "##"),
                        n.Int("max_input_chars_per_word", 100));
                }
                catch (InvalidDataException e) { throw n.Error(e.Message); }
            }
            case "BPE":
            {
                var dropout = n.Child("dropout");
                if (!dropout.IsNull && dropout.AsDouble() != 0)
                    throw dropout.Error("BPE dropout is not supported (tokenization would be random); expected null");
                var merges = new List<(string, string)>();
                var mergesNode = n.Child("merges");
                if (!mergesNode.IsNull)
                    foreach (var m in mergesNode.Items())
                    {
                        if (m.Element.ValueKind == JsonValueKind.String)
                        {
                            var s = m.AsString();
                            int space = s.IndexOf(' ', 1 < s.Length ? 1 : 0);
                            if (space <= 0) throw m.Error($"expected a merge \"left right\", found '{s}'");
                            merges.Add((s[..space], s[(space + 1)..]));
                        }
                        else
                        {
                            var pair = m.Items().ToList();
                            if (pair.Count != 2) throw m.Error($"expected a merge [left, right], found {pair.Count} items");
                            merges.Add((pair[0].AsString(), pair[1].AsString()));
                        }
                    }
                var bpeVocab = VocabObject(n.Required("vocab"));
                try
                {
                    return new BpeModel(bpeVocab, merges, n.StringOrNull("unk_token"), n.StringOrNull("continuing_subword_prefix"),
                        n.StringOrNull("end_of_word_suffix"), n.Bool("fuse_unk", false), n.Bool("byte_fallback", false), n.Bool("ignore_merges", false));
                }
                catch (InvalidDataException e) { throw n.Error(e.Message); }
            }
            default:
            {
                var pieces = new List<(string, double)>();
                foreach (var item in n.Required("vocab").Items())
                {
                    var pair = item.Items().ToList();
                    if (pair.Count != 2) throw item.Error($"expected [piece, score], found {pair.Count} items");
                    pieces.Add((pair[0].AsString(), pair[1].AsDouble()));
                }
                try { return new UnigramModel(pieces, n.IntOrNull("unk_id"), n.Bool("byte_fallback", false)); }
                catch (InvalidDataException e) { throw n.Error(e.Message); }
            }
        }
    }

    static Vocabulary VocabObject(JsonNode n) => new(n.Properties().Select(p => new KeyValuePair<string, int>(p.Name, p.Value.AsInt())));

    static (string, int) TokenAndId(JsonNode n)
    {
        var items = n.Items().ToList();
        if (items.Count != 2) throw n.Error($"expected [token, id], found {items.Count} items");
        return (items[0].AsString(), items[1].AsInt());
    }

    internal static IPostProcessor PostProcessor(JsonNode n) => n.Type("post_processor", PostProcessorTypes) switch
    {
        "BertProcessing" => new BertProcessing(TokenAndId(n.Required("sep")), TokenAndId(n.Required("cls"))),
        "RobertaProcessing" => new RobertaProcessing(TokenAndId(n.Required("sep")), TokenAndId(n.Required("cls")),
            n.Bool("trim_offsets", true), n.Bool("add_prefix_space", true)),
        "ByteLevel" => new ByteLevelProcessing(n.Bool("trim_offsets", true), n.Bool("add_prefix_space", true)),
        "TemplateProcessing" => Template(n),
        _ => new SequenceProcessing(n.Required("processors").Items().Select(PostProcessor).ToList()),
    };

    static IPostProcessor Template(JsonNode n)
    {
        var specials = new Dictionary<string, SpecialTokenEntry>();
        var specialsNode = n.Child("special_tokens");
        if (!specialsNode.IsNull)
            foreach (var (name, v) in specialsNode.Properties())
            {
                var ids = v.Required("ids").Items().Select(i => i.AsInt()).ToArray();
                var tokens = v.Required("tokens").Items().Select(i => i.AsString()).ToArray();
                if (ids.Length != tokens.Length) throw v.Error($"special token '{name}' has {ids.Length} ids but {tokens.Length} tokens");
                specials[name] = new SpecialTokenEntry(v.String("id", name), ids, tokens);
            }
        List<TemplatePiece> Pieces(JsonNode t)
        {
            var list = new List<TemplatePiece>();
            foreach (var p in t.Items())
            {
                if (p.Has("Sequence"))
                {
                    var s = p.Child("Sequence");
                    var id = s.Required("id").AsString();
                    if (id is not ("A" or "B")) throw s.Child("id").Error($"expected sequence id A or B, found '{id}'");
                    list.Add(new TemplatePiece(true, id, s.Int("type_id", 0)));
                }
                else if (p.Has("SpecialToken"))
                {
                    var s = p.Child("SpecialToken");
                    var id = s.Required("id").AsString();
                    if (!specials.ContainsKey(id)) throw s.Child("id").Error($"special token '{id}' is not in special_tokens");
                    list.Add(new TemplatePiece(false, id, s.Int("type_id", 0)));
                }
                else throw p.Error("expected {\"Sequence\": ...} or {\"SpecialToken\": ...}");
            }
            return list;
        }
        var single = Pieces(n.Required("single"));
        var pairNode = n.Child("pair");
        var pair = pairNode.IsNull ? single.Concat(single.Where(p => p.IsSequence).Select(p => p with { Id = "B" })).ToList() : Pieces(pairNode);
        return new TemplateProcessing(single, pair, specials);
    }

    internal static IDecoder Decoder(JsonNode n) => n.Type("decoder", DecoderTypes) switch
    {
        "WordPiece" => new WordPieceDecoder(n.String("prefix", "##"), n.Bool("cleanup", true)),
        "ByteLevel" => new ByteLevelDecoder(),
        "Metaspace" => new MetaspaceDecoder(Replacement(n), Prepend(n)),
        "ByteFallback" => new ByteFallbackDecoder(),
        "Fuse" => new FuseDecoder(),
        "Strip" => new StripDecoder(StripContent(n), n.Int("start", 0), n.Int("stop", 0)),
        "BPEDecoder" => new BpeDecoder(n.String("suffix", "</w>")),
        "Replace" => new ReplaceDecoder(Pattern(n).Literal ?? throw n.Child("pattern").Error("the Replace decoder supports only a String pattern"), n.Required("content").AsString()),
        _ => new SequenceDecoder(n.Required("decoders").Items().Select(Decoder).ToList()),
    };

    static char StripContent(JsonNode n)
    {
        var c = n.String("content", " ");
        if (c.Length != 1) throw n.Child("content").Error($"expected a single character, found '{c}'");
        return c[0];
    }
}
