// The loss of a fine-tuning run by name, as `nlu train --loss NAME --loss-args k=v,... --z-loss COEF
// --label-smoothing-factor E` gives it: parsed and checked before any work starts (Parse: names, keys, values;
// For: whether the loss fits the task's label kind), then built into a TrainingLoss. Error messages name the option
// and what was expected, in one line.
using System.Globalization;
using NluSharp.Evaluation.Datasets;

namespace NluSharp.Training.Losses;

/// <summary>A loss chosen by name, with its arguments, an optional z-loss term and label smoothing.</summary>
/// <param name="Name">Catalogue name, or null for the default of the label kind (cross-entropy / MSE / BCE).</param>
/// <param name="Args">Arguments by key (values already checked).</param>
/// <param name="ZLoss">z-loss coefficient (0 = none).</param>
/// <param name="LabelSmoothing">Label smoothing of the losses built on cross-entropy.</param>
public sealed record LossSpec(string? Name, IReadOnlyDictionary<string, double[]> Args, double ZLoss = 0, double LabelSmoothing = 0)
{
    sealed record Entry(LabelKind Kind, string Summary, string[] Keys, bool Smoothing);

    /// <summary>The catalogue: name → label kind it fits, its keys, and whether label smoothing applies.</summary>
    static readonly Dictionary<string, Entry> Catalogue = new(StringComparer.Ordinal)
    {
        ["cross_entropy"] = new(LabelKind.SingleLabel, "class_weights=W0,W1,...", ["class_weights"], true),
        ["focal"] = new(LabelKind.SingleLabel, "gamma=2, alpha=A0,A1,...", ["gamma", "alpha"], false),
        ["poly1"] = new(LabelKind.SingleLabel, "epsilon=1", ["epsilon"], true),
        ["squentropy"] = new(LabelKind.SingleLabel, "no arguments", [], true),
        ["harmonic"] = new(LabelKind.SingleLabel, "n=4", ["n"], false),
        ["supcon"] = new(LabelKind.SingleLabel, "temperature=0.3, weight=0.9", ["temperature", "weight"], true),
        ["mse"] = new(LabelKind.Regression, "no arguments", [], false),
        ["huber"] = new(LabelKind.Regression, "delta=1", ["delta"], false),
        ["bce"] = new(LabelKind.MultiLabel, "no arguments", [], false),
    };

    /// <summary>The names, in catalogue order.</summary>
    public static IReadOnlyList<string> Names => Catalogue.Keys.ToList();

    /// <summary>The default: cross-entropy / MSE / BCE by label kind, as Hugging Face's heads.</summary>
    public static LossSpec Default(double labelSmoothing = 0) => new(null, new Dictionary<string, double[]>(), 0, labelSmoothing);

    /// <summary>Parses and checks the options (everything that does not depend on the data).</summary>
    /// <exception cref="ArgumentException">One line naming the option and what was expected.</exception>
    public static LossSpec Parse(string? name, string? args, double zLoss = 0, double labelSmoothing = 0)
    {
        if (!(zLoss >= 0) || !double.IsFinite(zLoss)) throw new ArgumentException($"--z-loss {Show(zLoss)}: expected a coefficient ≥ 0 (PaLM uses 1e-4)");
        if (!(labelSmoothing is >= 0 and <= 1)) throw new ArgumentException($"--label-smoothing-factor {Show(labelSmoothing)}: expected a number in [0, 1]");
        var values = new Dictionary<string, double[]>(StringComparer.Ordinal);
        if (name is null)
        {
            if (!string.IsNullOrWhiteSpace(args)) throw new ArgumentException("--loss-args needs --loss NAME");
            return new(null, values, zLoss, labelSmoothing);
        }
        if (!Catalogue.TryGetValue(name, out var entry))
            throw new ArgumentException($"--loss {name}: unknown loss; expected one of {string.Join(", ", Catalogue.Keys)}");
        foreach (var (key, text) in Pairs(args ?? ""))
        {
            if (!entry.Keys.Contains(key))
                throw new ArgumentException($"--loss-args {key}: unknown key for --loss {name}; expected {(entry.Keys.Length == 0 ? "no arguments" : string.Join(", ", entry.Keys))}");
            if (values.ContainsKey(key)) throw new ArgumentException($"--loss-args {key}: given twice");
            var numbers = text.Split(',').Select(t => double.TryParse(t.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out var v) && double.IsFinite(v) ? v
                : throw new ArgumentException($"--loss-args {key}={text}: '{t}' is not a number")).ToArray();
            bool list = key is "alpha" or "class_weights";
            if (!list && numbers.Length != 1) throw new ArgumentException($"--loss-args {key}={text}: expected one number");
            values[key] = numbers;
        }
        var spec = new LossSpec(name, values, zLoss, labelSmoothing);
        spec.Build(classes: null);   // range checks of every value (gamma ≥ 0, delta > 0, ...) in the losses' own words
        return spec;
    }

    /// <summary>The loss for a label kind, after checking that it fits.</summary>
    /// <exception cref="ArgumentException">The loss does not fit the label kind (one line).</exception>
    public TrainingLoss For(LabelKind kind, int classes)
    {
        if (Name != null)
        {
            var entry = Catalogue[Name];
            if (entry.Kind != kind)
                throw new ArgumentException($"--loss {Name}: does not fit a {KindName(kind)} task; expected one of {string.Join(", ", Catalogue.Where(e => e.Value.Kind == kind).Select(e => e.Key))}");
            if (Name == "harmonic")
                throw new ArgumentException("--loss harmonic: needs a distance-layer classifier head (the class scores are −n·ln‖x − w_c‖), which the models do not have yet; the loss itself is NluSharp.Training.Losses.HarmonicLoss");
            if (LabelSmoothing > 0 && !entry.Smoothing)
                throw new ArgumentException($"--label-smoothing-factor does not combine with --loss {Name}; it applies to cross_entropy, poly1, squentropy and supcon");
        }
        if (ZLoss > 0 && kind != LabelKind.SingleLabel)
            throw new ArgumentException($"--z-loss: applies to softmax classification losses, not to a {KindName(kind)} task");
        var loss = Build(classes) ?? kind switch
        {
            LabelKind.Regression => TrainingLoss.MeanSquaredError(),
            LabelKind.MultiLabel => TrainingLoss.BinaryCrossEntropyWithLogits(),
            _ => TrainingLoss.CrossEntropy(LabelSmoothing),
        };
        return ZLoss > 0 ? new ZLoss(loss, ZLoss) : loss;
    }

    /// <summary>The named loss (null for the default); per-class lists are checked against <paramref name="classes"/> when known.</summary>
    TrainingLoss? Build(int? classes)
    {
        double One(string key, double fallback) => Args.TryGetValue(key, out var v) ? v[0] : fallback;
        double[]? PerClass(string key)
        {
            if (!Args.TryGetValue(key, out var v)) return null;
            if (v.Any(x => x < 0)) throw new ArgumentException($"--loss-args {key}: expected non-negative numbers, got {string.Join(",", v.Select(Show))}");
            if (classes is int c && v.Length != c) throw new ArgumentException($"--loss-args {key}: {v.Length} values for {c} classes; expected one per class");
            return v;
        }
        try
        {
            return Name switch
            {
                null => null,
                "cross_entropy" => new CrossEntropyLoss(LabelSmoothing, PerClass("class_weights")),
                "focal" => new FocalLoss(One("gamma", 2), PerClass("alpha")),
                "poly1" => new Poly1Loss(One("epsilon", 1), LabelSmoothing),
                "squentropy" => new SquentropyLoss(LabelSmoothing),
                "harmonic" => One("n", 4) is > 0 and var n && double.IsFinite(n) ? null : throw new ArgumentOutOfRangeException("n", One("n", 4), "the harmonic exponent n must be > 0"),
                "supcon" => new SupConLoss(One("temperature", 0.3), One("weight", 0.9), LabelSmoothing),
                "mse" => TrainingLoss.MeanSquaredError(),
                "huber" => new HuberLoss(One("delta", 1)),
                "bce" => TrainingLoss.BinaryCrossEntropyWithLogits(),
                _ => throw new InvalidOperationException($"loss '{Name}' is in the catalogue but not built"),
            };
        }
        catch (ArgumentOutOfRangeException e)
        {
            // "gamma must be a finite number ≥ 0 (Parameter 'gamma')…" → one line naming the option.
            throw new ArgumentException($"--loss-args {e.ParamName}={Show(Convert.ToDouble(e.ActualValue, CultureInfo.InvariantCulture))}: {e.Message.Split(" (Parameter")[0].Split('\n')[0]}");
        }
    }

    static IEnumerable<(string Key, string Value)> Pairs(string args)
    {
        // k=v pairs separated by commas; a piece without '=' continues the previous value's list (alpha=0.25,0.75,gamma=2).
        var pairs = new List<(string Key, string Value)>();
        foreach (var raw in args.Split(',', StringSplitOptions.TrimEntries))
        {
            if (raw.Length == 0) continue;
            int eq = raw.IndexOf('=');
            if (eq > 0) pairs.Add((raw[..eq].Trim(), raw[(eq + 1)..].Trim()));
            else if (eq < 0 && pairs.Count > 0) pairs[^1] = (pairs[^1].Key, pairs[^1].Value + "," + raw);
            else throw new ArgumentException($"--loss-args '{raw}': expected key=value pairs separated by commas, e.g. gamma=2,alpha=0.25,0.75");
        }
        return pairs;
    }

    static string KindName(LabelKind kind) => kind switch
    {
        LabelKind.Regression => "regression", LabelKind.MultiLabel => "multi-label", _ => "single-label classification",
    };

    static string Show(double v) => v.ToString("R", CultureInfo.InvariantCulture);
}
