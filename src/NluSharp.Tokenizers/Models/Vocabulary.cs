// A token ↔ id table that can be searched with spans (no string allocated per lookup in the hot path).
namespace NluSharp.Tokenizers.Models;

internal sealed class Vocabulary
{
    readonly Dictionary<string, int> _ids;
    readonly Dictionary<string, int>.AlternateLookup<ReadOnlySpan<char>> _spanLookup;
    readonly string?[] _tokens;

    public Vocabulary(IEnumerable<KeyValuePair<string, int>> entries)
    {
        _ids = new Dictionary<string, int>(StringComparer.Ordinal);
        int max = -1;
        foreach (var (token, id) in entries)
        {
            _ids[token] = id;
            max = Math.Max(max, id);
        }
        _tokens = new string?[max + 1];
        foreach (var (token, id) in _ids) _tokens[id] = token;
        _spanLookup = _ids.GetAlternateLookup<ReadOnlySpan<char>>();
    }

    public int Count => _ids.Count;

    /// <summary>One past the largest id.</summary>
    public int IdLimit => _tokens.Length;

    public IReadOnlyDictionary<string, int> Entries => _ids;

    public bool TryGetId(ReadOnlySpan<char> token, out int id) => _spanLookup.TryGetValue(token, out id);

    public int? this[string token] => _ids.TryGetValue(token, out var id) ? id : null;

    public string? Token(int id) => id >= 0 && id < _tokens.Length ? _tokens[id] : null;
}
