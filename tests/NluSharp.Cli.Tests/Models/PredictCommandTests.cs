// `nlu predict` end to end in a child process: pre-tokenized input on a fixture model (logits equal the PyTorch
// reference), raw text through the model's tokenizer, and clear errors for malformed input lines.
using System.Text.Json;
using NluSharp.Cli.Tests.Evaluation;
using NluSharp.Tests;

namespace NluSharp.Cli.Tests.Models;

public class PredictCommandTests
{
    [SkippableFact]
    public void PreTokenizedLinesGiveTheReferenceLogitsOnePerLine()
    {
        var model = SharedData.Require("fixtures/models/bert-vocab30522");
        using var inputs = JsonDocument.Parse(File.ReadAllText(Path.Combine(model, "inputs.json")));
        var batch = inputs.RootElement.GetProperty("batch");
        using var dir = new TempDir();
        var lines = Enumerable.Range(0, 4).Select(i => JsonSerializer.Serialize(new
        {
            input_ids = batch.GetProperty("input_ids")[i].EnumerateArray().Select(v => v.GetInt32()).ToArray(),
            attention_mask = batch.GetProperty("attention_mask")[i].EnumerateArray().Select(v => v.GetInt32()).ToArray(),
        }));
        var input = dir.Write("in.jsonl", string.Join("\n", lines) + "\n");
        var output = Path.Combine(dir.Path, "out.jsonl");
        var (code, _, stderr) = NluProcess.Run("predict", "--model", model, "--input", input, "--output", output, "--batch-size", "3");
        Assert.True(code == 0, stderr);
        var expected = ReadF32(Path.Combine(model, "expected.safetensors"), "logits");
        var rows = File.ReadAllLines(output).Select(l => JsonDocument.Parse(l).RootElement).ToList();
        Assert.Equal(4, rows.Count);
        for (int i = 0; i < 4; i++)
        {
            var logits = rows[i].GetProperty("logits").EnumerateArray().Select(v => v.GetSingle()).ToArray();
            for (int c = 0; c < 2; c++) Assert.Equal(expected[i * 2 + c], logits[c], 1e-5);
            Assert.Equal(logits[1] > logits[0] ? "LABEL_1" : "LABEL_0", rows[i].GetProperty("label").GetString());
            Assert.Equal(1.0, rows[i].GetProperty("probabilities").EnumerateArray().Sum(v => v.GetDouble()), 5);
        }
    }

    [SkippableFact]
    public void RawTextUsesTheFolderTokenizerAndBadLinesNameFileAndLine()
    {
        var model = SharedData.Require("fixtures/models/bert-vocab30522");
        using var dir = new TempDir();
        foreach (var f in new[] { "config.json", "model.safetensors" }) File.Copy(Path.Combine(model, f), Path.Combine(dir.Path, f));
        File.Copy(SharedData.Require("tokenizers/bert-base-uncased/tokenizer.json"), Path.Combine(dir.Path, "tokenizer.json"));
        var input = dir.Write("in.jsonl", "{\"text\": \"it 's a charming and often affecting journey . \"}\n\n{\"text\": \"a\", \"text_pair\": \"b\"}\n");
        var (code, stdout, stderr) = NluProcess.Run("predict", "--model", dir.Path, "--input", input);
        Assert.True(code == 0, stderr);
        var first = JsonDocument.Parse(stdout.Split('\n')[0]).RootElement.GetProperty("logits").EnumerateArray().Select(v => v.GetSingle()).ToArray();
        var expected = ReadF32(Path.Combine(model, "expected.safetensors"), "logits");
        Assert.Equal(expected[0], first[0], 1e-5);
        Assert.Equal(expected[1], first[1], 1e-5);

        var bad = dir.Write("bad.jsonl", "{\"text\": \"ok\"}\n{\"input_ids\": [101, \"x\"]}\n");
        var (badCode, _, badErr) = NluProcess.Run("predict", "--model", dir.Path, "--input", bad);
        Assert.Equal(2, badCode);
        Assert.Contains("bad.jsonl line 2: input_ids[1] is \"x\", expected an integer", badErr);
    }

    static float[] ReadF32(string path, string name)
    {
        var bytes = File.ReadAllBytes(path);
        long headerLength = BitConverter.ToInt64(bytes, 0);
        using var header = JsonDocument.Parse(bytes.AsMemory(8, (int)headerLength));
        var offsets = header.RootElement.GetProperty(name).GetProperty("data_offsets").EnumerateArray().Select(v => v.GetInt64()).ToArray();
        int start = (int)(8 + headerLength + offsets[0]), count = (int)(offsets[1] - offsets[0]) / 4;
        return Enumerable.Range(0, count).Select(i => BitConverter.ToSingle(bytes, start + 4 * i)).ToArray();
    }
}
