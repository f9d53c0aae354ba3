// `nlu tokenize` end to end: its JSONL output equals the Hugging Face golden files field by field.
using System.CommandLine;
using System.Text.Json;
using NluSharp.Cli.Commands;
using NluSharp.Tests;

namespace NluSharp.Cli.Tests;

public sealed class TokenizeCommandTests
{
    static int Invoke(params string[] args)
    {
        var root = new RootCommand();
        root.Subcommands.Add(TokenizeCommand.Create());
        return root.Parse(args).Invoke();
    }

    static List<JsonElement> ReadJsonl(string path) =>
        File.ReadAllText(path).Split('\n').Where(l => l.Length > 0).Select(l => JsonDocument.Parse(l).RootElement.Clone()).ToList();

    [SkippableTheory]
    [InlineData("roberta-base", "roberta-base.jsonl", null)]
    [InlineData("bert-base-uncased", "bert-base-uncased.trunc64.jsonl", 64)]
    public void OutputEqualsGoldenFile(string tokenizer, string golden, int? maxLength)
    {
        var goldenPath = SharedData.Require($"fixtures/tokenizers/golden/{golden}");
        var tokenizerPath = SharedData.Require($"tokenizers/{tokenizer}");
        var output = Path.Combine(Path.GetTempPath(), $"nlu-tokenize-{Guid.NewGuid():N}.jsonl");
        try
        {
            var args = new List<string> { "tokenize", "--tokenizer", tokenizerPath, "--input", goldenPath, "--output", output };
            if (maxLength is int m) args.AddRange(["--max-length", m.ToString(), "--truncation", "longest_first"]);
            Assert.Equal(0, Invoke(args.ToArray()));
            var expected = ReadJsonl(goldenPath);
            var actual = ReadJsonl(output);
            Assert.Equal(expected.Count, actual.Count);
            string[] fields = ["source", "text", "text_pair", "ids", "tokens", "type_ids", "offsets", "special_tokens_mask", "attention_mask", "decoded"];
            var mismatches = new List<string>();
            for (int i = 0; i < expected.Count; i++)
                foreach (var f in fields)
                    if (expected[i].GetProperty(f).GetRawText() != actual[i].GetProperty(f).GetRawText()
                        && !JsonElement.DeepEquals(expected[i].GetProperty(f), actual[i].GetProperty(f)))
                        mismatches.Add($"record {i + 1} field {f}");
            Assert.True(mismatches.Count == 0, $"{mismatches.Count} mismatches, first: {string.Join("; ", mismatches.Take(5))}");
        }
        finally { File.Delete(output); }
    }

    [Fact]
    public void MalformedInputLineIsAUserError()
    {
        var dir = Directory.CreateTempSubdirectory("nlu-tokenize-");
        try
        {
            var tok = Path.Combine(dir.FullName, "tokenizer.json");
            File.WriteAllText(tok, """{"model": {"type": "WordPiece", "vocab": {"[UNK]": 0, "a": 1}}}""");
            var input = Path.Combine(dir.FullName, "in.jsonl");
            File.WriteAllText(input, "{\"text\": \"a\"}\n{\"text\": 5}\n");
            var error = new StringWriter();
            var saved = Console.Error;
            Console.SetError(error);
            try { Assert.Equal(2, Invoke("tokenize", "--tokenizer", tok, "--input", input)); }
            finally { Console.SetError(saved); }
            Assert.Contains("in.jsonl:2", error.ToString());
            Assert.Contains("\"text\" must be a string", error.ToString());
        }
        finally { dir.Delete(true); }
    }
}
