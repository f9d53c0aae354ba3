// A padded batch of token ids as a Hugging Face model receives it: input_ids, attention_mask, token_type_ids.
using NluSharp.Engine;

namespace NluSharp.Models;

/// <summary>
/// Model inputs: ids [B, T] ([B, choices, T] for multiple choice), an optional 0/1 attention mask of the same shape
/// (absent = attend everywhere) and optional token type ids (absent = all 0).
/// </summary>
public sealed record EncoderInput(Tensor<int> InputIds, Tensor<int>? AttentionMask = null, Tensor<int>? TokenTypeIds = null)
{
    /// <summary>Builds a batch from equal-length rows.</summary>
    public static EncoderInput FromRows(int[][] inputIds, int[][]? attentionMask = null, int[][]? tokenTypeIds = null)
    {
        int B = inputIds.Length, T = B == 0 ? 0 : inputIds[0].Length;
        static Tensor<int> Make(int[][] rows, int B, int T, string field)
        {
            if (rows.Length != B) throw new ArgumentException($"{field} has {rows.Length} rows, input_ids has {B}");
            for (int b = 0; b < B; b++)
                if (rows[b].Length != T) throw new ArgumentException($"{field}[{b}] has {rows[b].Length} entries, expected {T} (rows must be padded to one length)");
            return Tensor<int>.FromArray(rows.SelectMany(r => r).ToArray(), B, T);
        }
        return new EncoderInput(Make(inputIds, B, T, "input_ids"),
            attentionMask == null ? null : Make(attentionMask, B, T, "attention_mask"),
            tokenTypeIds == null ? null : Make(tokenTypeIds, B, T, "token_type_ids"));
    }

    /// <summary>Checks that mask and type ids match the ids' shape; names the field otherwise.</summary>
    public void Validate()
    {
        foreach (var (name, t) in new[] { ("attention_mask", AttentionMask), ("token_type_ids", TokenTypeIds) })
            if (t != null && !t.Shape.SequenceEqual(InputIds.Shape))
                throw new ArgumentException($"{name} has shape [{string.Join(", ", t.Shape.ToArray())}], input_ids has [{string.Join(", ", InputIds.Shape.ToArray())}]");
    }

    /// <summary>[B, choices, T] inputs flattened to [B·choices, T] (multiple choice).</summary>
    public EncoderInput FlattenChoices()
    {
        if (InputIds.Rank != 3) throw new ArgumentException($"multiple-choice input_ids must be [batch, choices, length], got rank {InputIds.Rank}");
        int T = InputIds.Size(2);
        return new EncoderInput(InputIds.Reshape(-1, T), AttentionMask?.Reshape(-1, T), TokenTypeIds?.Reshape(-1, T));
    }
}
