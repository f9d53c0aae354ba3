// Construction-time checks shared by the optimizers: unique names, one group per parameter, dense float32 storage.
namespace NluSharp.Training.Optimization;

static class OptimizerChecks
{
    public static void RequireUniqueContiguous(IReadOnlyList<ParameterGroup> groups)
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        var tensors = new HashSet<object>(ReferenceEqualityComparer.Instance);
        foreach (var g in groups)
        {
            if (!double.IsFinite(g.WeightDecay) || g.WeightDecay < 0)
                throw new ArgumentOutOfRangeException(nameof(groups), g.WeightDecay, "weight decay must be a finite number >= 0");
            foreach (var p in g.Parameters)
            {
                if (!names.Add(p.Name)) throw new ArgumentException($"parameter '{p.Name}' appears in more than one place in the optimizer's groups");
                if (!tensors.Add(p.Value)) throw new ArgumentException($"parameter '{p.Name}' is the same tensor as another parameter; tied weights must be listed once");
                if (!p.Value.IsContiguous) throw new ArgumentException($"parameter '{p.Name}' is a strided view; optimizers need contiguous parameters");
            }
        }
    }
}
