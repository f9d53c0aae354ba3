// Counts the words a trainer learns from: every line (with its line ending, as HF's train_from_files reads them)
// normalized and pre-tokenized by the tokenizer being trained.
using NluSharp.Tokenizers.Pipeline;

namespace NluSharp.Tokenizers.Training;

internal static class WordCounter
{
    /// <summary>Splits text into lines that keep their "\n" (HF's lines_with_ending).</summary>
    public static IEnumerable<string> LinesWithEnding(string text)
    {
        int start = 0;
        while (start < text.Length)
        {
            int nl = text.IndexOf('\n', start);
            int end = nl < 0 ? text.Length : nl + 1;
            yield return text[start..end];
            start = end;
        }
    }

    public static Dictionary<string, long> Count(HfPipeline pipeline, IEnumerable<string> lines, CancellationToken cancellationToken = default)
    {
        var counts = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var line in lines)
        {
            cancellationToken.ThrowIfCancellationRequested();
            foreach (var w in pipeline.Words(line)) counts[w] = counts.GetValueOrDefault(w) + 1;
        }
        return counts;
    }
}
