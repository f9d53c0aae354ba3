// Streaming reader for the GLUE TSV files: one row per line, fields split on tabs, no quoting (the official loaders
// read them with csv.QUOTE_NONE, and MNLI/SST-2 contain bare quote characters that must stay literal).
namespace NluSharp.Evaluation.Formats;

/// <summary>A TSV row: its fields and where it came from.</summary>
public sealed record TsvRow(string[] Fields, SourceLocation Source);

/// <summary>Reads tab-separated lines lazily, one at a time; never loads the whole file.</summary>
public static class TsvRows
{
    /// <summary>
    /// Yields every non-empty line of <paramref name="path"/> split on tabs, with its line number. A UTF-8 byte-order
    /// mark (MRPC's files start with one) is skipped; CRLF line ends are accepted.
    /// </summary>
    public static IEnumerable<TsvRow> Read(string path)
    {
        using var reader = new StreamReader(path, detectEncodingFromByteOrderMarks: true);
        long lineNumber = 0;
        while (reader.ReadLine() is { } line)
        {
            lineNumber++;
            if (line.Length == 0) continue;
            yield return new TsvRow(line.Split('\t'), new SourceLocation(path, lineNumber));
        }
    }
}
