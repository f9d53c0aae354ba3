// Trainers against the Hugging Face Rust trainer: byte-level BPE on the shared corpus (CoLA train + SST-2 train)
// must give exactly the vocabulary and merges of shared/tokenizers/bpe-4k.
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using NluSharp.Tests;
using NluSharp.Tokenizers.Models;
using NluSharp.Tokenizers.Pipeline;
using NluSharp.Tokenizers.PreTokenizers;
using NluSharp.Tokenizers.Training;

namespace NluSharp.Tokenizers.Tests;

public sealed class TrainerTests
{
    /// <summary>The corpus of peers/tokgen/make_corpus.js: CoLA train column 4, then SST-2 train sentences.</summary>
    internal static string Corpus()
    {
        static List<string[]> Tsv(string path) => File.ReadAllText(path).Split('\n').Where(l => l.Length > 0).Select(l => l.TrimEnd('\r').Split('\t')).ToList();
        var cola = Tsv(SharedData.Require("data/glue/CoLA/train.tsv")).Select(r => r[3]);
        var sst = Tsv(SharedData.Require("data/glue/SST-2/train.tsv")).Skip(1).Select(r => r[0]);
        var corpus = string.Join("\n", cola.Concat(sst)) + "\n";
        var sha = Convert.ToHexStringLower(SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(corpus)));
        Assert.Equal("1f9129c61681c5705f390be19834fcda1a4fd8fbafd170141db2d660993a064c", sha); // golden README
        return corpus;
    }

    [SkippableFact]
    public void ByteLevelBpeReproducesBpe4k()
    {
        var corpus = Corpus();
        var pipeline = new HfPipeline(null, new ByteLevelPreTokenizer(true, true), new BpeModel(new Vocabulary([]), [], null, null, null, false, false, false),
            new AddedVocabulary([], null), null);
        var counts = WordCounter.Count(pipeline, WordCounter.LinesWithEnding(corpus));
        var result = new BpeTrainer(new TrainerOptions(4000, SpecialTokens: ["<s>", "<pad>", "</s>", "<unk>", "<mask>"],
            InitialAlphabet: ByteLevelAlphabet.All.ToList())).Train(counts);

        using var doc = JsonDocument.Parse(File.ReadAllBytes(SharedData.Require("tokenizers/bpe-4k/tokenizer.json")));
        var model = doc.RootElement.GetProperty("model");
        var expectedVocab = model.GetProperty("vocab").EnumerateObject().OrderBy(p => p.Value.GetInt32()).Select(p => p.Name).ToList();
        var expectedMerges = model.GetProperty("merges").EnumerateArray().Select(m => (m[0].GetString()!, m[1].GetString()!)).ToList();
        Assert.Equal(expectedVocab.Count, result.Vocab.Count);
        int firstVocabDiff = expectedVocab.Zip(result.Vocab).TakeWhile(p => p.First == p.Second).Count();
        Assert.True(firstVocabDiff == expectedVocab.Count, $"vocab differs first at id {firstVocabDiff}");
        int firstMergeDiff = expectedMerges.Zip(result.Merges).TakeWhile(p => p.First == p.Second).Count();
        Assert.True(firstMergeDiff == expectedMerges.Count && result.Merges.Count == expectedMerges.Count,
            $"merges differ first at rank {firstMergeDiff} of {expectedMerges.Count} (got {result.Merges.Count})");
    }
}

public sealed class TrainedTokenizerTests
{
    static readonly string[] Sample =
    [
        "the quick brown fox jumps over the lazy dog .\n", "a charming and often affecting journey .\n", "it 's a beautiful day in the neighborhood\n",
        "unflinchingly bleak and desperate\n", "Café naïve résumé — déjà vu 😀\n", "numbers 123 456 7890 and more numbers\n",
    ];

    static IEnumerable<string> Lines() => Enumerable.Range(0, 40).SelectMany(_ => Sample);

    public static IEnumerable<object[]> Models() => [["wordpiece"], ["bpe"], ["unigram"]];

    static Tokenizer Train(string model, int vocab) => model switch
    {
        "wordpiece" => TokenizerTrainer.TrainWordPiece(Lines(), vocab),
        "bpe" => TokenizerTrainer.TrainByteLevelBpe(Lines(), vocab + 261), // the 256 bytes and 5 specials come first
        _ => TokenizerTrainer.TrainUnigram(Lines(), vocab),
    };

    [Theory]
    [MemberData(nameof(Models))]
    public void TrainedTokenizerSavesAndReloadsIdentically(string model)
    {
        var tokenizer = Train(model, 120);
        Assert.True(tokenizer.VocabSize <= (model == "bpe" ? 381 : 120), $"vocab {tokenizer.VocabSize}");
        var dir = Directory.CreateTempSubdirectory("nlu-train-");
        try
        {
            var path = Path.Combine(dir.FullName, "tokenizer.json");
            tokenizer.Save(path);
            var reloaded = Tokenizer.FromFile(path);
            foreach (var line in Sample.Append("unseen wörds ✓ and [CLS] <s> <unk>"))
            {
                var a = tokenizer.Encode(line, "pair text");
                var b = reloaded.Encode(line, "pair text");
                Assert.Equal(a.Ids, b.Ids);
                Assert.Equal(a.Offsets, b.Offsets);
                Assert.Equal(tokenizer.Decode(a.Ids), reloaded.Decode(b.Ids));
            }
            // The training text itself never needs the unknown token (every character is in the vocabulary).
            var unk = model == "wordpiece" ? reloaded.TokenToId("[UNK]") : model == "unigram" ? reloaded.TokenToId("<unk>") : null;
            foreach (var line in Sample) Assert.DoesNotContain(unk ?? -1, reloaded.Encode(line).Ids);
        }
        finally { dir.Delete(true); }
    }

    /// <summary>The Hugging Face library (Node binding of the Rust core) loads the saved file and encodes like us.</summary>
    [SkippableTheory]
    [MemberData(nameof(Models))]
    public void HuggingFaceLoadsTheSavedFile(string model)
    {
        HfPeer.SkipIfMissing();
        var tokenizer = Train(model, 150);
        var dir = Directory.CreateTempSubdirectory("nlu-train-hf-");
        try
        {
            var path = Path.Combine(dir.FullName, "tokenizer.json");
            tokenizer.Save(path);
            var texts = Sample.Append("unseen wörds ✓ and [CLS] <s> <unk> e\u0301").ToArray();
            var textsPath = Path.Combine(dir.FullName, "texts.json");
            File.WriteAllText(textsPath, JsonSerializer.Serialize(texts));
            var stdout = HfPeer.Run("""
                const tk = require('@anush008/tokenizers');
                (async () => {
                  const t = tk.Tokenizer.fromFile(process.argv[2]);
                  const texts = JSON.parse(require('fs').readFileSync(process.argv[3], 'utf8'));
                  const out = [];
                  for (const s of texts) { const e = await t.encode(s); out.push({ ids: e.getIds(), offsets: e.getOffsets() }); }
                  console.log(JSON.stringify(out));
                })().catch((e) => { console.error(String(e)); process.exit(1); });
                """, path, textsPath);
            using var doc = JsonDocument.Parse(stdout);
            for (int i = 0; i < texts.Length; i++)
            {
                var hf = doc.RootElement[i];
                var ours = tokenizer.Encode(texts[i]);
                Assert.Equal(hf.GetProperty("ids").EnumerateArray().Select(x => x.GetInt32()), ours.Ids);
                var offsets = ours.CodePointOffsets(texts[i]).Select(o => $"{o.Start},{o.End}");
                Assert.Equal(hf.GetProperty("offsets").EnumerateArray().Select(o => $"{o[0].GetInt32()},{o[1].GetInt32()}"), offsets);
            }
        }
        finally { dir.Delete(true); }
    }
}
