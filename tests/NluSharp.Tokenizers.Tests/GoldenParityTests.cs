// Parity with Hugging Face tokenizers (Rust core) on every record of the golden files: ids, tokens, type ids,
// offsets (code points), special-tokens mask, attention mask and decoded text must all match.
using System.Text;
using NluSharp.Tests;
using Xunit.Abstractions;

namespace NluSharp.Tokenizers.Tests;

public sealed class GoldenParityTests(ITestOutputHelper output)
{
    [SkippableTheory]
    [InlineData("bert-base-uncased", false)]
    [InlineData("bert-base-uncased", true)]
    [InlineData("roberta-base", false)]
    [InlineData("roberta-base", true)]
    [InlineData("wordpiece-4k", false)]
    [InlineData("wordpiece-4k", true)]
    [InlineData("bpe-4k", false)]
    [InlineData("bpe-4k", true)]
    // The older files give the same pipeline as transformers' converters, so the same goldens must hold.
    [InlineData("bert-base-uncased", false, "vocab.txt")]
    [InlineData("wordpiece-4k", false, "vocab.txt")]
    [InlineData("roberta-base", false, "vocab.json")]
    [InlineData("roberta-base", true, "vocab.json")]
    public void EveryGoldenRecordMatches(string name, bool truncated, string file = "tokenizer.json")
    {
        var goldenPath = SharedData.Require($"fixtures/tokenizers/golden/{name}{(truncated ? ".trunc64" : "")}.jsonl");
        var tokenizer = Tokenizer.FromFile(SharedData.Require($"tokenizers/{name}/{file}"));
        if (truncated) tokenizer.Truncation = new TruncationOptions(64, TruncationStrategy.LongestFirst);
        var records = GoldenRecords.Read(goldenPath);
        var mismatches = new Dictionary<string, int>
        {
            ["ids"] = 0, ["tokens"] = 0, ["type_ids"] = 0, ["offsets"] = 0, ["special_tokens_mask"] = 0, ["attention_mask"] = 0, ["decoded"] = 0,
        };
        var report = new StringBuilder();
        foreach (var r in records)
        {
            var e = tokenizer.Encode(r.Text, r.Pair);
            var offsets = e.CodePointOffsets(r.Text, r.Pair).Select(o => new[] { o.Start, o.End }).ToArray();
            var decoded = tokenizer.Decode(e.Ids);
            void Check(string field, bool equal, Func<string> detail)
            {
                if (equal) return;
                if (mismatches[field]++ < 3) report.AppendLine($"{r.Source} {field}: {detail()}");
            }
            Check("ids", e.Ids.SequenceEqual(r.Ids), () => $"expected [{string.Join(",", r.Ids)}] got [{string.Join(",", e.Ids)}]");
            Check("tokens", e.Tokens.SequenceEqual(r.Tokens), () => $"expected [{string.Join("|", r.Tokens)}] got [{string.Join("|", e.Tokens)}]");
            Check("type_ids", e.TypeIds.SequenceEqual(r.TypeIds!), () => $"expected [{string.Join(",", r.TypeIds!)}] got [{string.Join(",", e.TypeIds)}]");
            Check("offsets", offsets.Length == r.Offsets.Length && offsets.Zip(r.Offsets).All(p => p.First.SequenceEqual(p.Second)),
                () => $"expected {string.Join(" ", r.Offsets.Select(o => $"[{o[0]},{o[1]}]"))} got {string.Join(" ", offsets.Select(o => $"[{o[0]},{o[1]}]"))}");
            Check("special_tokens_mask", e.SpecialTokensMask.SequenceEqual(r.SpecialTokensMask!), () => "differs");
            Check("attention_mask", e.AttentionMask.SequenceEqual(r.AttentionMask!), () => "differs");
            Check("decoded", decoded == r.Decoded, () => $"expected «{r.Decoded}» got «{decoded}»");
        }
        var summary = $"{name}{(truncated ? ".trunc64" : "")} via {file}: {records.Count} records; mismatches " +
            string.Join(", ", mismatches.Select(kv => $"{kv.Key}={kv.Value}"));
        output.WriteLine(summary);
        output.WriteLine(report.ToString());
        Assert.True(mismatches.Values.All(v => v == 0), summary + "\n" + report);
    }
}
