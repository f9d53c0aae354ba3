// Truncation (longest_first / only_first / only_second, stride, left/right), overflowing windows (HF's pairwise
// combinations), padding, word ids and sequence ids against the Hugging Face Rust core on golden inputs.
using System.Text.Json;
using NluSharp.Tests;

namespace NluSharp.Tokenizers.Tests;

public sealed class HfTruncationPaddingTests
{
    const string Script = """
        const fs = require('fs');
        const tk = require('@anush008/tokenizers');
        (async () => {
          const [tokPath, inPath, strategy, maxLen, stride, direction, padLen, padDir] = process.argv.slice(2);
          const t = tk.Tokenizer.fromFile(tokPath);
          t.setTruncation(Number(maxLen), { strategy, stride: Number(stride), direction });
          if (padLen !== '0') t.setPadding({ maxLength: Number(padLen), direction: padDir, padId: 1, padToken: '<pad>' });
          const dump = (e) => ({ ids: e.getIds(), type_ids: e.getTypeIds(), offsets: e.getOffsets(), words: e.getWordIds(),
            seq: e.getSequenceIds(), special: e.getSpecialTokensMask(), att: e.getAttentionMask(), over: e.getOverflowing().map(dump) });
          const inputs = JSON.parse(fs.readFileSync(inPath, 'utf8'));
          const out = [];
          for (const r of inputs) { try { out.push(dump(await t.encode(r[0], r[1]))); } catch (err) { out.push({ error: true }); } }
          console.log(JSON.stringify(out));
        })();
        """;

    static JsonElement Dump(Encoding e, string text, string? pair)
    {
        object D(Encoding x) => new Dictionary<string, object?>
        {
            ["ids"] = x.Ids, ["type_ids"] = x.TypeIds, ["offsets"] = x.CodePointOffsets(text, pair).Select(o => new[] { o.Start, o.End }),
            ["words"] = x.WordIds, ["seq"] = x.SequenceIds, ["special"] = x.SpecialTokensMask, ["att"] = x.AttentionMask,
            ["over"] = x.Overflowing.Select(D).ToList(),
        };
        return JsonSerializer.SerializeToElement(D(e));
    }

    [SkippableTheory]
    [InlineData("bert-base-uncased", "LongestFirst", 24, 3, "right", 0, "right")]
    [InlineData("roberta-base", "LongestFirst", 24, 3, "right", 0, "right")]
    [InlineData("roberta-base", "OnlyFirst", 24, 0, "right", 0, "right")]
    [InlineData("bpe-4k", "OnlySecond", 24, 0, "right", 0, "right")]
    [InlineData("wordpiece-4k", "LongestFirst", 20, 0, "left", 32, "left")]
    [InlineData("bpe-4k", "LongestFirst", 30, 5, "right", 40, "right")]
    public void MatchesHfRustCore(string name, string strategy, int maxLength, int stride, string direction, int padLength, string padDirection)
    {
        HfPeer.SkipIfMissing();
        var tokPath = SharedData.Require($"tokenizers/{name}/tokenizer.json");
        var records = GoldenRecords.Read(SharedData.Require($"fixtures/tokenizers/golden/{name}.jsonl"))
            .Where((r, i) => r.Pair != null ? i % 3 == 0 : i % 40 == 0 || r.Source.StartsWith("edge:")).ToList();
        var inputsPath = Path.Combine(Path.GetTempPath(), $"nlu-hf-inputs-{Guid.NewGuid():N}.json");
        File.WriteAllText(inputsPath, JsonSerializer.Serialize(records.Select(r => new[] { r.Text, r.Pair })));
        try
        {
            using var hf = JsonDocument.Parse(HfPeer.Run(Script, tokPath, inputsPath, strategy, maxLength.ToString(), stride.ToString(), direction,
                padLength.ToString(), padDirection));
            var t = Tokenizer.FromFile(tokPath);
            t.Truncation = new TruncationOptions(maxLength, Enum.Parse<TruncationStrategy>(strategy), stride,
                direction == "left" ? TruncationDirection.Left : TruncationDirection.Right);
            if (padLength > 0)
                t.Padding = new PaddingOptions(padLength, null, padDirection == "left" ? PaddingDirection.Left : PaddingDirection.Right, 1, 0, "<pad>");
            int compared = 0;
            for (int i = 0; i < records.Count; i++)
            {
                var expected = hf.RootElement[i];
                if (expected.TryGetProperty("error", out _))
                {
                    Assert.ThrowsAny<ArgumentException>(() => t.Encode(records[i].Text, records[i].Pair));
                    continue;
                }
                var actual = Dump(t.Encode(records[i].Text, records[i].Pair), records[i].Text, records[i].Pair);
                Assert.True(JsonElement.DeepEquals(expected, actual), $"{records[i].Source}: HF {expected.GetRawText()[..Math.Min(400, expected.GetRawText().Length)]}\nours {actual.GetRawText()[..Math.Min(400, actual.GetRawText().Length)]}");
                compared++;
            }
            Assert.True(compared > 40, $"only {compared} inputs compared");
        }
        finally { File.Delete(inputsPath); }
    }
}
