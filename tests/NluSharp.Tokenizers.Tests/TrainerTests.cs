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
