// Streams a pretraining corpus as paragraphs with document boundaries, one line at a time (memory independent of the
// corpus size). Plain text: one paragraph per line, a blank line ends a document (the layout of ../shared/data/corpus
// and of BERT's create_pretraining_data.py input). JSONL: one document per line, its text in a named field.
using System.Text.Json;

namespace NluSharp.Training.Pretraining;

/// <summary>One paragraph of the corpus; <see cref="EndsDocument"/> marks the last paragraph of a document.</summary>
/// <param name="Text">The paragraph.</param>
/// <param name="EndsDocument">True after the last paragraph of a document.</param>
public readonly record struct CorpusParagraph(string Text, bool EndsDocument);

/// <summary>Reads corpus files (.txt or .jsonl) in order.</summary>
public static class CorpusReader
{
    /// <summary>Checks that every file exists and has a known format, before any work starts.</summary>
    public static void Validate(IReadOnlyList<string> files)
    {
        if (files.Count == 0) throw new ArgumentException("--corpus: give at least one .txt or .jsonl file");
        foreach (var f in files)
        {
            if (!File.Exists(f)) throw new FileNotFoundException($"--corpus {f}: file not found", f);
            if (!IsJsonl(f) && !IsText(f)) throw new ArgumentException($"--corpus {f}: expected a .txt (one paragraph per line, blank line between documents) or .jsonl file");
        }
    }

    static bool IsJsonl(string path) => path.EndsWith(".jsonl", StringComparison.OrdinalIgnoreCase) || path.EndsWith(".json", StringComparison.OrdinalIgnoreCase);
    static bool IsText(string path) => path.EndsWith(".txt", StringComparison.OrdinalIgnoreCase) || path.EndsWith(".text", StringComparison.OrdinalIgnoreCase) || !Path.GetFileName(path).Contains('.');

    /// <summary>The paragraphs of all files; a file's end also ends its last document.</summary>
    public static IEnumerable<CorpusParagraph> Read(IReadOnlyList<string> files, string textField = "text")
    {
        foreach (var file in files)
        {
            if (IsJsonl(file)) foreach (var p in ReadJsonl(file, textField)) yield return p;
            else foreach (var p in ReadText(file)) yield return p;
        }
    }

    static IEnumerable<CorpusParagraph> ReadText(string file)
    {
        string? pending = null;
        foreach (var raw in File.ReadLines(file))
        {
            var line = raw.Trim();
            if (line.Length == 0)
            {
                if (pending != null) yield return new CorpusParagraph(pending, true);
                pending = null;
                continue;
            }
            if (pending != null) yield return new CorpusParagraph(pending, false);
            pending = line;
        }
        if (pending != null) yield return new CorpusParagraph(pending, true);
    }

    static IEnumerable<CorpusParagraph> ReadJsonl(string file, string textField)
    {
        int lineNumber = 0;
        foreach (var line in File.ReadLines(file))
        {
            lineNumber++;
            if (string.IsNullOrWhiteSpace(line)) continue;
            string? text;
            try
            {
                using var doc = JsonDocument.Parse(line);
                if (doc.RootElement.ValueKind != JsonValueKind.Object || !doc.RootElement.TryGetProperty(textField, out var field) || field.ValueKind != JsonValueKind.String)
                    throw new InvalidDataException($"{file}:{lineNumber}: expected a JSON object with a string field \"{textField}\" (--text-field)");
                text = field.GetString();
            }
            catch (JsonException e) { throw new InvalidDataException($"{file}:{lineNumber}: not valid JSON ({e.Message})"); }
            if (!string.IsNullOrWhiteSpace(text)) yield return new CorpusParagraph(text!, true);
        }
    }
}
