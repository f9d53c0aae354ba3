// Copies checkpoint tensors into a model's parameters by Hugging Face key, as modeling_utils._load_pretrained_model:
// old LayerNorm.gamma/beta names are renamed, the persistent position_ids buffer of old checkpoints is ignored, a head
// model accepts a bare base-model checkpoint (keys without "bert.") and a base model a prefixed one, tied aliases may
// be absent, and any shape mismatch fails with every offending key listed. F16/BF16/F64 weights are widened/rounded to F32.
using NluSharp.Checkpoints;
using NluSharp.Checkpoints.Tensors;
using NluSharp.Engine;
using NluSharp.Nn;

namespace NluSharp.Models;

/// <summary>Loads named tensors into a module.</summary>
public static class StateDictLoader
{
    /// <summary>Loads a checkpoint into a task model.</summary>
    public static LoadReport Load(TaskModel model, Checkpoint checkpoint) =>
        Load(model, checkpoint.Tensors, model.BaseModelPrefix, model.TiedKeys, checkpoint.Path, model.HfClassName);

    /// <summary>
    /// Loads <paramref name="tensors"/> into <paramref name="model"/>'s parameters.
    /// <paramref name="basePrefix"/> is the base-model prefix ("bert"), used to match prefixed and bare keys;
    /// <paramref name="tiedKeys"/> maps alias keys (which a checkpoint may omit) to their source.
    /// </summary>
    /// <exception cref="InvalidDataException">A tensor's shape or dtype does not fit its parameter (all such keys are listed).</exception>
    public static LoadReport Load(Module model, IEnumerable<CheckpointTensor> tensors, string basePrefix,
        IReadOnlyDictionary<string, string> tiedKeys, string source, string modelClass)
    {
        var expected = model.NamedParameters().ToDictionary(p => p.Name, p => p.Parameter, StringComparer.Ordinal);
        string prefix = basePrefix + ".";
        var loaded = tensors.Select(t => (Key: HfKeyConventions.Normalize(t.Name), Tensor: t))
            .Where(t => !HfKeyConventions.IsIgnoredBuffer(t.Key)).ToList();
        bool expectsPrefix = expected.Keys.Any(k => k.StartsWith(prefix, StringComparison.Ordinal));
        bool hasPrefix = loaded.Any(t => t.Key.StartsWith(prefix, StringComparison.Ordinal));

        // Map checkpoint keys onto model keys: a head model loading a bare base checkpoint gains the prefix,
        // a base model loading a head checkpoint drops it (its other keys stay unexpected).
        string ToModelKey(string key)
        {
            if (expectsPrefix && !hasPrefix && expected.ContainsKey(prefix + key)) return prefix + key;
            if (!expectsPrefix && hasPrefix && key.StartsWith(prefix, StringComparison.Ordinal)) return key[prefix.Length..];
            return key;
        }

        var byModelKey = new Dictionary<string, CheckpointTensor>(StringComparer.Ordinal);
        var unexpected = new List<string>();
        foreach (var (key, tensor) in loaded)
        {
            var modelKey = ToModelKey(key);
            if (!expected.ContainsKey(modelKey)) unexpected.Add(key);
            else if (!byModelKey.TryAdd(modelKey, tensor))
                throw new InvalidDataException($"{source}: two checkpoint tensors map to the model key '{modelKey}' (one is '{key}')");
        }

        var mismatches = new List<string>();
        foreach (var (modelKey, tensor) in byModelKey)
        {
            var parameter = expected[modelKey];
            var shape = parameter.Shape.ToArray();
            if (!tensor.Shape.Select(d => (int)d).SequenceEqual(shape))
                mismatches.Add($"size mismatch for {modelKey}: copying a param with shape {tensor.ShapeText} from checkpoint, the shape in current model is [{string.Join(", ", shape)}]");
            else if (!tensor.DType.IsFloatingPoint())
                mismatches.Add($"dtype mismatch for {modelKey}: the checkpoint stores {tensor.DType}, expected a floating-point tensor");
        }
        if (mismatches.Count > 0)
            throw new InvalidDataException($"{source}: error(s) in loading state_dict for {modelClass}:\n\t" + string.Join("\n\t", mismatches));

        // Copy. A tied alias present in the checkpoint (.bin files keep them) is copied first so that its source, if
        // also present, has the final word — the values are identical in a well-formed checkpoint.
        foreach (var (modelKey, tensor) in byModelKey.OrderBy(kv => tiedKeys.ContainsKey(kv.Key) ? 0 : 1))
            tensor.ToFloat32().AsSpan().CopyTo(expected[modelKey].AsSpan());

        var missing = expected.Keys.Where(k => !byModelKey.ContainsKey(k))
            .Where(k => !(tiedKeys.TryGetValue(k, out var src) && byModelKey.ContainsKey(src)))
            .ToList();
        return new LoadReport(source, modelClass, missing, unexpected);
    }
}
