// Streaming Pearson correlation (STS-B): running means and co-moments, O(1) memory.
namespace NluSharp.Evaluation.Metrics;

/// <summary>
/// Pearson's r of (gold, predicted) pairs, updated one pair at a time with Welford's co-moment recurrence, which
/// matches the centred two-pass formula of <c>scipy.stats.pearsonr</c> to rounding. NaN when either side is constant
/// (scipy returns NaN with a warning there) or fewer than two pairs were added.
/// </summary>
public sealed class PearsonCorrelation
{
    long _n;
    double _meanX, _meanY, _m2X, _m2Y, _cXY;

    /// <summary>Number of pairs added.</summary>
    public long Count => _n;

    /// <summary>Adds one (gold, predicted) pair.</summary>
    public void Add(double gold, double predicted)
    {
        if (!double.IsFinite(gold) || !double.IsFinite(predicted))
            throw new ArgumentOutOfRangeException(nameof(predicted), $"Pearson needs finite values, got gold {gold}, predicted {predicted}");
        _n++;
        var dx = gold - _meanX;
        _meanX += dx / _n;
        var dy = predicted - _meanY;
        _meanY += dy / _n;
        _m2X += dx * (gold - _meanX);
        _m2Y += dy * (predicted - _meanY);
        _cXY += dx * (predicted - _meanY);
    }

    /// <summary>The correlation coefficient, clipped to [-1, 1] as scipy does.</summary>
    public double Value
    {
        get
        {
            if (_n < 2 || _m2X == 0 || _m2Y == 0) return double.NaN;
            var r = _cXY / (Math.Sqrt(_m2X) * Math.Sqrt(_m2Y));
            return Math.Clamp(r, -1.0, 1.0);
        }
    }
}
