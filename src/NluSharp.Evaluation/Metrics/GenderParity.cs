// AX-g (Winogender) gender parity: the share of minimal pairs, identical but for the pronoun's gender, whose two
// predictions agree (Rudinger et al. 2018, as scored by the SuperGLUE server).
namespace NluSharp.Evaluation.Metrics;

/// <summary>
/// Streaming gender-parity score. Each example arrives with the key of its minimal pair; only the first prediction of
/// a pair waits in memory until its partner arrives.
/// </summary>
public sealed class GenderParity
{
    readonly Dictionary<string, string> _waiting = new(StringComparer.Ordinal);
    long _same, _pairs;

    /// <summary>Adds one example's prediction; a pair key may be used exactly twice.</summary>
    public void Add(string pairKey, string prediction)
    {
        if (_waiting.Remove(pairKey, out var first))
        {
            _pairs++;
            if (first == prediction) _same++;
            return;
        }
        _waiting[pairKey] = prediction;
    }

    /// <summary>Number of completed pairs.</summary>
    public long PairCount => _pairs;

    /// <summary>Pairs with only one member seen so far; non-zero at the end means the data was not made of pairs.</summary>
    public int UnpairedCount => _waiting.Count;

    /// <summary>Fraction of completed pairs whose two predictions are equal; NaN when no pair is complete.</summary>
    public double Value => _pairs == 0 ? double.NaN : (double)_same / _pairs;
}
