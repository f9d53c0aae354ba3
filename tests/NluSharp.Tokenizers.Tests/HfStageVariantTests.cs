// The normalizers and pre-tokenizers the shared tokenizers do not use (NFC/NFD/NFKC/NFKD, Lowercase, StripAccents,
// Replace, Strip, Whitespace, WhitespaceSplit, Punctuation with every behavior, Digits, Split, Metaspace), each swapped
// into bert-base-uncased's tokenizer.json and compared with the Hugging Face Rust core on the edge cases and some
// SST-2 / RTE inputs: ids, tokens, offsets, masks and decoded text.
using System.Text.Json;
using System.Text.Json.Nodes;
using NluSharp.Tests;

namespace NluSharp.Tokenizers.Tests;

public sealed class HfStageVariantTests
{
    const string Script = """
        const fs = require('fs');
        const tk = require('@anush008/tokenizers');
        (async () => {
          const t = tk.Tokenizer.fromFile(process.argv[2]);
          const inputs = JSON.parse(fs.readFileSync(process.argv[3], 'utf8'));
          const out = [];
          for (const r of inputs) {
            const e = await t.encode(r[0], r[1]);
            out.push({ ids: e.getIds(), tokens: e.getTokens(), offsets: e.getOffsets(), special: e.getSpecialTokensMask(),
              type_ids: e.getTypeIds(), decoded: await t.decode(e.getIds(), true) });
          }
          console.log(JSON.stringify(out));
        })().catch((e) => { console.error(String(e)); process.exit(1); });
        """;

    public static IEnumerable<object[]> Variants() =>
    [
        ["""{"type":"Sequence","normalizers":[{"type":"NFD"},{"type":"Lowercase"},{"type":"StripAccents"}]}""", """{"type":"Whitespace"}"""],
        ["""{"type":"NFKC"}""", """{"type":"Sequence","pretokenizers":[{"type":"WhitespaceSplit"},{"type":"Punctuation","behavior":"Isolated"}]}"""],
        ["""{"type":"Sequence","normalizers":[{"type":"NFC"},{"type":"Lowercase"}]}""", """{"type":"Sequence","pretokenizers":[{"type":"Whitespace"},{"type":"Digits","individual_digits":true}]}"""],
        ["""{"type":"Sequence","normalizers":[{"type":"NFKD"},{"type":"Lowercase"},{"type":"Replace","pattern":{"String":"``"},"content":"\""}]}""",
            """{"type":"Split","pattern":{"Regex":"[a-z]+|[0-9]+"},"behavior":"Isolated","invert":false}"""],
        ["""{"type":"Sequence","normalizers":[{"type":"Strip","strip_left":true,"strip_right":true},{"type":"Lowercase"}]}""",
            """{"type":"Sequence","pretokenizers":[{"type":"WhitespaceSplit"},{"type":"Digits","individual_digits":false},{"type":"Punctuation","behavior":"MergedWithPrevious"}]}"""],
        ["""{"type":"Lowercase"}""", """{"type":"Metaspace","replacement":"▁","prepend_scheme":"first","split":true}"""],
        ["""{"type":"Lowercase"}""", """{"type":"Split","pattern":{"String":" "},"behavior":"Removed","invert":false}"""],
        ["""{"type":"Lowercase"}""", """{"type":"Sequence","pretokenizers":[{"type":"WhitespaceSplit"},{"type":"Punctuation","behavior":"MergedWithNext"}]}"""],
        ["""{"type":"Lowercase"}""", """{"type":"Sequence","pretokenizers":[{"type":"WhitespaceSplit"},{"type":"Punctuation","behavior":"Contiguous"}]}"""],
    ];

    [SkippableTheory]
    [MemberData(nameof(Variants))]
    public void StageMatchesHfRustCore(string normalizer, string preTokenizer)
    {
        HfPeer.SkipIfMissing();
        var root = JsonNode.Parse(File.ReadAllText(SharedData.Require("tokenizers/bert-base-uncased/tokenizer.json")))!;
        root["normalizer"] = JsonNode.Parse(normalizer);
        root["pre_tokenizer"] = JsonNode.Parse(preTokenizer);
        var records = GoldenRecords.Read(SharedData.Require("fixtures/tokenizers/golden/bert-base-uncased.jsonl"))
            .Where((r, i) => r.Source.StartsWith("edge:") || i % 25 == 0).ToList();
        var dir = Directory.CreateTempSubdirectory("nlu-variant-");
        try
        {
            var tokPath = Path.Combine(dir.FullName, "tokenizer.json");
            File.WriteAllText(tokPath, root.ToJsonString());
            var inputsPath = Path.Combine(dir.FullName, "inputs.json");
            File.WriteAllText(inputsPath, JsonSerializer.Serialize(records.Select(r => new[] { r.Text, r.Pair })));
            using var hf = JsonDocument.Parse(HfPeer.Run(Script, tokPath, inputsPath));
            var t = Tokenizer.FromFile(tokPath);
            for (int i = 0; i < records.Count; i++)
            {
                var r = records[i];
                var e = t.Encode(r.Text, r.Pair);
                var ours = JsonSerializer.SerializeToElement(new Dictionary<string, object>
                {
                    ["ids"] = e.Ids, ["tokens"] = e.Tokens, ["offsets"] = e.CodePointOffsets(r.Text, r.Pair).Select(o => new[] { o.Start, o.End }),
                    ["special"] = e.SpecialTokensMask, ["type_ids"] = e.TypeIds, ["decoded"] = t.Decode(e.Ids),
                });
                Assert.True(JsonElement.DeepEquals(hf.RootElement[i], ours), $"{r.Source}:\nHF   {hf.RootElement[i].GetRawText()}\nours {ours.GetRawText()}");
            }
        }
        finally { dir.Delete(true); }
    }
}
