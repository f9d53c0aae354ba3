// Collates examples into a Batch padded to the longest sequence in the batch (HF DataCollatorWithPadding, padding
// "longest"), optionally rounded up to a multiple (pad_to_multiple_of).
using NluSharp.Engine;

namespace NluSharp.Training.Data;

/// <summary>Pads a list of examples to a common length.</summary>
/// <param name="PadId">Id written into padding positions (the tokenizer's pad token).</param>
/// <param name="PadToMultipleOf">Round the padded length up to a multiple of this (1 = no rounding).</param>
public sealed record DynamicPadding(int PadId = 0, int PadToMultipleOf = 1)
{
    /// <summary>Builds the batch of <paramref name="indices"/> from <paramref name="examples"/>.</summary>
    public Batch Collate(IReadOnlyList<TrainingExample> examples, IReadOnlyList<int> indices)
    {
        if (indices.Count == 0) throw new ArgumentException("cannot collate an empty batch", nameof(indices));
        if (PadToMultipleOf < 1) throw new ArgumentOutOfRangeException(nameof(PadToMultipleOf), PadToMultipleOf, "must be >= 1");
        var rows = indices.Select(i => examples[i]).ToList();
        int B = rows.Count;
        int T = rows.Max(r => r.Length);
        if (T == 0) throw new InvalidDataException($"example {indices[rows.FindIndex(r => r.Length == 0)]} has no tokens");
        T = (T + PadToMultipleOf - 1) / PadToMultipleOf * PadToMultipleOf;
        bool hasTypes = rows[0].TokenTypeIds != null;
        bool classification = rows[0].Targets == null;
        int K = rows[0].Targets?.Length ?? 0;
        var ids = new int[B * T]; var mask = new int[B * T]; var types = hasTypes ? new int[B * T] : null;
        var labels = classification ? new int[B] : null; var targets = classification ? null : new float[B * K];
        int real = 0;
        for (int b = 0; b < B; b++)
        {
            var r = rows[b];
            if ((r.TokenTypeIds != null) != hasTypes || (r.Targets == null) != classification || (r.Targets?.Length ?? 0) != K)
                throw new InvalidDataException($"example {indices[b]} differs in kind from example {indices[0]} (token types / target kind / target count); a batch must be homogeneous");
            if (r.TokenTypeIds != null && r.TokenTypeIds.Length != r.Length)
                throw new InvalidDataException($"example {indices[b]} has {r.TokenTypeIds.Length} token type ids for {r.Length} tokens");
            ids.AsSpan(b * T, T).Fill(PadId);
            r.InputIds.CopyTo(ids, b * T);
            mask.AsSpan(b * T, r.Length).Fill(1);
            r.TokenTypeIds?.CopyTo(types!, b * T);
            real += r.Length;
            if (classification) labels![b] = r.Label;
            else r.Targets!.CopyTo(targets!, b * K);
        }
        return new Batch
        {
            InputIds = Tensor<int>.FromArray(ids, B, T),
            AttentionMask = Tensor<int>.FromArray(mask, B, T),
            TokenTypeIds = types == null ? null : Tensor<int>.FromArray(types, B, T),
            Labels = labels == null ? null : Tensor<int>.FromArray(labels, B),
            Targets = targets == null ? null : Tensor<float>.FromArray(targets, B, K),
            ExampleIndices = indices.ToArray(),
            RealTokens = real,
            Weights = rows.All(r => r.Weight == 1f) ? null : Tensor<float>.FromArray(rows.Select(r => r.Weight).ToArray(), B),
        };
    }
}
