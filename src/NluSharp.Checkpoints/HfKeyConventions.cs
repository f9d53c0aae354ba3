// Old Hugging Face hub checkpoints name LayerNorm parameters gamma/beta (TensorFlow heritage) and carry a persistent
// `position_ids` buffer; transformers renames the former and ignores the latter on load
// (modeling_utils.py `_fix_state_dict_key_on_load`, and `_keys_to_ignore_on_load_unexpected` for position_ids).
namespace NluSharp.Checkpoints;

/// <summary>Key renames transformers applies when loading old checkpoints.</summary>
public static class HfKeyConventions
{
    /// <summary>"….LayerNorm.gamma" → "….LayerNorm.weight", "….LayerNorm.beta" → "….LayerNorm.bias"; other keys unchanged.</summary>
    public static string Normalize(string key)
    {
        if (key.EndsWith("LayerNorm.gamma", StringComparison.Ordinal)) return key[..^"gamma".Length] + "weight";
        if (key.EndsWith("LayerNorm.beta", StringComparison.Ordinal)) return key[..^"beta".Length] + "bias";
        return key;
    }

    /// <summary>True for buffers old checkpoints saved that current models recompute (embeddings.position_ids).</summary>
    public static bool IsIgnoredBuffer(string key) => key.EndsWith("embeddings.position_ids", StringComparison.Ordinal);
}
