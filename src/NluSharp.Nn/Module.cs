// The base of every layer: named parameters and named children, so that a model's parameter names are exactly the
// Hugging Face state-dict keys ("bert.encoder.layer.0.attention.self.query.weight"), in the same order
// (own parameters first, then children in registration order, as torch's Module.state_dict).
using NluSharp.Engine;

namespace NluSharp.Nn;

/// <summary>A layer with named float32 parameters and named sub-layers.</summary>
public abstract class Module
{
    readonly List<(string Name, Tensor<float> Value)> parameters = new();
    readonly List<(string Name, Module Child)> children = new();

    /// <summary>True in training mode (dropout active); set with <see cref="Train"/>.</summary>
    public bool Training { get; private set; }

    /// <summary>Switches this module and every descendant to training (true) or evaluation (false) mode.</summary>
    public void Train(bool training = true)
    {
        Training = training;
        foreach (var (_, child) in children) child.Train(training);
    }

    /// <summary>Registers a parameter (marked RequiresGrad) under <paramref name="name"/> and returns it.</summary>
    protected Tensor<float> AddParameter(string name, Tensor<float> value)
    {
        if (parameters.Any(p => p.Name == name) || children.Any(c => c.Name == name))
            throw new ArgumentException($"{GetType().Name} already has a member named '{name}'");
        value.RequiresGrad = true;
        parameters.Add((name, value));
        return value;
    }

    /// <summary>Points the parameter slot <paramref name="name"/> at another tensor (weight tying: both names then share one tensor).</summary>
    protected void ReplaceParameter(string name, Tensor<float> value)
    {
        int i = parameters.FindIndex(p => p.Name == name);
        if (i < 0) throw new ArgumentException($"{GetType().Name} has no parameter named '{name}'");
        if (!value.Shape.SequenceEqual(parameters[i].Value.Shape))
            throw new ArgumentException($"cannot tie {GetType().Name}.{name} of shape [{string.Join(", ", parameters[i].Value.Shape.ToArray())}] to a tensor of shape [{string.Join(", ", value.Shape.ToArray())}]");
        parameters[i] = (name, value);
    }

    /// <summary>Registers a child module under <paramref name="name"/> and returns it.</summary>
    protected TModule AddModule<TModule>(string name, TModule child) where TModule : Module
    {
        if (parameters.Any(p => p.Name == name) || children.Any(c => c.Name == name))
            throw new ArgumentException($"{GetType().Name} already has a member named '{name}'");
        children.Add((name, child));
        child.Train(Training);
        return child;
    }

    /// <summary>Direct children with their names.</summary>
    public IEnumerable<(string Name, Module Child)> NamedChildren() => children;

    /// <summary>
    /// Every parameter slot with its full dotted name, own parameters first, then children depth-first. A tied tensor
    /// appears once per name (as in torch's state_dict).
    /// </summary>
    public IEnumerable<(string Name, Tensor<float> Parameter)> NamedParameters(string prefix = "")
    {
        foreach (var (name, value) in parameters) yield return (prefix + name, value);
        foreach (var (name, child) in children)
            foreach (var p in child.NamedParameters(prefix + name + "."))
                yield return p;
    }

    /// <summary>Distinct parameter tensors, each under the first name it has (what an optimizer updates and what is saved).</summary>
    public IReadOnlyList<(string Name, Tensor<float> Parameter)> UniqueNamedParameters()
    {
        var seen = new HashSet<Tensor<float>>(ReferenceEqualityComparer.Instance);
        return NamedParameters().Where(p => seen.Add(p.Parameter)).ToList();
    }

    /// <summary>Distinct parameter tensors.</summary>
    public IEnumerable<Tensor<float>> Parameters() => UniqueNamedParameters().Select(p => p.Parameter);

    /// <summary>Every module of the tree with its dotted name ("" for this one), parents before children.</summary>
    public IEnumerable<(string Name, Module Module)> NamedModules(string prefix = "")
    {
        yield return (prefix.TrimEnd('.'), this);
        foreach (var (name, child) in children)
            foreach (var m in child.NamedModules(prefix + name + "."))
                yield return m;
    }

    /// <summary>Clears the gradients of every parameter.</summary>
    public void ZeroGrad()
    {
        foreach (var p in Parameters()) p.ZeroGrad();
    }
}
