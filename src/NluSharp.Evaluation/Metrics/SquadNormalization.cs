// Answer normalization and token-overlap F1 of the SQuAD v1.1 evaluation script, which the official ReCoRD
// evaluation (SuperGLUE) reuses: lower-case, drop ASCII punctuation, drop the articles a/an/the, collapse whitespace.
using System.Text;
using System.Text.RegularExpressions;

namespace NluSharp.Evaluation.Metrics;

/// <summary>SQuAD-style answer comparison: <see cref="Normalize"/>, <see cref="ExactMatch"/>, <see cref="TokenF1"/>.</summary>
public static partial class SquadNormalization
{
    // Python's string.punctuation: the 32 ASCII punctuation characters, nothing beyond ASCII.
    const string AsciiPunctuation = "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~";

    [GeneratedRegex(@"\b(a|an|the)\b", RegexOptions.CultureInvariant)]
    private static partial Regex Articles();

    /// <summary>
    /// The official <c>normalize_answer</c>, applied in the same order: lower, remove punctuation, replace articles
    /// with a space, then split on whitespace and re-join with single spaces.
    /// </summary>
    public static string Normalize(string text)
    {
        var lowered = text.ToLowerInvariant();
        var noPunctuation = new StringBuilder(lowered.Length);
        foreach (var c in lowered)
            if (AsciiPunctuation.IndexOf(c) < 0) noPunctuation.Append(c);
        var noArticles = Articles().Replace(noPunctuation.ToString(), " ");
        return string.Join(' ', Tokens(noArticles));
    }

    /// <summary>1 when the normalized strings are equal, else 0.</summary>
    public static double ExactMatch(string prediction, string gold) =>
        Normalize(prediction) == Normalize(gold) ? 1.0 : 0.0;

    /// <summary>Harmonic mean of token precision and recall over the multiset of normalized tokens; 0 without overlap.</summary>
    public static double TokenF1(string prediction, string gold)
    {
        var predicted = Tokens(Normalize(prediction));
        var golden = Tokens(Normalize(gold));
        var goldCounts = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var t in golden) goldCounts[t] = goldCounts.GetValueOrDefault(t) + 1;
        var same = 0;
        foreach (var t in predicted)
        {
            if (goldCounts.GetValueOrDefault(t) <= 0) continue;
            goldCounts[t]--;
            same++;
        }
        if (same == 0) return 0.0;
        double precision = (double)same / predicted.Length, recall = (double)same / golden.Length;
        return 2 * precision * recall / (precision + recall);
    }

    // Python's str.split() with no argument: split on any whitespace, drop empty pieces.
    static string[] Tokens(string text) => text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
}
