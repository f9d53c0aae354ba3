// The tokenizer.json route for Unigram (Precompiled charsmap, Replace, Prepend, Metaspace, Unigram with byte
// fallback, ByteFallback/Fuse/Strip decoders): unigram-8k's spm.model expressed as HF would (peers/tokgen/
// convert_spm.js, "faithful" variant), checked against the sentencepiece goldens. HF's own result differs from
// sentencepiece on 7 of the 1526 inputs (golden README: per-grapheme charsmap on stacked marks, and literal
// <s> </s> <unk> <0x41> matched as pieces); this pipeline must give exactly those same 7 and nothing else.
using System.Text.Json;
using NluSharp.Tests;
using NluSharp.Tokenizers.SentencePiece;

namespace NluSharp.Tokenizers.Tests;

public sealed class HfUnigramJsonTests
{
    static string BuildTokenizerJson(SentencePieceModelProto m)
    {
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream))
        {
            w.WriteStartObject();
            w.WriteStartArray("added_tokens");
            for (int i = 0; i < m.Pieces.Count; i++)
                if (m.Pieces[i].Type is PieceType.Control or PieceType.Unknown)
                {
                    w.WriteStartObject(); w.WriteNumber("id", i); w.WriteString("content", m.Pieces[i].Piece);
                    w.WriteBoolean("normalized", false); w.WriteBoolean("special", true); w.WriteEndObject();
                }
            w.WriteEndArray();
            w.WriteStartObject("normalizer"); w.WriteString("type", "Sequence"); w.WriteStartArray("normalizers");
            w.WriteStartObject(); w.WriteString("type", "Precompiled"); w.WriteString("precompiled_charsmap", Convert.ToBase64String(m.PrecompiledCharsMap)); w.WriteEndObject();
            foreach (var (regex, content) in new[] { ("^ +", ""), (" {2,}", " "), ("[ ▁]+\\z", "") })
            {
                w.WriteStartObject(); w.WriteString("type", "Replace"); w.WriteStartObject("pattern"); w.WriteString("Regex", regex); w.WriteEndObject();
                w.WriteString("content", content); w.WriteEndObject();
            }
            w.WriteStartObject(); w.WriteString("type", "Prepend"); w.WriteString("prepend", "▁"); w.WriteEndObject();
            w.WriteEndArray(); w.WriteEndObject();
            w.WriteStartObject("pre_tokenizer"); w.WriteString("type", "Metaspace"); w.WriteString("replacement", "▁");
            w.WriteString("prepend_scheme", "never"); w.WriteBoolean("split", true); w.WriteEndObject();
            w.WriteStartObject("decoder"); w.WriteString("type", "Sequence"); w.WriteStartArray("decoders");
            w.WriteStartObject(); w.WriteString("type", "Replace"); w.WriteStartObject("pattern"); w.WriteString("String", "▁"); w.WriteEndObject(); w.WriteString("content", " "); w.WriteEndObject();
            w.WriteStartObject(); w.WriteString("type", "ByteFallback"); w.WriteEndObject();
            w.WriteStartObject(); w.WriteString("type", "Fuse"); w.WriteEndObject();
            w.WriteStartObject(); w.WriteString("type", "Strip"); w.WriteString("content", " "); w.WriteNumber("start", 1); w.WriteNumber("stop", 0); w.WriteEndObject();
            w.WriteEndArray(); w.WriteEndObject();
            w.WriteStartObject("model"); w.WriteString("type", "Unigram"); w.WriteNumber("unk_id", m.UnkId); w.WriteBoolean("byte_fallback", m.ByteFallback);
            w.WriteStartArray("vocab");
            foreach (var p in m.Pieces) { w.WriteStartArray(); w.WriteStringValue(p.Piece); w.WriteNumberValue((double)p.Score); w.WriteEndArray(); }
            w.WriteEndArray(); w.WriteEndObject();
            w.WriteEndObject();
        }
        return System.Text.Encoding.UTF8.GetString(stream.ToArray());
    }

    // Stacked combining marks (HF's charsmap works per grapheme) and literal control/byte pieces (HF matches them as
    // added tokens or pieces where sentencepiece spells them out with byte fallback).
    static readonly string[] KnownHfDifferences = ["edge:stacked-combining", "edge:zalgo", "edge:roberta-specials-literal",
        "edge:roberta-specials-glued", "edge:only-s", "edge:spm-byte-literal", "edge:pair-specials:b"];

    [SkippableFact]
    public void UnigramTokenizerJsonMatchesSentencePieceExceptHfsKnownCases()
    {
        var modelPath = SharedData.Require("tokenizers/unigram-8k/spm.model");
        var records = GoldenRecords.Read(SharedData.Require("fixtures/tokenizers/golden/unigram-8k.jsonl"));
        var proto = SentencePieceModelProto.Parse(File.ReadAllBytes(modelPath), modelPath);
        var path = Path.Combine(Path.GetTempPath(), $"unigram-8k-{Guid.NewGuid():N}.json");
        File.WriteAllText(path, BuildTokenizerJson(proto));
        try
        {
            var tokenizer = Tokenizer.FromFile(path);
            var differing = new List<string>();
            foreach (var r in records)
            {
                var e = tokenizer.Encode(r.Text);
                bool same = e.Ids.SequenceEqual(r.Ids) && tokenizer.Decode(e.Ids) == r.Decoded;
                if (!same) differing.Add(r.Source);
            }
            Assert.True(KnownHfDifferences.SequenceEqual(differing), "inputs differing from sentencepiece: " + string.Join(", ", differing));
        }
        finally { File.Delete(path); }
    }
}
