// Which files of a tokenizer folder travel with a checkpoint, so that a saved model folder loads with its tokenizer
// in NluSharp and in transformers' AutoTokenizer (tokenizer_config.json carries do_lower_case, model_max_length, ...).
using NluSharp.Tokenizers;

namespace NluSharp.Training.FineTuning;

/// <summary>Loads a tokenizer and lists the files to copy beside the weights.</summary>
public static class TokenizerFiles
{
    /// <summary>The file names save_pretrained writes for the tokenizers NluSharp reads.</summary>
    public static readonly IReadOnlyList<string> Known =
        ["tokenizer.json", "tokenizer_config.json", "special_tokens_map.json", "vocab.txt", "vocab.json", "merges.txt", "spiece.model", "sentencepiece.bpe.model", "added_tokens.json"];

    /// <summary>The tokenizer at <paramref name="path"/> (a folder or a file) and the files that make it up.</summary>
    public static (Tokenizer Tokenizer, IReadOnlyList<string> Files) Load(string path)
    {
        if (!Directory.Exists(path) && !File.Exists(path)) throw new FileNotFoundException($"tokenizer not found: {path} (expected a folder with tokenizer.json or vocab files, or such a file)", path);
        var tokenizer = Tokenizer.FromFile(path);
        IReadOnlyList<string> files = Directory.Exists(path)
            ? Known.Select(n => Path.Combine(path, n)).Where(File.Exists).ToList()
            : [path];
        return (tokenizer, files);
    }

    /// <summary>Whether a model folder carries its own tokenizer.</summary>
    public static bool InFolder(string folder) =>
        new[] { "tokenizer.json", "vocab.txt", "vocab.json", "spiece.model", "sentencepiece.bpe.model" }.Any(n => File.Exists(Path.Combine(folder, n)));

    /// <summary>The padding id: the tokenizer's [PAD] / &lt;pad&gt; token, else 0.</summary>
    public static int PadId(Tokenizer tokenizer) => tokenizer.TokenToId("[PAD]") ?? tokenizer.TokenToId("<pad>") ?? 0;
}
