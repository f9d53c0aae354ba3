// Hugging Face class name → constructor, for building the model a config.json's "architectures" names.
using NluSharp.Checkpoints.Configs;

namespace NluSharp.Models;

/// <summary>Creates task models by their Hugging Face class name.</summary>
public static class ModelRegistry
{
    static T As<T>(ModelConfig c) where T : ModelConfig =>
        c as T ?? throw new ArgumentException($"{c.SourcePath}: model_type \"{c.ModelType}\" does not match the requested {typeof(T).Name.Replace("Config", "")} class");

    static readonly Dictionary<string, Func<ModelConfig, int, TaskModel>> Constructors = new(StringComparer.Ordinal)
    {
        ["BertForSequenceClassification"] = (c, s) => new BertForSequenceClassification(As<BertConfig>(c), s),
        ["BertForTokenClassification"] = (c, s) => new BertForTokenClassification(As<BertConfig>(c), s),
        ["BertForQuestionAnswering"] = (c, s) => new BertForQuestionAnswering(As<BertConfig>(c), s),
        ["BertForMultipleChoice"] = (c, s) => new BertForMultipleChoice(As<BertConfig>(c), s),
        ["BertForMaskedLM"] = (c, s) => new BertForMaskedLM(As<BertConfig>(c), s),
    };

    /// <summary>The class names that can be built.</summary>
    public static IEnumerable<string> ClassNames => Constructors.Keys;

    /// <summary>Builds <paramref name="className"/> for <paramref name="config"/>, freshly initialized with <paramref name="seed"/>.</summary>
    public static TaskModel Create(string className, ModelConfig config, int seed = 0) =>
        Constructors.TryGetValue(className, out var create) ? create(config, seed)
            : throw new ArgumentException($"{config.SourcePath}: model class \"{className}\" is not supported; supported: {string.Join(", ", Constructors.Keys)}");
}
