// A snapshot of an optimizer: its kind and hyperparameters, per-parameter step counts and buffers (copied, float32).
namespace NluSharp.Training.Optimization;

/// <summary>Everything an optimizer needs to continue bit-exactly, independent of file format.</summary>
/// <param name="Kind">"adamw", "sgd" or "lamb".</param>
/// <param name="Hyperparameters">Scalars fixed at construction (betas, eps, momentum...), checked on load.</param>
/// <param name="Steps">Per-parameter update count (torch's <c>state[p]["step"]</c>), by parameter name.</param>
/// <param name="Buffers">Per-parameter buffers, keyed "<c>buffer/parameter name</c>" (e.g. "exp_avg/bert.pooler.dense.weight").</param>
public sealed record OptimizerState(
    string Kind,
    IReadOnlyDictionary<string, double> Hyperparameters,
    IReadOnlyDictionary<string, long> Steps,
    IReadOnlyDictionary<string, float[]> Buffers)
{
    /// <summary>Throws unless this state was saved by an optimizer of <paramref name="kind"/> with identical hyperparameters.</summary>
    internal void RequireCompatible(string kind, IReadOnlyDictionary<string, double> hyperparameters)
    {
        if (Kind != kind) throw new InvalidDataException($"optimizer state is for '{Kind}', cannot load it into '{kind}'");
        foreach (var (name, value) in hyperparameters)
        {
            if (!Hyperparameters.TryGetValue(name, out var saved))
                throw new InvalidDataException($"optimizer state lacks hyperparameter '{name}' (expected {value})");
            if (BitConverter.DoubleToInt64Bits(saved) != BitConverter.DoubleToInt64Bits(value))
                throw new InvalidDataException($"optimizer state has {name} = {saved}, this optimizer has {value}; resuming would not continue the same run");
        }
    }

    /// <summary>The saved buffer for one parameter, checked for length.</summary>
    internal float[] Buffer(string buffer, NamedParameter p)
    {
        var key = buffer + "/" + p.Name;
        if (!Buffers.TryGetValue(key, out var values))
            throw new InvalidDataException($"optimizer state has a step count for '{p.Name}' but no '{key}' buffer");
        if (values.Length != p.Value.Length)
            throw new InvalidDataException($"optimizer state buffer '{key}' has {values.Length} elements, parameter '{p.Name}' has {p.Value.Length}");
        return (float[])values.Clone();
    }

    /// <summary>Throws when the state names a parameter the optimizer does not have (it was saved for another model).</summary>
    internal void RequireKnownParameters(IEnumerable<ParameterGroup> groups)
    {
        var names = groups.SelectMany(g => g.Parameters).Select(p => p.Name).ToHashSet(StringComparer.Ordinal);
        foreach (var name in Steps.Keys)
            if (!names.Contains(name)) throw new InvalidDataException($"optimizer state has parameter '{name}', which this model does not have");
    }
}
