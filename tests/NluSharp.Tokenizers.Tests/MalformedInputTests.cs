// Bad tokenizer files fail with an InvalidDataException (or FileNotFound) naming the file, the JSON path and what
// was expected, never with a crash deeper in the pipeline.
namespace NluSharp.Tokenizers.Tests;

public sealed class MalformedInputTests : IDisposable
{
    readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("nlu-tok-bad-");

    public void Dispose() => _dir.Delete(true);

    string Write(string name, string content)
    {
        var path = Path.Combine(_dir.FullName, name);
        File.WriteAllText(path, content);
        return path;
    }

    const string WordPieceModel = """{"type": "WordPiece", "unk_token": "[UNK]", "vocab": {"[UNK]": 0, "a": 1}}""";

    [Theory]
    [InlineData("{ not json", "not valid JSON")]
    [InlineData("[1, 2]", "$: expected the tokenizer.json object")]
    [InlineData("""{"normalizer": null}""", "$.model: required field is missing")]
    [InlineData("""{"normalizer": {"type": "Fancy"}, "model": MODEL}""", "$.normalizer.type: unsupported normalizer type 'Fancy'; supported types: BertNormalizer, NFC")]
    [InlineData("""{"normalizer": {"lowercase": true}, "model": MODEL}""", "$.normalizer: normalizer has no \"type\"")]
    [InlineData("""{"pre_tokenizer": {"type": "Sequence", "pretokenizers": [{"type": "Whitespace"}, {"type": "Nope"}]}, "model": MODEL}""",
        "$.pre_tokenizer.pretokenizers[1].type: unsupported pre_tokenizer type 'Nope'; supported types: BertPreTokenizer, ByteLevel")]
    [InlineData("""{"model": {"type": "SentencePieceBPE"}}""", "$.model.type: unsupported model type 'SentencePieceBPE'; supported types: WordPiece, BPE, Unigram")]
    [InlineData("""{"model": {"type": "WordPiece", "vocab": {"[UNK]": "zero"}}}""", "$.model.vocab.[UNK]: expected an integer, found a string")]
    [InlineData("""{"model": {"type": "WordPiece", "unk_token": "<unk>", "vocab": {"a": 0}}}""", "unk_token '<unk>' is not in the vocabulary")]
    [InlineData("""{"model": {"type": "BPE", "vocab": {"a": 0, "b": 1}, "merges": ["a b"]}}""", "$.model: BPE merge 0 ('a' 'b'): merged token 'ab' is not in the vocabulary")]
    [InlineData("""{"model": {"type": "BPE", "vocab": {"a": 0}, "merges": [["a"]]}}""", "$.model.merges[0]: expected a merge [left, right], found 1 items")]
    [InlineData("""{"model": {"type": "BPE", "vocab": {"a": 0}, "merges": [], "dropout": 0.1}}""", "$.model.dropout: BPE dropout is not supported")]
    [InlineData("""{"model": {"type": "Unigram", "vocab": [["a", -1.0], ["b"]]}}""", "$.model.vocab[1]: expected [piece, score], found 1 items")]
    [InlineData("""{"model": MODEL, "post_processor": {"type": "TemplateProcessing", "single": [{"SpecialToken": {"id": "[CLS]", "type_id": 0}}], "special_tokens": {}}}""",
        "$.post_processor.single[0].SpecialToken.id: special token '[CLS]' is not in special_tokens")]
    [InlineData("""{"model": MODEL, "post_processor": {"type": "BertProcessing", "sep": ["[SEP]"], "cls": ["[CLS]", 1]}}""", "$.post_processor.sep: expected [token, id], found 1 items")]
    [InlineData("""{"model": MODEL, "decoder": {"type": "CTC"}}""", "$.decoder.type: unsupported decoder type 'CTC'; supported types: WordPiece, ByteLevel")]
    [InlineData("""{"model": MODEL, "added_tokens": [{"id": 5}]}""", "$.added_tokens[0].content: required field is missing")]
    [InlineData("""{"model": MODEL, "pre_tokenizer": {"type": "Split", "pattern": {"Regex": "("}, "behavior": "Isolated"}}""", "$.pre_tokenizer.pattern.Regex: invalid regular expression")]
    [InlineData("""{"model": MODEL, "pre_tokenizer": {"type": "Punctuation", "behavior": "Sideways"}}""", "$.pre_tokenizer.behavior: unsupported behavior 'Sideways'")]
    public void MalformedTokenizerJsonNamesThePath(string json, string expected)
    {
        var path = Write("tokenizer.json", json.Replace("MODEL", WordPieceModel));
        var e = Assert.Throws<InvalidDataException>(() => Tokenizer.FromFile(path));
        Assert.Contains(path, e.Message);
        Assert.Contains(expected, e.Message);
    }

    [Fact]
    public void MissingPathIsFileNotFound() =>
        Assert.Throws<FileNotFoundException>(() => Tokenizer.FromFile(Path.Combine(_dir.FullName, "nothing.json")));

    [Fact]
    public void EmptyFolderSaysWhatItLookedFor()
    {
        var e = Assert.Throws<FileNotFoundException>(() => Tokenizer.FromFile(_dir.FullName));
        Assert.Contains("no tokenizer.json, *.model", e.Message);
    }

    [Fact]
    public void GarbageSentencePieceModelIsRejected()
    {
        var path = Path.Combine(_dir.FullName, "broken.model");
        File.WriteAllBytes(path, [0x0A, 0xFF, 0xFF, 0xFF, 0x0F, 1, 2, 3]);
        var e = Assert.Throws<InvalidDataException>(() => Tokenizer.FromFile(path));
        Assert.Contains("not a SentencePiece model", e.Message);
    }

    [Fact]
    public void MergesLineWithoutSpaceNamesTheLine()
    {
        Write("vocab.json", """{"a": 0, "b": 1, "ab": 2}""");
        Write("merges.txt", "#version: 0.2\na b\nab\n");
        var e = Assert.Throws<InvalidDataException>(() => Tokenizer.FromFile(Path.Combine(_dir.FullName, "vocab.json")));
        Assert.Contains("merges.txt:3", e.Message);
    }
}
