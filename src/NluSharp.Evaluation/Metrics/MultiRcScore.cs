// MultiRC's official metrics: F1a (binary F1 over every answer option) and EM (a question counts only when every one
// of its options is predicted right).
namespace NluSharp.Evaluation.Metrics;

/// <summary>
/// Streaming MultiRC scorer. Options arrive one at a time with the key of the question they belong to; memory grows
/// with the number of questions (one flag each), never with model outputs.
/// </summary>
public sealed class MultiRcScore
{
    readonly ConfusionMatrix _options = new(2);
    readonly Dictionary<string, bool> _questionAllRight = new(StringComparer.Ordinal);

    /// <summary>Number of answer options added.</summary>
    public long OptionCount => _options.Count;

    /// <summary>Number of distinct questions seen.</summary>
    public int QuestionCount => _questionAllRight.Count;

    /// <summary>Adds one answer option: gold and predicted labels are 0 (wrong answer) or 1 (right answer).</summary>
    public void Add(string questionKey, int gold, int predicted)
    {
        if (gold is not (0 or 1) || predicted is not (0 or 1))
            throw new ArgumentOutOfRangeException(nameof(predicted), $"MultiRC labels are 0 or 1, got gold {gold}, predicted {predicted} for question {questionKey}");
        _options.Add(gold, predicted);
        var right = gold == predicted;
        _questionAllRight[questionKey] = _questionAllRight.TryGetValue(questionKey, out var soFar) ? soFar && right : right;
    }

    /// <summary>F1 of the positive (1) class over all answer options.</summary>
    public double F1a => _options.Count == 0 ? double.NaN : _options.F1(1);

    /// <summary>Fraction of questions whose options are all predicted right.</summary>
    public double ExactMatch
    {
        get
        {
            if (_questionAllRight.Count == 0) return double.NaN;
            var right = 0;
            foreach (var ok in _questionAllRight.Values) if (ok) right++;
            return (double)right / _questionAllRight.Count;
        }
    }
}
