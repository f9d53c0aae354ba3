// Position-wise feed-forward: dropout(lin2(act(lin1(x)))) (DistilBERT's FFN; keys "lin1", "lin2").
using NluSharp.Engine;

namespace NluSharp.Nn;

/// <summary>Two linear layers with an activation between and dropout after.</summary>
public sealed class FeedForward : Module
{
    /// <summary>C → I.</summary>
    public Linear Up { get; }
    /// <summary>I → C.</summary>
    public Linear Down { get; }
    readonly Func<Tensor<float>, Tensor<float>> activation;
    readonly Dropout dropout;

    /// <summary>A block with the given names for the two layers.</summary>
    public FeedForward(int hidden, int intermediate, string activation, double dropoutProb, Initializer init,
        string upName = "lin1", string downName = "lin2", string activationField = "activation")
    {
        this.activation = Activations.Get(activation, activationField);
        dropout = AddModule("dropout", new Dropout(dropoutProb));
        Up = AddModule(upName, new Linear(hidden, intermediate, init));
        Down = AddModule(downName, new Linear(intermediate, hidden, init));
    }

    /// <summary>x [B, T, C] → [B, T, C].</summary>
    public Tensor<float> Forward(Tensor<float> x) => dropout.Forward(Down.Forward(activation(Up.Forward(x))));
}
