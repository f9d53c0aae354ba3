// Vocabulary adaptation before continued pretraining on a new domain (the idea of exBERT, Tai et al. 2020, and AVocaDo,
// Hong et al. 2021): the words of the domain corpus that the current WordPiece vocabulary splits most (ranked by the
// tokens a whole-word entry would save, count × (pieces − 1)) become new vocabulary entries, and each new embedding row
// starts as the mean of the rows of the pieces it replaces (as the "mean of sub-word embeddings" initialization those
// papers and transformers' resize_token_embeddings users apply). Rows of any other vocabulary-sized tensor (the MLM
// decoder bias) are initialized the same way, and config.json's vocab_size grows.
using System.Text.Json.Nodes;
using NluSharp.Checkpoints;
using NluSharp.Checkpoints.IO;
using NluSharp.Checkpoints.Safetensors;
using NluSharp.Checkpoints.Tensors;
using NluSharp.Tokenizers;

namespace NluSharp.Training.Pretraining;

/// <summary>A word to add as one token: its normalized text, the ids it is split into today and its corpus count.</summary>
/// <param name="Token">The vocabulary entry (normalized as the tokenizer normalizes, e.g. lowercased).</param>
/// <param name="Pieces">Today's token ids for the word.</param>
/// <param name="Count">Occurrences in the corpus.</param>
public sealed record NewToken(string Token, int[] Pieces, long Count)
{
    /// <summary>Tokens saved over the corpus by making the word one token.</summary>
    public long Saved => Count * (Pieces.Length - 1);
}

/// <summary>Extends a WordPiece tokenizer and its model's embeddings with frequent split words of a corpus.</summary>
public static class VocabularyExtension
{
    /// <summary>The <paramref name="count"/> words of <paramref name="corpusFiles"/> whose whole-word entry saves the most tokens.</summary>
    public static IReadOnlyList<NewToken> Candidates(Tokenizer tokenizer, IReadOnlyList<string> corpusFiles, int count, int minFrequency = 2, string textField = "text")
    {
        if (count < 1) throw new ArgumentException($"--add must be at least 1, got {count}");
        CorpusReader.Validate(corpusFiles);
        var unk = tokenizer.TokenToId("[UNK]");
        var words = new Dictionary<string, (int[] Pieces, long Count)>(StringComparer.Ordinal);
        foreach (var block in CorpusReader.Read(corpusFiles, textField).Chunk(2048))
        {
            var encodings = tokenizer.EncodeBatch(block.Select(p => (p.Text, (string?)null)).ToList(), addSpecialTokens: false);
            foreach (var e in encodings)
            {
                for (int start = 0; start < e.Count;)
                {
                    int end = start + 1;
                    while (end < e.Count && e.WordIds[end] == e.WordIds[start] && e.WordIds[start] != null) end++;
                    if (end - start >= 2 && !Enumerable.Range(start, end - start).Any(i => e.Ids[i] == unk))
                    {
                        var word = string.Concat(Enumerable.Range(start, end - start).Select(i => i == start ? e.Tokens[i] : StripPrefix(e.Tokens[i])));
                        words[word] = words.TryGetValue(word, out var seen) ? (seen.Pieces, seen.Count + 1)
                            : (Enumerable.Range(start, end - start).Select(i => e.Ids[i]).ToArray(), 1);
                    }
                    start = end;
                }
            }
        }
        return words.Where(kv => kv.Value.Count >= minFrequency && tokenizer.TokenToId(kv.Key) == null)
            .Select(kv => new NewToken(kv.Key, kv.Value.Pieces, kv.Value.Count))
            .OrderByDescending(t => t.Saved).ThenBy(t => t.Token, StringComparer.Ordinal).Take(count).ToList();
    }

    static string StripPrefix(string token) => token.StartsWith("##", StringComparison.Ordinal) ? token[2..] : token;

    /// <summary>
    /// Writes <paramref name="output"/>: the model folder <paramref name="modelFolder"/> with the new tokens appended to its
    /// WordPiece vocabulary (tokenizer.json and vocab.txt), its vocabulary-sized tensors grown by the mean of the pieces'
    /// rows, and config.json's vocab_size updated. The folder appears complete or not at all.
    /// </summary>
    public static void Apply(string modelFolder, IReadOnlyList<NewToken> tokens, string output)
    {
        if (Directory.Exists(output)) throw new IOException($"--output {output} already exists; choose a new folder (nothing there is overwritten)");
        var tokenizerJson = Path.Combine(modelFolder, "tokenizer.json");
        var configPath = Path.Combine(modelFolder, "config.json");
        if (!File.Exists(configPath)) throw new FileNotFoundException($"{modelFolder}: no config.json; expected a model folder", configPath);
        if (!File.Exists(tokenizerJson)) throw new FileNotFoundException($"{modelFolder}: no tokenizer.json; vocabulary extension needs the Hugging Face tokenizer file", tokenizerJson);
        var tokenizerNode = JsonNode.Parse(File.ReadAllText(tokenizerJson))!.AsObject();
        var model = tokenizerNode["model"]?.AsObject();
        if (model?["type"]?.GetValue<string>() != "WordPiece")
            throw new NotSupportedException($"{tokenizerJson}: model type \"{model?["type"]}\"; only WordPiece vocabularies can be extended so far");
        var vocab = model["vocab"]!.AsObject();
        var config = JsonNode.Parse(File.ReadAllText(configPath))!.AsObject();
        int oldSize = config["vocab_size"]?.GetValue<int>() ?? throw new InvalidDataException($"{configPath}: no vocab_size");
        int next = Math.Max(oldSize, vocab.Select(kv => kv.Value!.GetValue<int>()).DefaultIfEmpty(-1).Max() + 1);
        if (next != oldSize) throw new InvalidDataException($"{modelFolder}: the tokenizer has ids up to {next - 1} but config.json's vocab_size is {oldSize}");
        foreach (var t in tokens)
        {
            if (vocab.ContainsKey(t.Token)) throw new ArgumentException($"\"{t.Token}\" is already in the vocabulary");
            vocab[t.Token] = next++;
        }
        config["vocab_size"] = next;

        var weightsPath = Checkpoint.FindInFolder(modelFolder);
        using var checkpoint = Checkpoint.Open(weightsPath);   // open until written: unchanged tensors are read lazily
        var grown = checkpoint.Tensors.Select(t => Grow(t, oldSize, tokens)).ToList();
        if (!grown.Any(t => t.Name.EndsWith("word_embeddings.weight", StringComparison.Ordinal) && t.Shape[0] == next))
            throw new InvalidDataException($"{weightsPath}: no word_embeddings.weight with {oldSize} rows to extend");

        AtomicFolder.Write(output, partial =>
        {
            // The other tokenizer files travel unchanged; the old run's logs and reports do not describe the new model.
            foreach (var name in FineTuning.TokenizerFiles.Known.Where(n => n is not ("tokenizer.json" or "vocab.txt")))
                if (File.Exists(Path.Combine(modelFolder, name))) File.Copy(Path.Combine(modelFolder, name), Path.Combine(partial, name));
            var indented = new System.Text.Json.JsonSerializerOptions { WriteIndented = true };
            File.WriteAllText(Path.Combine(partial, "config.json"), config.ToJsonString(indented) + "\n");
            File.WriteAllText(Path.Combine(partial, "tokenizer.json"), tokenizerNode.ToJsonString(indented) + "\n");
            var vocabTxt = Path.Combine(modelFolder, "vocab.txt");
            if (File.Exists(vocabTxt))
                File.WriteAllLines(Path.Combine(partial, "vocab.txt"), File.ReadLines(vocabTxt).Concat(tokens.Select(t => t.Token)));
            SafetensorsWriter.Write(Path.Combine(partial, "model.safetensors"), grown);
        }, replaceExisting: false);
    }

    /// <summary>A vocabulary-sized tensor ([V] or [V, E]) with one new row per token, the mean of its pieces' rows; others unchanged.</summary>
    static CheckpointTensor Grow(CheckpointTensor tensor, int vocabSize, IReadOnlyList<NewToken> tokens)
    {
        if (tensor.Shape.Count is < 1 or > 2 || tensor.Shape[0] != vocabSize || tensor.DType is not (TensorDType.F32 or TensorDType.F16 or TensorDType.BF16))
            return tensor;
        int width = tensor.Shape.Count == 2 ? (int)tensor.Shape[1] : 1;
        var values = tensor.ToFloat32();
        var result = new float[(vocabSize + tokens.Count) * width];
        values.CopyTo(result, 0);
        for (int n = 0; n < tokens.Count; n++)
        {
            var row = result.AsSpan((vocabSize + n) * width, width);
            foreach (var piece in tokens[n].Pieces)
                for (int j = 0; j < width; j++) row[j] += values[piece * width + j];
            for (int j = 0; j < width; j++) row[j] /= tokens[n].Pieces.Length;
        }
        var shape = tensor.Shape.Count == 2 ? new long[] { vocabSize + tokens.Count, width } : [vocabSize + tokens.Count];
        var bytes = System.Runtime.InteropServices.MemoryMarshal.AsBytes(result.AsSpan()).ToArray();
        return new CheckpointTensor(tensor.Name, TensorDType.F32, shape, TensorBytes.FromMemory(bytes)).CastTo(tensor.DType);
    }
}
