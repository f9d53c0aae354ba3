// The older tokenizer files, turned into the same pipeline transformers' converters build (convert_slow_tokenizer.py):
// vocab.txt + tokenizer_config.json → BERT WordPiece; vocab.json + merges.txt → RoBERTa (or GPT-2) byte-level BPE.
using System.Text.Json;
using NluSharp.Tokenizers.Decoders;
using NluSharp.Tokenizers.Models;
using NluSharp.Tokenizers.Normalizers;
using NluSharp.Tokenizers.Pipeline;
using NluSharp.Tokenizers.PostProcessors;
using NluSharp.Tokenizers.PreTokenizers;

namespace NluSharp.Tokenizers.Serialization;

internal static class LegacyVocabLoader
{
    static JsonNode? Config(string folder)
    {
        var path = Path.Combine(folder, "tokenizer_config.json");
        if (!File.Exists(path)) return null;
        try
        {
            using var doc = JsonDocument.Parse(File.ReadAllBytes(path));
            return new JsonNode(doc.RootElement.Clone(), "$", path);
        }
        catch (JsonException e) { throw new InvalidDataException($"{path}: not valid JSON: {e.Message}", e); }
    }

    static string TokenName(JsonNode? config, string field, string fallback)
    {
        if (config is not { } c || !c.Has(field)) return fallback;
        var n = c.Child(field);
        return n.Element.ValueKind == JsonValueKind.Object ? n.Required("content").AsString() : n.AsString();
    }

    /// <summary>BertTokenizerFast from vocab.txt (one token per line, id = line number) and tokenizer_config.json.</summary>
    public static Tokenizer LoadWordPiece(string vocabPath)
    {
        var folder = Path.GetDirectoryName(Path.GetFullPath(vocabPath))!;
        var config = Config(folder);
        var lines = File.ReadAllLines(vocabPath);
        var entries = new Dictionary<string, int>(StringComparer.Ordinal);
        for (int i = 0; i < lines.Length; i++)
        {
            var token = lines[i].TrimEnd('\r');
            if (token.Length == 0 && i == lines.Length - 1) continue;
            entries.TryAdd(token, i);
        }
        var vocab = new Vocabulary(entries);
        bool lower = config?.Bool("do_lower_case", true) ?? true;
        var normalizer = new BertNormalizer(true, config?.Bool("tokenize_chinese_chars", true) ?? true, config?.BoolOrNull("strip_accents"), lower);
        string unk = TokenName(config, "unk_token", "[UNK]"), sep = TokenName(config, "sep_token", "[SEP]"), cls = TokenName(config, "cls_token", "[CLS]");
        string pad = TokenName(config, "pad_token", "[PAD]"), mask = TokenName(config, "mask_token", "[MASK]");
        int Id(string token) => vocab[token] ?? throw new InvalidDataException($"{vocabPath}: special token '{token}' is not in the vocabulary");
        var added = AddedTokens(config, vocab, [pad, unk, cls, sep, mask], normalized: false, lstripToken: null);
        var template = new TemplateProcessing(
            [new(false, cls, 0), new(true, "A", 0), new(false, sep, 0)],
            [new(false, cls, 0), new(true, "A", 0), new(false, sep, 0), new(true, "B", 1), new(false, sep, 1)],
            new Dictionary<string, SpecialTokenEntry> { [cls] = new(cls, [Id(cls)], [cls]), [sep] = new(sep, [Id(sep)], [sep]) });
        var pipeline = new HfPipeline(normalizer, new BertPreTokenizer(), new WordPieceModel(vocab, unk, "##", 100),
            new AddedVocabulary(added, normalizer), new WordPieceDecoder("##", true));
        return new Tokenizer(pipeline, template);
    }

    /// <summary>RobertaTokenizerFast (or GPT2TokenizerFast when the config says so) from vocab.json + merges.txt.</summary>
    public static Tokenizer LoadBpe(string vocabPath)
    {
        var folder = Path.GetDirectoryName(Path.GetFullPath(vocabPath))!;
        var mergesPath = Path.Combine(folder, "merges.txt");
        if (!File.Exists(mergesPath)) throw new FileNotFoundException($"{mergesPath}: merges.txt must sit beside {vocabPath}", mergesPath);
        var config = Config(folder);
        Vocabulary vocab;
        try
        {
            using var doc = JsonDocument.Parse(File.ReadAllBytes(vocabPath));
            var root = new JsonNode(doc.RootElement, "$", vocabPath);
            vocab = new Vocabulary(root.Properties().Select(p => new KeyValuePair<string, int>(p.Name, p.Value.AsInt())).ToList());
        }
        catch (JsonException e) { throw new InvalidDataException($"{vocabPath}: not valid JSON: {e.Message}", e); }
        var merges = new List<(string, string)>();
        var lines = File.ReadAllLines(mergesPath);
        for (int i = 0; i < lines.Length; i++)
        {
            var line = lines[i];
            if (i == 0 && line.StartsWith("#version")) continue;
            if (line.Length == 0) continue;
            int space = line.IndexOf(' ', 1);
            if (space <= 0) throw new InvalidDataException($"{mergesPath}:{i + 1}: expected 'left right', found '{line}'");
            merges.Add((line[..space], line[(space + 1)..]));
        }
        bool prefixSpace = config?.Bool("add_prefix_space", false) ?? false;
        bool gpt2 = config?.StringOrNull("tokenizer_class")?.StartsWith("GPT2", StringComparison.Ordinal) == true || vocab["<s>"] == null;
        BpeModel model;
        try { model = new BpeModel(vocab, merges, null, "", "", false, false, false); }
        catch (InvalidDataException e) { throw new InvalidDataException($"{mergesPath}: {e.Message}", e); }
        if (gpt2)
        {
            var eos = TokenName(config, "eos_token", "<|endoftext|>");
            var addedGpt2 = AddedTokens(config, vocab, [eos], normalized: true, lstripToken: null);
            return new Tokenizer(new HfPipeline(null, new ByteLevelPreTokenizer(prefixSpace, true), model, new AddedVocabulary(addedGpt2, null), new ByteLevelDecoder()),
                new ByteLevelProcessing(true, prefixSpace));
        }
        string bos = TokenName(config, "bos_token", "<s>"), eosR = TokenName(config, "eos_token", "</s>"), unk = TokenName(config, "unk_token", "<unk>");
        string pad = TokenName(config, "pad_token", "<pad>"), mask = TokenName(config, "mask_token", "<mask>");
        string sep = TokenName(config, "sep_token", eosR), cls = TokenName(config, "cls_token", bos);
        int Id(string token) => vocab[token] ?? throw new InvalidDataException($"{vocabPath}: special token '{token}' is not in the vocabulary");
        var added = AddedTokens(config, vocab, [bos, pad, eosR, unk, mask], normalized: true, lstripToken: mask);
        var pipeline = new HfPipeline(null, new ByteLevelPreTokenizer(prefixSpace, true), model, new AddedVocabulary(added, null), new ByteLevelDecoder());
        return new Tokenizer(pipeline, new RobertaProcessing((sep, Id(sep)), (cls, Id(cls)), true, prefixSpace));
    }

    // Special tokens present in the vocabulary, plus any added_tokens_decoder entries of tokenizer_config.json.
    static List<AddedToken> AddedTokens(JsonNode? config, Vocabulary vocab, string[] specials, bool normalized, string? lstripToken)
    {
        var byId = new SortedDictionary<int, AddedToken>();
        foreach (var s in specials.Distinct())
            if (vocab[s] is int id) byId[id] = new AddedToken(id, s, false, s == lstripToken, false, normalized, true);
        if (config is { } c && c.Has("added_tokens_decoder"))
            foreach (var (key, t) in c.Child("added_tokens_decoder").Properties())
            {
                if (!int.TryParse(key, out int id)) throw t.Error($"expected an integer id as key, found '{key}'");
                byId[id] = new AddedToken(id, t.Required("content").AsString(), t.Bool("single_word", false), t.Bool("lstrip", false),
                    t.Bool("rstrip", false), t.Bool("normalized", normalized), t.Bool("special", true));
            }
        return byId.Values.ToList();
    }
}
