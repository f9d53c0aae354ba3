// Reads the golden JSONL files of ../shared/fixtures/tokenizers/golden (split on '\n' only: texts hold U+2028 etc.).
using System.Text.Json;

namespace NluSharp.Tokenizers.Tests;

internal sealed record GoldenRecord(string Source, string Text, string? Pair, int[] Ids, string[] Tokens, int[]? TypeIds,
    int[][] Offsets, int[]? SpecialTokensMask, int[]? AttentionMask, string Decoded);

internal static class GoldenRecords
{
    public static List<GoldenRecord> Read(string path)
    {
        var records = new List<GoldenRecord>();
        foreach (var line in File.ReadAllText(path).Split('\n'))
        {
            if (line.Length == 0) continue;
            using var doc = JsonDocument.Parse(line);
            var r = doc.RootElement;
            int[]? Ints(string name) => r.TryGetProperty(name, out var v) ? v.EnumerateArray().Select(x => x.GetInt32()).ToArray() : null;
            var tokens = r.TryGetProperty("tokens", out var t) ? t : r.GetProperty("pieces");
            records.Add(new GoldenRecord(r.GetProperty("source").GetString()!, r.GetProperty("text").GetString()!,
                r.GetProperty("text_pair").ValueKind == JsonValueKind.Null ? null : r.GetProperty("text_pair").GetString(),
                Ints("ids")!, tokens.EnumerateArray().Select(x => x.GetString()!).ToArray(), Ints("type_ids"),
                r.GetProperty("offsets").EnumerateArray().Select(o => o.EnumerateArray().Select(x => x.GetInt32()).ToArray()).ToArray(),
                Ints("special_tokens_mask"), Ints("attention_mask"), r.GetProperty("decoded").GetString()!));
        }
        return records;
    }
}
