// Hugging Face Trainer's two parameter groups: weight decay for everything except biases and LayerNorm parameters.
// Matches transformers/trainer.py `get_decay_parameter_names`: a parameter is decayed when it is not inside a
// LayerNorm module (`get_parameter_names(model, ALL_LAYERNORM_LAYERS)`) and "bias" does not occur in its name.
// Embeddings ARE decayed. LayerNorm-ness is a property of the module; here it comes from the parameter's name.
namespace NluSharp.Training.Optimization;

/// <summary>Splits named parameters into Hugging Face's decay / no-decay groups.</summary>
public static class WeightDecayGroups
{
    /// <summary>
    /// The default "is this parameter inside a LayerNorm module" rule, from Hugging Face module names: some module
    /// segment of the dotted name (not the final attribute) contains "LayerNorm" or "layer_norm" (any case:
    /// <c>LayerNorm</c>, <c>sa_layer_norm</c>, <c>full_layer_layer_norm</c>), or is <c>ln</c>, <c>ln_*</c> or
    /// <c>ln</c> followed by digits (GPT-style <c>ln_f</c>, <c>ln_1</c>, <c>ln1</c>).
    /// </summary>
    public static bool IsInsideLayerNormByName(string parameterName)
    {
        var segments = parameterName.Split('.');
        for (int i = 0; i < segments.Length - 1; i++)
        {
            var s = segments[i];
            if (s.Contains("layernorm", StringComparison.OrdinalIgnoreCase) || s.Contains("layer_norm", StringComparison.OrdinalIgnoreCase)) return true;
            if (s == "ln" || s.StartsWith("ln_", StringComparison.Ordinal)) return true;
            if (s.Length > 2 && s.StartsWith("ln", StringComparison.Ordinal) && s.AsSpan(2).IndexOfAnyExceptInRange('0', '9') < 0) return true;
        }
        return false;
    }

    /// <summary>Whether HF's rule gives the parameter weight decay.</summary>
    /// <param name="parameterName">Full dotted name.</param>
    /// <param name="isInsideLayerNorm">Caller's rule for LayerNorm membership; <see cref="IsInsideLayerNormByName"/> when null.</param>
    public static bool GetsDecay(string parameterName, Func<string, bool>? isInsideLayerNorm = null) =>
        !(isInsideLayerNorm ?? IsInsideLayerNormByName)(parameterName) && !parameterName.Contains("bias", StringComparison.Ordinal);

    /// <summary>
    /// Two groups in HF's order: [decayed parameters with <paramref name="weightDecay"/>, the rest with 0]. Empty groups
    /// are kept so the group layout (and saved optimizer state) does not depend on the model.
    /// </summary>
    public static IReadOnlyList<ParameterGroup> Split(IEnumerable<NamedParameter> parameters, double weightDecay, Func<string, bool>? isInsideLayerNorm = null)
    {
        var decay = new List<NamedParameter>();
        var noDecay = new List<NamedParameter>();
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var p in parameters)
        {
            if (!names.Add(p.Name)) throw new ArgumentException($"parameter name '{p.Name}' appears twice; every parameter needs a unique name");
            (GetsDecay(p.Name, isInsideLayerNorm) ? decay : noDecay).Add(p);
        }
        return [new ParameterGroup(decay, weightDecay), new ParameterGroup(noDecay, 0.0)];
    }
}
