// One already tokenized example (ids and optional mask/type ids), for models without tokenizer files.
namespace NluSharp.Models;

/// <summary>Token ids of one example; a missing mask means all 1, missing type ids all 0.</summary>
public sealed record TokenizedInput(int[] InputIds, int[]? AttentionMask = null, int[]? TokenTypeIds = null);
