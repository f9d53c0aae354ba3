// Parity with Google sentencepiece 0.1.97 on every record of golden/unigram-8k.jsonl: ids, pieces, offsets
// (code points) and decoded text, loading the .model file (protobuf ModelProto) directly.
using System.Text;
using NluSharp.Tests;
using Xunit.Abstractions;

namespace NluSharp.Tokenizers.Tests;

public sealed class SentencePieceParityTests(ITestOutputHelper output)
{
    [SkippableFact]
    public void EveryUnigram8kRecordMatchesSentencePiece()
    {
        var records = GoldenRecords.Read(SharedData.Require("fixtures/tokenizers/golden/unigram-8k.jsonl"));
        var tokenizer = Tokenizer.FromFile(SharedData.Require("tokenizers/unigram-8k/spm.model"));
        var mismatches = new Dictionary<string, int> { ["ids"] = 0, ["pieces"] = 0, ["offsets"] = 0, ["decoded"] = 0 };
        var report = new StringBuilder();
        foreach (var r in records)
        {
            var e = tokenizer.Encode(r.Text);
            var offsets = e.CodePointOffsets(r.Text).Select(o => new[] { o.Start, o.End }).ToArray();
            var decoded = tokenizer.Decode(e.Ids);
            void Check(string field, bool equal, Func<string> detail)
            {
                if (!equal && mismatches[field]++ < 3) report.AppendLine($"{r.Source} {field}: {detail()}");
            }
            Check("ids", e.Ids.SequenceEqual(r.Ids), () => $"expected [{string.Join(",", r.Ids)}] got [{string.Join(",", e.Ids)}]");
            Check("pieces", e.Tokens.SequenceEqual(r.Tokens), () => $"expected [{string.Join("|", r.Tokens)}] got [{string.Join("|", e.Tokens)}]");
            Check("offsets", offsets.Length == r.Offsets.Length && offsets.Zip(r.Offsets).All(p => p.First.SequenceEqual(p.Second)),
                () => $"expected {string.Join(" ", r.Offsets.Select(o => $"[{o[0]},{o[1]}]"))} got {string.Join(" ", offsets.Select(o => $"[{o[0]},{o[1]}]"))}");
            Check("decoded", decoded == r.Decoded, () => $"expected «{r.Decoded}» got «{decoded}»");
        }
        var summary = $"unigram-8k: {records.Count} records; mismatches " + string.Join(", ", mismatches.Select(kv => $"{kv.Key}={kv.Value}"));
        output.WriteLine(summary);
        output.WriteLine(report.ToString());
        Assert.True(mismatches.Values.All(v => v == 0), summary + "\n" + report);
    }
}
