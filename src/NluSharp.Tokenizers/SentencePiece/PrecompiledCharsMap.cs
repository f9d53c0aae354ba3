// SentencePiece's precompiled normalization rules (normalizer_spec.precompiled_charsmap): a Darts-clone double-array
// trie over UTF-8 byte sequences whose values point into a blob of NUL-terminated replacement strings.
// Layout: uint32 trie size in bytes, the trie's uint32 units, then the replacement blob.
using System.Buffers.Binary;

namespace NluSharp.Tokenizers.SentencePiece;

internal sealed class PrecompiledCharsMap
{
    readonly uint[] _units;
    readonly byte[] _normalized;

    public byte[] Raw { get; }

    public PrecompiledCharsMap(byte[] blob, string source)
    {
        Raw = blob;
        if (blob.Length < 4) throw new InvalidDataException($"{source}: precompiled_charsmap is {blob.Length} bytes, expected at least 4");
        uint trieSize = BinaryPrimitives.ReadUInt32LittleEndian(blob);
        if (trieSize % 4 != 0 || 4 + (long)trieSize > blob.Length)
            throw new InvalidDataException($"{source}: precompiled_charsmap trie size {trieSize} does not fit its {blob.Length} bytes");
        _units = new uint[trieSize / 4];
        for (int i = 0; i < _units.Length; i++) _units[i] = BinaryPrimitives.ReadUInt32LittleEndian(blob.AsSpan(4 + 4 * i));
        _normalized = blob[(4 + (int)trieSize)..];
    }

    static bool HasLeaf(uint unit) => ((unit >> 8) & 1) == 1;
    static uint Value(uint unit) => unit & ((1u << 31) - 1);
    static uint Label(uint unit) => unit & ((1u << 31) | 0xFF);
    static uint Offset(uint unit) => (unit >> 10) << (int)((unit & (1u << 9)) >> 6);

    /// <summary>Darts commonPrefixSearch: (length, value) of every key that is a prefix of <paramref name="key"/>, shortest first.</summary>
    public int CommonPrefixSearch(ReadOnlySpan<byte> key, Span<(int Length, int Value)> results)
    {
        int count = 0;
        if (_units.Length == 0) return 0;
        uint nodePos = 0;
        uint unit = _units[nodePos];
        nodePos ^= Offset(unit);
        for (int i = 0; i < key.Length; i++)
        {
            nodePos ^= key[i];
            if (nodePos >= _units.Length) return count;
            unit = _units[nodePos];
            if (Label(unit) != key[i]) return count;
            nodePos ^= Offset(unit);
            if (HasLeaf(unit))
            {
                if (nodePos >= _units.Length) return count;
                if (count < results.Length) results[count] = (i + 1, (int)Value(_units[nodePos]));
                count++;
            }
        }
        return count;
    }

    /// <summary>The NUL-terminated replacement starting at <paramref name="value"/>.</summary>
    public ReadOnlySpan<byte> Replacement(int value)
    {
        if (value < 0 || value >= _normalized.Length) return ReadOnlySpan<byte>.Empty;
        var rest = _normalized.AsSpan(value);
        int end = rest.IndexOf((byte)0);
        return end < 0 ? rest : rest[..end];
    }
}
