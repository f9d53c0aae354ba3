// Stochastic gradient descent with momentum, as torch 1.13's `_single_tensor_sgd` (torch/optim/sgd.py) with
// dampening 0 and maximize False:
//   d = g + wd·p                       (coupled L2 decay; skipped when wd = 0)
//   buf = d on the first step, else buf·μ + d
//   d = nesterov ? d + μ·buf : buf
//   p = p - lr·d
// torch's `add(x, alpha=a)` is a fused multiply-add in its vectorized CPU kernel; so is every alpha-add here.
using NluSharp.Engine;

namespace NluSharp.Training.Optimization;

/// <summary>torch.optim.SGD (momentum, optional Nesterov, dampening 0).</summary>
public sealed class Sgd : IOptimizer
{
    sealed class Slot(NamedParameter parameter)
    {
        public readonly NamedParameter Parameter = parameter;
        public long Step;
        public float[]? MomentumBuffer;
    }

    readonly List<(ParameterGroup Group, Slot[] Slots)> groups;

    /// <summary>Momentum μ (0 = plain SGD).</summary>
    public double Momentum { get; }
    /// <summary>Nesterov momentum (requires μ &gt; 0).</summary>
    public bool Nesterov { get; }

    /// <summary>Creates the optimizer.</summary>
    public Sgd(IReadOnlyList<ParameterGroup> groups, double momentum = 0.0, bool nesterov = false)
    {
        if (!(momentum >= 0)) throw new ArgumentOutOfRangeException(nameof(momentum), momentum, "momentum must be >= 0");
        if (nesterov && momentum == 0) throw new ArgumentException("Nesterov momentum requires momentum > 0 (torch raises the same error)", nameof(nesterov));
        OptimizerChecks.RequireUniqueContiguous(groups);
        (Momentum, Nesterov) = (momentum, nesterov);
        this.groups = groups.Select(g => (g, g.Parameters.Select(p => new Slot(p)).ToArray())).ToList();
    }

    /// <inheritdoc/>
    public IReadOnlyList<ParameterGroup> Groups => groups.Select(g => g.Group).ToList();

    /// <inheritdoc/>
    public void Step(double learningRate)
    {
        using var _ = Autograd.NoGrad();
        float lr = (float)learningRate, mu = (float)Momentum;
        foreach (var (group, slots) in groups)
        {
            float wd = (float)group.WeightDecay;
            foreach (var slot in slots)
            {
                var grad = slot.Parameter.Value.Grad;
                if (grad == null) continue;
                var p = slot.Parameter.Value.AsSpan();
                var g = grad.AsSpan();
                bool first = slot.Step == 0;
                slot.Step++;
                if (Momentum != 0) slot.MomentumBuffer ??= new float[p.Length];
                var buf = slot.MomentumBuffer;
                for (int i = 0; i < p.Length; i++)
                {
                    float d = wd != 0 ? MathF.FusedMultiplyAdd(p[i], wd, g[i]) : g[i];
                    if (buf != null)
                    {
                        buf[i] = first ? d : buf[i] * mu + d;   // add_(d, alpha=1 - dampening) with dampening 0: exact
                        d = Nesterov ? MathF.FusedMultiplyAdd(buf[i], mu, d) : buf[i];
                    }
                    p[i] = MathF.FusedMultiplyAdd(d, -lr, p[i]);
                }
            }
        }
    }

    /// <inheritdoc/>
    public void ZeroGrad() { foreach (var (_, slots) in groups) foreach (var s in slots) s.Parameter.Value.ZeroGrad(); }

    IReadOnlyDictionary<string, double> Hyperparameters() => new Dictionary<string, double>
    {
        ["momentum"] = Momentum, ["nesterov"] = Nesterov ? 1 : 0, ["dampening"] = 0,
    };

    /// <inheritdoc/>
    public OptimizerState SaveState()
    {
        var steps = new Dictionary<string, long>(StringComparer.Ordinal);
        var buffers = new Dictionary<string, float[]>(StringComparer.Ordinal);
        foreach (var (_, slots) in groups)
            foreach (var s in slots)
            {
                if (s.Step == 0) continue;
                steps[s.Parameter.Name] = s.Step;
                if (s.MomentumBuffer != null) buffers["momentum_buffer/" + s.Parameter.Name] = (float[])s.MomentumBuffer.Clone();
            }
        return new OptimizerState("sgd", Hyperparameters(), steps, buffers);
    }

    /// <inheritdoc/>
    public void LoadState(OptimizerState state)
    {
        state.RequireCompatible("sgd", Hyperparameters());
        state.RequireKnownParameters(groups.Select(g => g.Group));
        foreach (var (_, slots) in groups)
            foreach (var s in slots)
            {
                if (state.Steps.TryGetValue(s.Parameter.Name, out var step))
                    (s.Step, s.MomentumBuffer) = (step, Momentum != 0 ? state.Buffer("momentum_buffer", s.Parameter) : null);
                else (s.Step, s.MomentumBuffer) = (0, null);
            }
    }
}
