// What the trainer needs from an optimizer: one update at a given learning rate, and a state that resumes bit-exactly.
namespace NluSharp.Training.Optimization;

/// <summary>An optimizer over groups of named parameters, updated in place from their accumulated <c>Grad</c>.</summary>
public interface IOptimizer
{
    /// <summary>The parameter groups, in the order given at construction.</summary>
    IReadOnlyList<ParameterGroup> Groups { get; }

    /// <summary>Applies one update with learning rate <paramref name="learningRate"/> (the schedule's value for this step). Parameters whose Grad is null are skipped, as torch does.</summary>
    void Step(double learningRate);

    /// <summary>Clears every parameter's gradient to zero (torch <c>zero_grad(set_to_none=False)</c>).</summary>
    void ZeroGrad();

    /// <summary>A deep copy of the per-parameter state (moment buffers and step counts) and hyperparameters.</summary>
    OptimizerState SaveState();

    /// <summary>Restores state saved by <see cref="SaveState"/>; throws when it belongs to another optimizer or other parameters.</summary>
    void LoadState(OptimizerState state);
}
