// HF Strip decoder (decoders/strip.rs): removes a character from the start/end of every token.

namespace NluSharp.Tokenizers.Decoders;

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
