// The HF decoders: WordPiece, ByteLevel, Metaspace, ByteFallback, Fuse, Strip, BPEDecoder, Replace, Sequence.
using System.Globalization;
using System.Text;
using NluSharp.Tokenizers.PreTokenizers;

namespace NluSharp.Tokenizers.Decoders;

/// <summary>HF WordPiece decoder: glue "##" pieces to the previous token, space before others, optional cleanup.</summary>
internal sealed class WordPieceDecoder(string prefix, bool cleanup) : IDecoder
{
    public string Prefix => prefix;
    public bool Cleanup => cleanup;

    public List<string> DecodeChain(List<string> tokens)
    {
        var result = new List<string>(tokens.Count);
        for (int i = 0; i < tokens.Count; i++)
        {
            var token = tokens[i];
            if (i != 0)
                token = token.StartsWith(prefix, StringComparison.Ordinal) ? ReplaceFirst(token, prefix) : " " + token;
            if (cleanup) token = CleanUp(token);
            result.Add(token);
        }
        return result;
    }

    static string ReplaceFirst(string s, string what)
    {
        int i = s.IndexOf(what, StringComparison.Ordinal);
        return i < 0 ? s : s.Remove(i, what.Length);
    }

    /// <summary>HF decoders/wordpiece.rs cleanup (the tokenization-space cleanup of the original BERT code).</summary>
    public static string CleanUp(string s) => s.Replace(" .", ".").Replace(" ?", "?").Replace(" !", "!").Replace(" ,", ",")
        .Replace(" ' ", "'").Replace(" n't", "n't").Replace(" 'm", "'m").Replace(" do not", " don't").Replace(" 's", "'s")
        .Replace(" 've", "'ve").Replace(" 're", "'re");
}

/// <summary>HF ByteLevel decoder: byte-level chars back to bytes, then lossy UTF-8.</summary>
internal sealed class ByteLevelDecoder : IDecoder
{
    public List<string> DecodeChain(List<string> tokens)
    {
        var bytes = new List<byte>();
        foreach (var t in tokens)
        {
            bool allMapped = true;
            foreach (char c in t) if (!ByteLevelAlphabet.CharToByte.ContainsKey(c)) { allMapped = false; break; }
            if (allMapped) foreach (char c in t) bytes.Add(ByteLevelAlphabet.CharToByte[c]);
            else bytes.AddRange(System.Text.Encoding.UTF8.GetBytes(t));
        }
        return [System.Text.Encoding.UTF8.GetString(bytes.ToArray())];
    }
}

/// <summary>HF Metaspace decoder: the replacement char becomes a space; the first token loses its leading one.</summary>
internal sealed class MetaspaceDecoder(char replacement, PrependScheme prependScheme) : IDecoder
{
    public char Replacement => replacement;
    public PrependScheme PrependScheme => prependScheme;

    public List<string> DecodeChain(List<string> tokens)
    {
        var result = new List<string>(tokens.Count);
        for (int i = 0; i < tokens.Count; i++)
        {
            var s = tokens[i].Replace(replacement, ' ');
            if (i == 0 && prependScheme != PrependScheme.Never && s.StartsWith(' ')) s = s[1..];
            result.Add(s);
        }
        return result;
    }
}

/// <summary>HF ByteFallback decoder: runs of &lt;0xXX&gt; tokens become their UTF-8 text (or one U+FFFD per byte when invalid).</summary>
internal sealed class ByteFallbackDecoder : IDecoder
{
    public List<string> DecodeChain(List<string> tokens)
    {
        var result = new List<string>(tokens.Count);
        var pending = new List<byte>();
        void Flush()
        {
            if (pending.Count == 0) return;
            var strict = new UTF8Encoding(false, true);
            try { result.Add(strict.GetString(pending.ToArray())); }
            catch (DecoderFallbackException) { for (int k = 0; k < pending.Count; k++) result.Add("\uFFFD"); }
            pending.Clear();
        }
        foreach (var t in tokens)
        {
            if (t.Length == 6 && t.StartsWith("<0x", StringComparison.Ordinal) && t[5] == '>'
                && byte.TryParse(t.AsSpan(3, 2), NumberStyles.HexNumber, null, out byte b))
                pending.Add(b);
            else { Flush(); result.Add(t); }
        }
        Flush();
        return result;
    }
}

internal sealed class FuseDecoder : IDecoder
{
    public List<string> DecodeChain(List<string> tokens) => [string.Concat(tokens)];
}

/// <summary>HF Strip decoder: removes up to <c>start</c> leading and <c>stop</c> trailing occurrences of a char from each token.</summary>
internal sealed class StripDecoder(char content, int start, int stop) : IDecoder
{
    public List<string> DecodeChain(List<string> tokens) => tokens.Select(t =>
    {
        int a = 0, b = t.Length;
        for (int i = 0; i < start && a < b && t[a] == content; i++) a++;
        for (int i = 0; i < stop && b > a && t[b - 1] == content; i++) b--;
        return t[a..b];
    }).ToList();
}

/// <summary>HF BPEDecoder: the end-of-word suffix becomes a space (nothing after the last token).</summary>
internal sealed class BpeDecoder(string suffix) : IDecoder
{
    public List<string> DecodeChain(List<string> tokens) =>
        tokens.Select((t, i) => t.Replace(suffix, i == tokens.Count - 1 ? "" : " ")).ToList();
}

/// <summary>HF Replace decoder (literal pattern).</summary>
internal sealed class ReplaceDecoder(string pattern, string content) : IDecoder
{
    public List<string> DecodeChain(List<string> tokens) => tokens.Select(t => pattern.Length == 0 ? t : t.Replace(pattern, content)).ToList();
}

internal sealed class SequenceDecoder(IReadOnlyList<IDecoder> decoders) : IDecoder
{
    public List<string> DecodeChain(List<string> tokens)
    {
        foreach (var d in decoders) tokens = d.DecodeChain(tokens);
        return tokens;
    }
}
