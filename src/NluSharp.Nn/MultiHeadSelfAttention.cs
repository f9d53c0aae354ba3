// Self-attention with its q, k, v projections (and optionally the output projection) under the checkpoint's names:
// BERT "query"/"key"/"value", DistilBERT "q_lin"/"k_lin"/"v_lin" + "out_lin".
using NluSharp.Engine;

namespace NluSharp.Nn;

/// <summary>Checkpoint names of the projections; Output null when the output projection lives elsewhere (BERT's attention.output.dense).</summary>
public sealed record AttentionNames(string Query, string Key, string Value, string? Output)
{
    /// <summary>BERT/RoBERTa/ELECTRA attention.self.{query,key,value}.</summary>
    public static readonly AttentionNames Bert = new("query", "key", "value", null);
    /// <summary>DistilBERT attention.{q_lin,k_lin,v_lin,out_lin}.</summary>
    public static readonly AttentionNames DistilBert = new("q_lin", "k_lin", "v_lin", "out_lin");
}

/// <summary>Multi-head self-attention over a padded batch.</summary>
public sealed class MultiHeadSelfAttention : Module
{
    /// <summary>Heads.</summary>
    public int Heads { get; }
    /// <summary>Projections.</summary>
    public Linear Query { get; }
    /// <summary>Key projection.</summary>
    public Linear Key { get; }
    /// <summary>Value projection.</summary>
    public Linear Value { get; }
    /// <summary>Output projection, or null.</summary>
    public Linear? Output { get; }
    readonly Dropout dropout;
    readonly AttentionScoring scoring;

    /// <summary>Projections C → C with the given names, probability dropout and scoring convention.</summary>
    public MultiHeadSelfAttention(int hidden, int heads, double attentionDropout, Initializer init, AttentionNames names,
        AttentionScoring scoring = AttentionScoring.ScaleScoresAddMask)
    {
        if (heads <= 0 || hidden % heads != 0) throw new ArgumentException($"hidden size {hidden} is not a multiple of {heads} attention heads");
        Heads = heads;
        this.scoring = scoring;
        Query = AddModule(names.Query, new Linear(hidden, hidden, init));
        Key = AddModule(names.Key, new Linear(hidden, hidden, init));
        Value = AddModule(names.Value, new Linear(hidden, hidden, init));
        dropout = AddModule("dropout", new Dropout(attentionDropout));
        if (names.Output != null) Output = AddModule(names.Output, new Linear(hidden, hidden, init));
    }

    /// <summary>x [B, T, C] → (context [B, T, C] (projected when Output exists), probabilities [B, H, T, T]).</summary>
    public (Tensor<float> Context, Tensor<float> Probabilities) Forward(Tensor<float> x, AttentionMask? mask)
    {
        var (context, probs) = ScaledDotProductAttention.Forward(Query.Forward(x), Key.Forward(x), Value.Forward(x), Heads, mask, scoring, dropout);
        return (Output == null ? context : Output.Forward(context), probs);
    }
}
