// Activation functions by their Hugging Face config name (transformers/activations.py ACT2FN): "gelu" is the exact
// erf form, "gelu_new"/"gelu_pytorch_tanh" the tanh approximation.
using NluSharp.Engine;

namespace NluSharp.Nn;

/// <summary>Looks activations up by config name.</summary>
public static class Activations
{
    static readonly Dictionary<string, Func<Tensor<float>, Tensor<float>>> ByName = new(StringComparer.Ordinal)
    {
        ["gelu"] = x => x.Gelu(),
        ["gelu_new"] = x => x.Gelu(tanhApproximation: true),
        ["gelu_pytorch_tanh"] = x => x.Gelu(tanhApproximation: true),
        ["relu"] = x => x.Relu(),
        ["tanh"] = x => x.Tanh(),
        ["sigmoid"] = x => x.Sigmoid(),
        ["silu"] = x => x.Silu(),
        ["swish"] = x => x.Silu(),
        ["linear"] = x => x,
    };

    /// <summary>The names accepted by <see cref="Get"/>.</summary>
    public static IEnumerable<string> Names => ByName.Keys;

    /// <summary>The activation called <paramref name="name"/>; <paramref name="field"/> names the config field in the error.</summary>
    public static Func<Tensor<float>, Tensor<float>> Get(string name, string field = "hidden_act") =>
        ByName.TryGetValue(name, out var f) ? f
            : throw new ArgumentException($"config field '{field}' is \"{name}\", expected one of: {string.Join(", ", ByName.Keys)}");
}
