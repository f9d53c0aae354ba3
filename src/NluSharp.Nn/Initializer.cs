// Parameter initialization as Hugging Face `_init_weights` does for BERT-family models: Linear and Embedding weights
// ~ N(0, initializer_range), biases 0, LayerNorm weight 1 and bias 0, the embedding padding row 0.
// Seeded, so the same seed gives the same new head on every machine and thread count.
using NluSharp.Engine;

namespace NluSharp.Nn;

/// <summary>Draws initial parameter values from a seeded normal distribution.</summary>
public sealed class Initializer
{
    readonly Random random;

    /// <summary>Standard deviation of weights (config "initializer_range").</summary>
    public double Std { get; }

    /// <summary>An initializer with the given std and seed.</summary>
    public Initializer(double std, int seed = 0)
    {
        if (!(std >= 0)) throw new ArgumentOutOfRangeException(nameof(std), std, "initializer std must be >= 0");
        Std = std;
        random = new Random(seed);
    }

    /// <summary>A persistent tensor with N(0, Std) entries.</summary>
    public Tensor<float> Normal(params int[] shape)
    {
        var t = Tensor<float>.Persistent(shape);
        var s = t.AsSpan();
        for (int i = 0; i < s.Length; i++)
        {
            // Box–Muller; 1 − u keeps the logarithm finite.
            double u1 = 1.0 - random.NextDouble(), u2 = random.NextDouble();
            s[i] = (float)(Std * Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2.0 * Math.PI * u2));
        }
        return t;
    }

    /// <summary>A persistent zero tensor.</summary>
    public static Tensor<float> Zeros(params int[] shape) => Tensor<float>.Persistent(shape);

    /// <summary>A persistent tensor of ones.</summary>
    public static Tensor<float> Ones(params int[] shape)
    {
        var t = Tensor<float>.Persistent(shape);
        t.AsSpan().Fill(1f);
        return t;
    }
}
