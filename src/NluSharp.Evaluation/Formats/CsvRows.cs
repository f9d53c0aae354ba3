// Streaming RFC 4180 reader for user CSV (and quoted TSV) files: fields separated by a delimiter, a field that
// starts with '"' is quoted and may hold delimiters, line breaks and doubled quotes (""). A quote inside an
// unquoted field is kept literally, so TSV exports with bare quotes (as GLUE's) read unchanged.
using System.Text;

namespace NluSharp.Evaluation.Formats;

/// <summary>Reads delimited records lazily; a record's location is the line it starts on.</summary>
public static class CsvRows
{
    /// <summary>Yields each record of <paramref name="path"/>; blank lines are skipped. Malformed quoting fails with file and line.</summary>
    public static IEnumerable<TsvRow> Read(string path, char delimiter = ',')
    {
        using var reader = new StreamReader(path, detectEncodingFromByteOrderMarks: true);
        long line = 1;
        var fields = new List<string>();
        var field = new StringBuilder();
        while (reader.Peek() >= 0)
        {
            var start = line;
            fields.Clear();
            var atRecordEnd = false;
            var empty = true;
            while (!atRecordEnd)
            {
                field.Clear();
                var c = reader.Read();
                if (c == '"')
                {
                    empty = false;
                    var quoteLine = line;
                    while (true)
                    {
                        c = reader.Read();
                        if (c < 0) throw new InvalidDataException($"{path}:{quoteLine}: quoted field is never closed (missing '\"')");
                        if (c == '"')
                        {
                            if (reader.Peek() == '"') { reader.Read(); field.Append('"'); continue; }
                            break;
                        }
                        if (c == '\n') line++;
                        field.Append((char)c);
                    }
                    c = reader.Read();
                    if (c == '\r' && reader.Peek() == '\n') c = reader.Read();
                    if (c >= 0 && c != delimiter && c != '\n' && c != '\r')
                        throw new InvalidDataException($"{path}:{line}: unexpected '{(char)c}' after a closing quote; expected '{Printable(delimiter)}' or end of line");
                }
                else
                {
                    while (c >= 0 && c != delimiter && c != '\n' && c != '\r')
                    {
                        field.Append((char)c);
                        c = reader.Read();
                    }
                    if (c == '\r' && reader.Peek() == '\n') c = reader.Read();
                    if (field.Length > 0 || c == delimiter) empty = false;
                }
                fields.Add(field.ToString());
                if (c != delimiter)
                {
                    atRecordEnd = true;
                    if (c == '\n' || c == '\r') line++;
                }
            }
            if (!empty) yield return new TsvRow([.. fields], new SourceLocation(path, start));
        }
    }

    static string Printable(char c) => c == '\t' ? "\\t" : c.ToString();
}
