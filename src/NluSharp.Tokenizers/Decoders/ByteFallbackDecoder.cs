// HF ByteFallback decoder (decoders/byte_fallback.rs): <0xXX> tokens back to the text their bytes spell.
using System.Globalization;
using System.Text;

namespace NluSharp.Tokenizers.Decoders;

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
