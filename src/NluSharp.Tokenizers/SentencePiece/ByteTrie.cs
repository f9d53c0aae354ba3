// A byte-keyed trie over the vocabulary pieces (sentencepiece walks its Darts trie byte by byte during Viterbi).
namespace NluSharp.Tokenizers.SentencePiece;

internal sealed class ByteTrie
{
    readonly List<Dictionary<byte, int>?> _children = [null];
    readonly List<int> _values = [-1];

    public void Add(ReadOnlySpan<byte> key, int value)
    {
        int node = 0;
        foreach (var b in key)
        {
            var children = _children[node] ??= new Dictionary<byte, int>();
            if (!children.TryGetValue(b, out int next))
            {
                next = _values.Count;
                children[b] = next;
                _children.Add(null);
                _values.Add(-1);
            }
            node = next;
        }
        if (_values[node] < 0) _values[node] = value;
    }

    /// <summary>Walks one byte from <paramref name="node"/>; -1 when there is no such path.</summary>
    public int Step(int node, byte b) => _children[node] is { } c && c.TryGetValue(b, out int next) ? next : -1;

    /// <summary>The value stored at a node, or -1.</summary>
    public int Value(int node) => _values[node];
}
