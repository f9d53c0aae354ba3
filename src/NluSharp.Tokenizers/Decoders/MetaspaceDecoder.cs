// HF Metaspace decoder (pre_tokenizers/metaspace.rs): the replacement character back to spaces.
using NluSharp.Tokenizers.PreTokenizers;

namespace NluSharp.Tokenizers.Decoders;

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
