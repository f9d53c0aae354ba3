// The label space of a user dataset, inferred from its label column: classes (strings or numbers), multi-label
// classes (lists), or a regression target.
using System.Globalization;

namespace NluSharp.Evaluation.Datasets;

/// <summary>What a label column holds.</summary>
public enum LabelKind
{
    /// <summary>One class per example.</summary>
    SingleLabel,
    /// <summary>A list of classes per example (JSON arrays).</summary>
    MultiLabel,
    /// <summary>A real-valued target per example.</summary>
    Regression,
}

/// <summary>A dataset's label kind and, for classification, its classes in index order.</summary>
public sealed class LabelSchema
{
    readonly Dictionary<string, int> _index;

    /// <summary>Creates a schema; <paramref name="classes"/> is empty for regression.</summary>
    public LabelSchema(LabelKind kind, IReadOnlyList<string> classes)
    {
        Kind = kind;
        Classes = classes;
        _index = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < classes.Count; i++)
            if (!_index.TryAdd(classes[i], i)) throw new ArgumentException($"class '{classes[i]}' is listed twice");
    }

    /// <summary>Single label, multi-label or regression.</summary>
    public LabelKind Kind { get; }

    /// <summary>Class names in index order: numeric labels by value, others in ordinal string order.</summary>
    public IReadOnlyList<string> Classes { get; }

    /// <summary>Index of a class; an unknown one fails naming it and the known set.</summary>
    public int IndexOf(string label, string where) =>
        _index.TryGetValue(label, out var i)
            ? i
            : throw new InvalidDataException($"{where}: unknown label '{label}'; known labels are {string.Join(", ", Classes.Select(c => $"'{c}'"))}");

    /// <summary>
    /// Infers the schema from the distinct label values seen: any list makes it multi-label; all values numbers with
    /// at least one non-integer, or more than <paramref name="maxIntegerClasses"/> distinct integers, make it
    /// regression; anything else is single-label classification.
    /// </summary>
    public static LabelSchema Infer(IReadOnlySet<string> values, bool anyList, int maxIntegerClasses = 20)
    {
        var numbers = values.Select(v => (v, ok: double.TryParse(v, NumberStyles.Float, CultureInfo.InvariantCulture, out var d), d)).ToList();
        var allNumeric = values.Count > 0 && numbers.All(n => n.ok && double.IsFinite(n.d));
        var ordered = allNumeric
            ? numbers.OrderBy(n => n.d).ThenBy(n => n.v, StringComparer.Ordinal).Select(n => n.v).ToList()
            : values.Order(StringComparer.Ordinal).ToList();
        if (anyList) return new LabelSchema(LabelKind.MultiLabel, ordered);
        if (allNumeric && (numbers.Any(n => n.d != Math.Floor(n.d)) || values.Count > maxIntegerClasses))
            return new LabelSchema(LabelKind.Regression, []);
        return new LabelSchema(LabelKind.SingleLabel, ordered);
    }
}
