// A set of parameters sharing one weight-decay coefficient, as torch.optim param_groups.
namespace NluSharp.Training.Optimization;

/// <summary>Parameters updated with the same weight decay (torch's <c>param_groups</c> entry).</summary>
/// <param name="Parameters">The parameters, in model order.</param>
/// <param name="WeightDecay">Decoupled decay for AdamW, L2 penalty for SGD; 0 disables it.</param>
public sealed record ParameterGroup(IReadOnlyList<NamedParameter> Parameters, double WeightDecay);
