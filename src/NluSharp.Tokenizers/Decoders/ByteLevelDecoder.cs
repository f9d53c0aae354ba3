// HF ByteLevel decoder (pre_tokenizers/byte_level.rs): byte-level characters back to bytes, then lossy UTF-8.
using NluSharp.Tokenizers.PreTokenizers;

namespace NluSharp.Tokenizers.Decoders;

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
