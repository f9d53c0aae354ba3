// AdamW (Loshchilov & Hutter, decoupled weight decay) exactly as torch 1.13's `_single_tensor_adamw`
// (torch/optim/adamw.py, foreach=False, amsgrad=False, maximize=False), float32 element by element:
//   step += 1
//   p *= 1 - lr·wd                                   (every element, even where the gradient is 0)
//   m = m·β1 + (1-β1)·g                               (torch add_ with alpha: fused multiply-add, as Vectorized fmadd)
//   v = v·β2 + ((1-β2)·g)·g                           (addcmul_: scalar·t1·t2, then add)
//   p = p + (-lr / (1-β1^step))·m / (sqrt(v) / sqrt(1-β2^step) + eps)   (addcdiv_: scalar·t1/t2, then add)
// Bias corrections and the step size are computed in double (Python floats) and rounded to float32 when they
// meet a float32 tensor, as torch does with a Python scalar.
using NluSharp.Engine;

namespace NluSharp.Training.Optimization;

/// <summary>torch.optim.AdamW (torch 1.13 single-tensor path) over parameter groups.</summary>
public sealed class AdamW : IOptimizer
{
    sealed class Slot(NamedParameter parameter)
    {
        public readonly NamedParameter Parameter = parameter;
        public long Step;
        public float[]? ExpAvg, ExpAvgSq;   // allocated on the first update, as torch's lazy state
    }

    readonly List<(ParameterGroup Group, Slot[] Slots)> groups;

    /// <summary>β1 (torch default 0.9).</summary>
    public double Beta1 { get; }
    /// <summary>β2 (torch default 0.999).</summary>
    public double Beta2 { get; }
    /// <summary>Added to the denominator (torch default 1e-8).</summary>
    public double Epsilon { get; }

    /// <summary>Creates the optimizer; state is allocated lazily on each parameter's first update.</summary>
    public AdamW(IReadOnlyList<ParameterGroup> groups, double beta1 = 0.9, double beta2 = 0.999, double epsilon = 1e-8)
    {
        if (!(beta1 >= 0 && beta1 < 1)) throw new ArgumentOutOfRangeException(nameof(beta1), beta1, "beta1 must be in [0, 1)");
        if (!(beta2 >= 0 && beta2 < 1)) throw new ArgumentOutOfRangeException(nameof(beta2), beta2, "beta2 must be in [0, 1)");
        if (!(epsilon >= 0)) throw new ArgumentOutOfRangeException(nameof(epsilon), epsilon, "epsilon must be >= 0");
        OptimizerChecks.RequireUniqueContiguous(groups);
        (Beta1, Beta2, Epsilon) = (beta1, beta2, epsilon);
        this.groups = groups.Select(g => (g, g.Parameters.Select(p => new Slot(p)).ToArray())).ToList();
    }

    /// <inheritdoc/>
    public IReadOnlyList<ParameterGroup> Groups => groups.Select(g => g.Group).ToList();

    /// <inheritdoc/>
    public void Step(double learningRate)
    {
        using var _ = Autograd.NoGrad();
        foreach (var (group, slots) in groups)
            foreach (var slot in slots)
            {
                var grad = slot.Parameter.Value.Grad;
                if (grad == null) continue;
                slot.Step++;
                slot.ExpAvg ??= new float[slot.Parameter.Value.Length];
                slot.ExpAvgSq ??= new float[slot.Parameter.Value.Length];
                double biasCorrection1 = 1 - Math.Pow(Beta1, slot.Step);
                double biasCorrection2 = 1 - Math.Pow(Beta2, slot.Step);
                double stepSize = learningRate / biasCorrection1;
                var c = new AdamWCoefficients(
                    Decay: (float)(1 - learningRate * group.WeightDecay),
                    Beta1: (float)Beta1, OneMinusBeta1: (float)(1 - Beta1),
                    Beta2: (float)Beta2, OneMinusBeta2: (float)(1 - Beta2),
                    BiasCorrection2Sqrt: (float)Math.Sqrt(biasCorrection2),
                    Epsilon: (float)Epsilon, NegativeStepSize: (float)(-stepSize));
                Update(slot.Parameter.Value, grad, slot.ExpAvg, slot.ExpAvgSq, c);
            }
    }

    static void Update(Tensor<float> parameter, Tensor<float> gradient, float[] expAvg, float[] expAvgSq, AdamWCoefficients c)
    {
        var pStorage = parameter.Storage; int pOffset = parameter.Offset;
        var gStorage = gradient.Storage; int gOffset = gradient.Offset;
        // Element-wise only, so splitting over threads cannot change a bit.
        Threads.For(expAvg.Length, 1 << 15, (start, end) => AdamWKernel.Update(
            pStorage.Span.Slice(pOffset + start, end - start), gStorage.Span.Slice(gOffset + start, end - start),
            expAvg.AsSpan(start, end - start), expAvgSq.AsSpan(start, end - start), c));
    }

    /// <inheritdoc/>
    public void ZeroGrad() { foreach (var (_, slots) in groups) foreach (var s in slots) s.Parameter.Value.ZeroGrad(); }

    IReadOnlyDictionary<string, double> Hyperparameters() => new Dictionary<string, double>
    {
        ["beta1"] = Beta1, ["beta2"] = Beta2, ["eps"] = Epsilon,
    };

    /// <inheritdoc/>
    public OptimizerState SaveState()
    {
        var steps = new Dictionary<string, long>(StringComparer.Ordinal);
        var buffers = new Dictionary<string, float[]>(StringComparer.Ordinal);
        foreach (var (_, slots) in groups)
            foreach (var s in slots)
            {
                if (s.ExpAvg == null) continue;   // never updated: no state, as torch
                steps[s.Parameter.Name] = s.Step;
                buffers["exp_avg/" + s.Parameter.Name] = (float[])s.ExpAvg.Clone();
                buffers["exp_avg_sq/" + s.Parameter.Name] = (float[])s.ExpAvgSq!.Clone();
            }
        return new OptimizerState("adamw", Hyperparameters(), steps, buffers);
    }

    /// <inheritdoc/>
    public void LoadState(OptimizerState state)
    {
        state.RequireCompatible("adamw", Hyperparameters());
        state.RequireKnownParameters(groups.Select(g => g.Group));
        foreach (var (_, slots) in groups)
            foreach (var s in slots)
            {
                if (state.Steps.TryGetValue(s.Parameter.Name, out var step))
                {
                    s.Step = step;
                    s.ExpAvg = state.Buffer("exp_avg", s.Parameter);
                    s.ExpAvgSq = state.Buffer("exp_avg_sq", s.Parameter);
                }
                else (s.Step, s.ExpAvg, s.ExpAvgSq) = (0, null, null);
            }
    }
}
