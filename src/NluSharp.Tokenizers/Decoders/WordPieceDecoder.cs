// HF WordPiece decoder (decoders/wordpiece.rs): "##" pieces glue to the previous token, others get a space; optional cleanup.

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
