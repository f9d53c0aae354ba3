// `nlu tokenizer train` and `nlu bench tokenize` plumbing: the trained file loads and encodes; the benchmark reports
// both thread counts (its figures are not checked: speed is measured by the command, never in tests).
using System.CommandLine;
using System.Text.Json;
using NluSharp.Cli.Commands;
using NluSharp.Tokenizers;

namespace NluSharp.Cli.Tests;

public sealed class TokenizerTrainCommandTests : IDisposable
{
    readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("nlu-train-cli-");

    public void Dispose() => _dir.Delete(true);

    static int Invoke(params string[] args)
    {
        var root = new RootCommand();
        root.Subcommands.Add(TokenizerCommand.Create());
        root.Subcommands.Add(BenchCommand.Create());
        return root.Parse(args).Invoke();
    }

    string Corpus()
    {
        var path = Path.Combine(_dir.FullName, "corpus.txt");
        File.WriteAllLines(path, Enumerable.Range(0, 30).SelectMany(i => new[] { $"the film number {i} is a charming journey", "an often affecting , bleak story ." }));
        return path;
    }

    [Theory]
    [InlineData("wordpiece", 150)] // the alphabet, its ## forms and 5 specials come first
    [InlineData("bpe", 300)]
    [InlineData("unigram", 60)]
    public void TrainWritesALoadableTokenizerJson(string model, int vocab)
    {
        var output = Path.Combine(_dir.FullName, model);
        Assert.Equal(0, Invoke("tokenizer", "train", "--model", model, "--vocab-size", vocab.ToString(), "--files", Corpus(), "--output", output));
        var tokenizer = Tokenizer.FromFile(Path.Combine(output, "tokenizer.json"));
        Assert.True(tokenizer.VocabSize <= vocab);
        var e = tokenizer.Encode("a charming film");
        Assert.True(e.Count > 0);
        Assert.Equal("a charming film", tokenizer.Decode(e.Ids).Trim());
    }

    [Fact]
    public void UnknownModelIsAUserError() =>
        Assert.Equal(2, Invoke("tokenizer", "train", "--model", "sentencepiece", "--vocab-size", "10", "--files", Corpus(), "--output", _dir.FullName));

    [Fact]
    public void BenchReportsOneAndTwoThreads()
    {
        var output = Path.Combine(_dir.FullName, "wp");
        Assert.Equal(0, Invoke("tokenizer", "train", "--model", "wordpiece", "--vocab-size", "150", "--files", Corpus(), "--output", output));
        var stdout = new StringWriter();
        var saved = Console.Out;
        Console.SetOut(stdout);
        try
        {
            Assert.Equal(0, Invoke("bench", "tokenize", "--tokenizer", output, "--input", Corpus(), "--seconds", "0.05", "--rounds", "1",
                "--peer-node-path", "none", "--json"));
        }
        finally { Console.SetOut(saved); }
        using var doc = JsonDocument.Parse(stdout.ToString());
        var results = doc.RootElement.GetProperty("results").EnumerateArray().ToList();
        Assert.Equal([1, 2], results.Select(r => r.GetProperty("threads").GetInt32()));
        Assert.All(results, r => Assert.True(r.GetProperty("tokens").GetInt64() > 0));
    }
}
