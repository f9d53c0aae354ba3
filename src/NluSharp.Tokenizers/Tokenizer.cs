// The public entry point: load a tokenizer (tokenizer.json, SentencePiece .model, vocab files or a model folder),
// encode texts and pairs exactly as Hugging Face tokenizers does, and decode ids back to text.
using NluSharp.Tokenizers.Pipeline;
using NluSharp.Tokenizers.PostProcessors;
using NluSharp.Tokenizers.Serialization;

namespace NluSharp.Tokenizers;

/// <summary>
/// A tokenizer identical to Hugging Face's: normalizer, pre-tokenizer, model (WordPiece, BPE, Unigram), post-processor
/// and decoder, or a SentencePiece model. Thread-safe for encoding and decoding; <see cref="Truncation"/> and
/// <see cref="Padding"/> should be set before use.
/// </summary>
public sealed class Tokenizer
{
    internal SequenceEncoder Encoder { get; }
    internal IPostProcessor? PostProcessor { get; }

    /// <summary>Truncation applied by <see cref="Encode(string, string?, bool)"/>; null for none.</summary>
    public TruncationOptions? Truncation { get; set; }

    /// <summary>Padding applied by the encode methods; null for none.</summary>
    public PaddingOptions? Padding { get; set; }

    internal Tokenizer(SequenceEncoder encoder, IPostProcessor? postProcessor, TruncationOptions? truncation = null, PaddingOptions? padding = null)
    {
        Encoder = encoder; PostProcessor = postProcessor; Truncation = truncation; Padding = padding;
    }

    /// <summary>
    /// Loads a tokenizer.json, a SentencePiece .model, a vocab.txt (WordPiece, with tokenizer_config.json beside it),
    /// a vocab.json (byte-level BPE, with merges.txt beside it), or a model folder holding one of them (tokenizer.json
    /// first, as Hugging Face's fast tokenizers prefer it).
    /// </summary>
    public static Tokenizer FromFile(string path) => TokenizerLoader.Load(path);

    /// <summary>Encodes one text, or a text pair, with the special tokens of the post-processor when <paramref name="addSpecialTokens"/>.</summary>
    public Encoding Encode(string text, string? pair = null, bool addSpecialTokens = true)
    {
        var result = EncodeUnpadded(text, pair, addSpecialTokens);
        if (Padding is { Length: not null } p) PadTo(result, p, p.Length.Value);
        return result;
    }

    Encoding EncodeUnpadded(string text, string? pair, bool addSpecialTokens)
    {
        ArgumentNullException.ThrowIfNull(text);
        var a = Encoder.EncodeSequence(text, 0);
        var b = pair == null ? null : Encoder.EncodeSequence(pair, 1);
        return PostProcess(a, b, addSpecialTokens);
    }

    /// <summary>Encodes many inputs in parallel (results in input order); pads to the longest when padding has no fixed length.</summary>
    public IReadOnlyList<Encoding> EncodeBatch(IReadOnlyList<(string Text, string? Pair)> inputs, bool addSpecialTokens = true,
        int maxDegreeOfParallelism = -1, CancellationToken cancellationToken = default)
    {
        var results = new Encoding[inputs.Count];
        var options = new ParallelOptions { MaxDegreeOfParallelism = maxDegreeOfParallelism, CancellationToken = cancellationToken };
        var padding = Padding;
        try
        {
            Parallel.For(0, inputs.Count, options, i =>
            {
                try { results[i] = EncodeUnpadded(inputs[i].Text, inputs[i].Pair, addSpecialTokens); }
                catch (ArgumentException e) { throw new ArgumentException($"input {i + 1}: {e.Message}", e); }
            });
        }
        catch (AggregateException e) when (e.InnerExceptions.Count > 0)
        {
            // Report the first failing input as the caller would see it from a sequential loop.
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(e.InnerExceptions[0]);
        }
        if (padding != null && results.Length > 0)
        {
            int length = padding.Length ?? results.Max(e => e.Count);
            foreach (var e in results) PadTo(e, padding, length);
        }
        return results;
    }

    /// <summary>Decodes ids to text through the decoder; special tokens are left out when <paramref name="skipSpecialTokens"/>.</summary>
    public string Decode(IReadOnlyList<int> ids, bool skipSpecialTokens = true) => Encoder.Decode(ids, skipSpecialTokens);

    /// <summary>Saves as Hugging Face tokenizer.json (atomically); the `tokenizers` library loads the result.</summary>
    public void Save(string path) => TokenizerJsonWriter.Save(this, path);

    public int? TokenToId(string token) => Encoder.TokenToId(token);

    public string? IdToToken(int id) => Encoder.IdToToken(id);

    /// <summary>Vocabulary size including added tokens.</summary>
    public int VocabSize => Encoder.VocabSize;

    static void PadTo(Encoding e, PaddingOptions p, int length)
    {
        if (p.PadToMultipleOf is int m && m > 0 && length % m != 0) length += m - length % m;
        e.Pad(length, p.PadId, p.PadTypeId, p.PadToken, p.Direction);
    }

    // HF Tokenizer::post_process: truncate (leaving room for special tokens), then post-process, then merge.
    Encoding PostProcess(Encoding a, Encoding? b, bool addSpecialTokens)
    {
        if (Truncation is { } t)
        {
            int added = addSpecialTokens && PostProcessor != null ? PostProcessor.AddedTokens(b != null) : 0;
            Truncate(a, b, t with { MaxLength = Math.Max(0, t.MaxLength - added) });
        }
        var encodings = new List<Encoding> { a };
        if (b != null) encodings.Add(b);
        for (int i = 0; i < encodings.Count; i++) encodings[i].SetSequenceId(i);
        if (PostProcessor != null) encodings = PostProcessor.Process(encodings, addSpecialTokens);
        // HF Encoding::merge: fold merge_with over the pieces, which also combines the overflowing windows.
        var merged = new Encoding(encodings.Sum(e => e.Count));
        foreach (var e in encodings) merged.MergeWith(e);
        return merged;
    }

    /// <summary>HF truncate_encodings.</summary>
    static void Truncate(Encoding a, Encoding? b, TruncationOptions t)
    {
        int max = t.MaxLength;
        int total = a.Count + (b?.Count ?? 0);
        if (total <= max) return;
        int toRemove = total - max;
        switch (t.Strategy)
        {
            case TruncationStrategy.LongestFirst when b != null:
            {
                int n1 = a.Count, n2 = b.Count;
                bool swap = n1 > n2;
                if (swap) (n1, n2) = (n2, n1);
                n2 = n1 > max ? n1 : Math.Max(n1, max - n1);
                if (n1 + n2 > max) { n1 = max / 2; n2 = n1 + max % 2; }
                if (swap) (n1, n2) = (n2, n1);
                a.Truncate(n1, t.Stride, t.Direction);
                b.Truncate(n2, t.Stride, t.Direction);
                break;
            }
            case TruncationStrategy.LongestFirst:
                a.Truncate(total - toRemove, t.Stride, t.Direction);
                break;
            default:
            {
                var target = t.Strategy == TruncationStrategy.OnlyFirst ? a
                    : b ?? throw new ArgumentException("truncation strategy only_second needs a text pair");
                if (target.Count <= toRemove)
                    throw new ArgumentException($"truncation {t.Strategy}: the {(target == a ? "first" : "second")} sequence has {target.Count} tokens, " +
                        $"too few to remove the {toRemove} needed to fit max length {t.MaxLength}");
                target.Truncate(target.Count - toRemove, t.Stride, t.Direction);
                break;
            }
        }
    }
}
