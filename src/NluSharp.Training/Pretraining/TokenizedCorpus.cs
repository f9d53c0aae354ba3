// The corpus as one stream of token ids on disk (tokens.bin, little-endian int32), built once by a streaming
// pipeline and then read by position. A reader thread streams paragraphs while the tokenizer encodes the previous block
// on all cores, and ids go straight to the file, so memory stays bounded by a few blocks whatever the corpus size.
// Documents are separated by the separator token (RoBERTa's FULL-SENTENCES packing crosses document boundaries with
// an extra separator; run_mlm.py's group_texts concatenates texts the same way). manifest.json records the inputs
// (paths, sizes, modification times, tokenizer hash) so a rerun or resume reuses the file only when nothing changed.
using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Microsoft.Win32.SafeHandles;
using NluSharp.Checkpoints.IO;
using NluSharp.Tokenizers;

namespace NluSharp.Training.Pretraining;

/// <summary>A tokenized corpus: a token-id file plus its manifest.</summary>
public sealed class TokenizedCorpus : IDisposable
{
    /// <summary>Token file name.</summary>
    public const string TokensFile = "tokens.bin";
    /// <summary>Manifest file name.</summary>
    public const string ManifestFile = "manifest.json";
    const int FormatVersion = 1, BlockParagraphs = 2048;

    readonly SafeFileHandle handle;

    /// <summary>The folder holding tokens.bin and manifest.json.</summary>
    public string Folder { get; }
    /// <summary>Number of token ids in the file.</summary>
    public long TokenCount { get; }
    /// <summary>SHA-256 of the manifest's identity (inputs and token count): the data fingerprint of runs on it.</summary>
    public string Fingerprint { get; }
    /// <summary>Paragraphs and documents read.</summary>
    public (long Paragraphs, long Documents) Counts { get; }

    TokenizedCorpus(string folder, long tokens, string fingerprint, (long, long) counts)
    {
        Folder = folder; TokenCount = tokens; Fingerprint = fingerprint; Counts = counts;
        handle = File.OpenHandle(Path.Combine(folder, TokensFile), FileMode.Open, FileAccess.Read, FileShare.Read);
        if (RandomAccess.GetLength(handle) != tokens * 4)
            throw new InvalidDataException($"{Path.Combine(folder, TokensFile)}: {RandomAccess.GetLength(handle)} bytes, the manifest says {tokens} tokens; delete the folder to rebuild it");
    }

    /// <summary>
    /// Opens the tokenized corpus in <paramref name="folder"/> when its manifest matches these inputs, else tokenizes the
    /// files into it (atomically, with AtomicFolder: the folder is the old one or the complete new one).
    /// </summary>
    public static TokenizedCorpus Prepare(IReadOnlyList<string> files, Tokenizer tokenizer, IReadOnlyList<string> tokenizerFiles, int separatorId,
        string folder, string textField = "text", Action<string>? log = null)
    {
        CorpusReader.Validate(files);
        var identity = Identity(files, tokenizerFiles, separatorId, textField);
        var manifestPath = Path.Combine(folder, ManifestFile);
        if (File.Exists(manifestPath) && TryOpen(folder, identity) is { } existing)
        {
            log?.Invoke($"corpus: reusing {existing.TokenCount:N0} tokens in {folder}");
            return existing;
        }

        var clock = System.Diagnostics.Stopwatch.StartNew();
        long tokens = 0, paragraphs = 0, documents = 0;
        AtomicFolder.Write(folder, partial =>
        {
            (tokens, paragraphs, documents) = Tokenize(files, tokenizer, separatorId, textField, Path.Combine(partial, TokensFile));
            var manifest = (JsonObject)identity.DeepClone();
            manifest["tokens"] = tokens; manifest["paragraphs"] = paragraphs; manifest["documents"] = documents;
            File.WriteAllText(Path.Combine(partial, ManifestFile), manifest.ToJsonString(new() { WriteIndented = true }) + "\n");
        }, replaceExisting: true);
        log?.Invoke($"corpus: {paragraphs:N0} paragraphs, {documents:N0} documents → {tokens:N0} tokens in {clock.Elapsed.TotalSeconds:0.0} s ({folder})");
        return TryOpen(folder, identity) ?? throw new InvalidDataException($"{folder}: the tokenized corpus just written does not read back");
    }

    static TokenizedCorpus? TryOpen(string folder, JsonObject identity)
    {
        JsonObject manifest;
        try { manifest = JsonNode.Parse(File.ReadAllText(Path.Combine(folder, ManifestFile))) as JsonObject ?? throw new InvalidDataException(); }
        catch (Exception e) when (e is InvalidDataException or System.Text.Json.JsonException or IOException) { return null; }
        foreach (var (key, value) in identity)
            if (!JsonNode.DeepEquals(manifest[key], value)) return null;
        if (manifest["tokens"]?.GetValue<long>() is not long tokens || !File.Exists(Path.Combine(folder, TokensFile))) return null;
        long paragraphs = manifest["paragraphs"]?.GetValue<long>() ?? 0, documents = manifest["documents"]?.GetValue<long>() ?? 0;
        var fingerprint = Convert.ToHexStringLower(SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(identity.ToJsonString() + "|" + tokens)));
        return new TokenizedCorpus(folder, tokens, fingerprint, (paragraphs, documents));
    }

    static JsonObject Identity(IReadOnlyList<string> files, IReadOnlyList<string> tokenizerFiles, int separatorId, string textField)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var f in tokenizerFiles.Order(StringComparer.Ordinal)) { hash.AppendData(System.Text.Encoding.UTF8.GetBytes(Path.GetFileName(f))); hash.AppendData(File.ReadAllBytes(f)); }
        return new JsonObject
        {
            ["format"] = FormatVersion,
            ["files"] = new JsonArray(files.Select(f =>
            {
                var info = new FileInfo(f);
                return (JsonNode)new JsonObject { ["path"] = info.FullName, ["bytes"] = info.Length, ["modified_utc_ticks"] = info.LastWriteTimeUtc.Ticks };
            }).ToArray()),
            ["text_field"] = textField,
            ["tokenizer_sha256"] = Convert.ToHexStringLower(hash.GetHashAndReset()),
            ["separator_id"] = separatorId,
        };
    }

    // Reader thread → bounded queue of paragraph blocks → parallel tokenization of one block at a time → ids in order.
    static (long Tokens, long Paragraphs, long Documents) Tokenize(IReadOnlyList<string> files, Tokenizer tokenizer, int separatorId, string textField, string path)
    {
        using var queue = new BlockingCollection<List<CorpusParagraph>>(boundedCapacity: 4);
        Exception? readerError = null;
        var reader = new Thread(() =>
        {
            try
            {
                var block = new List<CorpusParagraph>(BlockParagraphs);
                foreach (var p in CorpusReader.Read(files, textField))
                {
                    block.Add(p);
                    if (block.Count == BlockParagraphs) { queue.Add(block); block = new List<CorpusParagraph>(BlockParagraphs); }
                }
                if (block.Count > 0) queue.Add(block);
            }
            catch (Exception e) { readerError = e; }
            finally { queue.CompleteAdding(); }
        }) { IsBackground = true, Name = "corpus reader" };
        reader.Start();

        long tokens = 0, paragraphs = 0, documents = 0;
        using (var stream = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 20))
        {
            var buffer = new byte[4];
            void Write(int id) { BitConverter.TryWriteBytes(buffer, id); stream.Write(buffer); tokens++; }
            foreach (var block in queue.GetConsumingEnumerable())
            {
                var encodings = tokenizer.EncodeBatch(block.Select(p => (p.Text, (string?)null)).ToList(), addSpecialTokens: false);
                for (int i = 0; i < block.Count; i++)
                {
                    foreach (var id in encodings[i].Ids) Write(id);
                    paragraphs++;
                    if (block[i].EndsDocument) { Write(separatorId); documents++; }
                }
            }
        }
        reader.Join();
        if (readerError != null) System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(readerError);
        if (tokens == 0) throw new InvalidDataException($"--corpus {string.Join(", ", files)}: no text found");
        return (tokens, paragraphs, documents);
    }

    /// <summary>Copies the ids at [<paramref name="start"/>, start + destination.Length) into <paramref name="destination"/> (thread-safe).</summary>
    public void ReadTokens(long start, Span<int> destination)
    {
        if (start < 0 || start + destination.Length > TokenCount)
            throw new ArgumentOutOfRangeException(nameof(start), $"tokens [{start}, {start + destination.Length}) are outside the corpus' {TokenCount}");
        var bytes = System.Runtime.InteropServices.MemoryMarshal.AsBytes(destination);
        long offset = start * 4;
        while (bytes.Length > 0)
        {
            int read = RandomAccess.Read(handle, bytes, offset);
            if (read <= 0) throw new EndOfStreamException($"{Path.Combine(Folder, TokensFile)}: ended at byte {offset}");
            bytes = bytes[read..]; offset += read;
        }
        if (!BitConverter.IsLittleEndian) throw new PlatformNotSupportedException("tokens.bin is little-endian");
    }

    /// <inheritdoc />
    public void Dispose() => handle.Dispose();
}
