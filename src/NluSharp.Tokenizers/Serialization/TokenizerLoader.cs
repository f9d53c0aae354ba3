// Picks the reader for a path: tokenizer.json, SentencePiece .model, vocab.txt (WordPiece), vocab.json + merges.txt
// (byte-level BPE), or a model folder (tokenizer.json first, as transformers' fast tokenizers prefer it).
using NluSharp.Tokenizers.SentencePiece;

namespace NluSharp.Tokenizers.Serialization;

internal static class TokenizerLoader
{
    static readonly string[] SentencePieceNames = ["spiece.model", "sentencepiece.bpe.model", "spm.model", "tokenizer.model", "sentencepiece.model"];

    public static Tokenizer Load(string path)
    {
        if (Directory.Exists(path)) return LoadFolder(path);
        if (!File.Exists(path)) throw new FileNotFoundException($"tokenizer not found: {path} (expected a tokenizer.json, a .model, vocab.txt, vocab.json or a model folder)", path);
        var name = Path.GetFileName(path);
        if (name.EndsWith(".model", StringComparison.OrdinalIgnoreCase)) return SentencePieceTokenizer.Load(path);
        if (name.Equals("vocab.json", StringComparison.OrdinalIgnoreCase)) return LegacyVocabLoader.LoadBpe(path);
        if (name.EndsWith(".txt", StringComparison.OrdinalIgnoreCase)) return LegacyVocabLoader.LoadWordPiece(path);
        return TokenizerJsonReader.Read(path);
    }

    static Tokenizer LoadFolder(string folder)
    {
        var json = Path.Combine(folder, "tokenizer.json");
        if (File.Exists(json)) return TokenizerJsonReader.Read(json);
        foreach (var n in SentencePieceNames)
            if (File.Exists(Path.Combine(folder, n))) return SentencePieceTokenizer.Load(Path.Combine(folder, n));
        var anyModel = Directory.GetFiles(folder, "*.model").OrderBy(f => f, StringComparer.Ordinal).FirstOrDefault();
        if (anyModel != null) return SentencePieceTokenizer.Load(anyModel);
        if (File.Exists(Path.Combine(folder, "vocab.json")) && File.Exists(Path.Combine(folder, "merges.txt")))
            return LegacyVocabLoader.LoadBpe(Path.Combine(folder, "vocab.json"));
        if (File.Exists(Path.Combine(folder, "vocab.txt"))) return LegacyVocabLoader.LoadWordPiece(Path.Combine(folder, "vocab.txt"));
        throw new FileNotFoundException($"{folder}: no tokenizer.json, *.model, vocab.json + merges.txt or vocab.txt in this folder");
    }
}
