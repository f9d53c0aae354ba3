// GPT-2's reversible byte ↔ printable-char table (HF byte_level.rs bytes_char): printable Latin-1 bytes map to
// themselves, the other 68 bytes to U+0100 upwards, in byte order.
namespace NluSharp.Tokenizers.PreTokenizers;

internal static class ByteLevelAlphabet
{
    public static readonly char[] ByteToChar = Build();
    public static readonly Dictionary<char, byte> CharToByte = ByteToChar.Select((c, b) => (c, b)).ToDictionary(t => t.c, t => (byte)t.b);

    static char[] Build()
    {
        var table = new char[256];
        int n = 0;
        for (int b = 0; b < 256; b++)
        {
            bool printable = b is >= '!' and <= '~' or >= 0xA1 and <= 0xAC or >= 0xAE and <= 0xFF;
            table[b] = printable ? (char)b : (char)(256 + n++);
        }
        return table;
    }

    /// <summary>The 256 characters of the alphabet, in byte order.</summary>
    public static IEnumerable<string> All => ByteToChar.Select(c => c.ToString());
}
