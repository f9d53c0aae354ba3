// Changes to a loaded config that must keep related fields consistent, as transformers' PretrainedConfig does
// (setting num_labels rebuilds id2label/label2id as LABEL_0 … LABEL_{n-1}).
using System.Text.Json.Nodes;
using NluSharp.Checkpoints.Configs;

namespace NluSharp.Models;

/// <summary>Applies config overrides such as {"num_labels": 5, "problem_type": "regression"}.</summary>
public static class ConfigOverrides
{
    /// <summary>A copy of <paramref name="config"/> with every field of <paramref name="overrides"/> set.</summary>
    public static ModelConfig Apply(ModelConfig config, JsonObject overrides)
    {
        var fields = (JsonObject)config.Fields.DeepClone();
        foreach (var (key, value) in overrides)
        {
            if (key == "num_labels")
            {
                int n = value!.GetValue<int>();
                if (n < 1) throw new ArgumentException($"num_labels must be at least 1, got {n}");
                SetLabels(fields, Enumerable.Range(0, n).Select(i => $"LABEL_{i}").ToArray());
            }
            else fields[key] = value?.DeepClone();
        }
        return ModelConfig.Parse(System.Text.Encoding.UTF8.GetBytes(fields.ToJsonString()), config.SourcePath);
    }

    /// <summary>A copy with the given label names (id2label, label2id, num_labels).</summary>
    public static ModelConfig WithLabels(ModelConfig config, IReadOnlyList<string> labels)
    {
        var fields = (JsonObject)config.Fields.DeepClone();
        SetLabels(fields, labels);
        return ModelConfig.Parse(System.Text.Encoding.UTF8.GetBytes(fields.ToJsonString()), config.SourcePath);
    }

    static void SetLabels(JsonObject fields, IReadOnlyList<string> labels)
    {
        var id2label = new JsonObject();
        var label2id = new JsonObject();
        for (int i = 0; i < labels.Count; i++) { id2label[i.ToString(System.Globalization.CultureInfo.InvariantCulture)] = labels[i]; label2id[labels[i]] = i; }
        fields["id2label"] = id2label;
        fields["label2id"] = label2id;
        fields.Remove("num_labels");
    }
}
